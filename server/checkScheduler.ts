/**
 * When open documents are checked: a few milliseconds after the last change, so a burst of
 * edits is checked once, at its last version, and a steady stream at least every `maxWaitMs`.
 * Checks wait for the site to be loaded.
 */
export class CheckScheduler {
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private firstPendingAt: number | undefined;

  constructor(
    private readonly check: (uris: string[]) => void,
    private readonly whenReady: () => Promise<void>,
    private readonly delayMs = 8,
    private readonly maxWaitMs = 100,
  ) {}

  schedule(uri: string): void {
    this.pending.add(uri);
    const now = Date.now();
    this.firstPendingAt ??= now;
    if (this.timer) clearTimeout(this.timer);
    const delay = now - this.firstPendingAt >= this.maxWaitMs ? 0 : this.delayMs;
    this.timer = setTimeout(() => void this.whenReady().then(() => this.flush()), delay);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.firstPendingAt = undefined;
    const uris = [...this.pending];
    this.pending.clear();
    this.check(uris);
  }
}

import * as path from 'path';
import { Worker } from 'worker_threads';
import type { Workspace } from './core/workspace';
import { DiskWorkspace } from './diskWorkspace';

/**
 * Which pages to read, in order, and which of them the listing saw as plain files. `progress`
 * is shared with the parser: [0] counts the batches it has taken, [1] is set when it stops.
 */
export interface ReaderPlan {
  contentRoot: string;
  pagePaths: string[];
  plainFiles: string[];
  progress: Int32Array;
}

/** Pages read, in the plan's order: a text, or null for one that could not be read; and what reading them noticed. */
export interface ReadBatch {
  /** Index in the plan of the batch's first page. */
  first: number;
  texts: (string | null)[];
  notices: string[];
}

/** Where in `ReaderPlan.progress` the parser counts the batches it took, and says it stopped. */
export const TAKEN = 0;
export const STOPPED = 1;

/** Pages a batch holds: enough that messages cost little, few enough that the first comes soon. */
const BATCH_PAGES = 16;
/** Batches read ahead of the parser: enough that it seldom waits, few enough that few texts wait in its heap. */
const BATCHES_AHEAD = 4;

/** The reader thread's script, bundled on its own so that the thread starts in a few milliseconds. */
const READER_SCRIPT = path.join(__dirname, 'reader.js');

/**
 * A site's pages read in a thread of their own, ahead of the parser, when a check or the
 * server loads them all: the thread that parses spends no time in file reads or UTF-8
 * decoding, about a tenth of the work. The thread starts at once, while the site is listed;
 * `readAhead` then tells it which pages to read. It reads them with the same `DiskWorkspace`
 * rules (symlinks, size limit, binary files, notices) and hands them over in that order; an
 * editor's unsaved text still wins. A page asked for out of that order, or once the thread
 * has failed or stopped, is read in this thread instead: loading never depends on it.
 */
export class PageReader implements Workspace {
  private readonly worker: Worker;
  private readonly batches: ReadBatch[] = [];
  /** Shared with the thread: how many batches were taken, and whether to stop (see `ReaderPlan`). */
  private readonly progress = new Int32Array(new SharedArrayBuffer(8));
  private waiting: (() => void) | undefined;
  /** Whether the thread has ended (done, failed or stopped): then pages not handed over are read here. */
  private ended = false;
  private pagePaths: string[] = [];
  private disk: DiskWorkspace | undefined;
  private notice: (message: string) => void = () => undefined;
  /** Index in `pagePaths` of the next page to hand over. */
  private next = 0;

  constructor(script = READER_SCRIPT) {
    this.worker = new Worker(script);
    this.worker.on('message', (batch: ReadBatch) => {
      for (const message of batch.notices) this.notice(message);
      this.batches.push(batch);
      this.wake();
    });
    const end = () => {
      this.ended = true;
      this.wake();
    };
    this.worker.on('error', end);
    this.worker.on('exit', end);
  }

  /** Starts reading these pages of `disk`, in this order; the thread takes over what its listing knows. */
  readAhead(disk: DiskWorkspace, pagePaths: string[], notice: (message: string) => void): void {
    this.disk = disk;
    this.pagePaths = pagePaths;
    this.notice = notice;
    const plan: ReaderPlan = { contentRoot: disk.root, pagePaths, plainFiles: disk.handOverListing(), progress: this.progress };
    this.worker.postMessage(plan);
  }

  async listPages(): Promise<string[]> {
    return this.pagePaths;
  }

  async readPage(pagePath: string): Promise<string | undefined> {
    const disk = this.disk;
    if (disk === undefined) return undefined;
    const index = this.next;
    if (this.pagePaths[index] !== pagePath) return disk.readPage(pagePath);
    this.next++;
    // An editor's unsaved text wins over what the thread read from the disk.
    const open = disk.openText(pagePath);
    if (open !== undefined) return open;
    for (;;) {
      const batch = this.batches[0];
      if (batch !== undefined && batch.first + batch.texts.length <= index) {
        // Pages this thread read itself while the batch was on its way.
        this.takeFirstBatch();
        continue;
      }
      if (batch !== undefined && batch.first <= index) {
        const text = batch.texts[index - batch.first];
        if (index === batch.first + batch.texts.length - 1) this.takeFirstBatch();
        return text ?? undefined;
      }
      if (this.ended) return disk.readPage(pagePath);
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }

  /** Stops the thread; pages not handed over yet are read in this thread if asked for. */
  stop(): void {
    this.ended = true;
    Atomics.store(this.progress, STOPPED, 1);
    Atomics.notify(this.progress, TAKEN);
    void this.worker.terminate();
  }

  /** Done with the first batch: the thread may read another. */
  private takeFirstBatch(): void {
    this.batches.shift();
    Atomics.add(this.progress, TAKEN, 1);
    Atomics.notify(this.progress, TAKEN);
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }
}

/**
 * Reads the plan's pages a batch at a time, never more than `BATCHES_AHEAD` batches past
 * those the parser has taken: it sleeps on the shared counter until the parser takes one.
 */
export async function readAll(plan: ReaderPlan, send: (batch: ReadBatch) => void): Promise<void> {
  let notices: string[] = [];
  const disk = new DiskWorkspace(plan.contentRoot, undefined, (notice) => notices.push(notice));
  disk.trustListing(plan.plainFiles);
  const progress = plan.progress;
  let sent = 0;
  for (let next = 0; next < plan.pagePaths.length; sent++) {
    for (let taken = Atomics.load(progress, TAKEN); sent - taken >= BATCHES_AHEAD; taken = Atomics.load(progress, TAKEN)) {
      if (Atomics.load(progress, STOPPED)) return;
      Atomics.wait(progress, TAKEN, taken);
    }
    if (Atomics.load(progress, STOPPED)) return;
    const first = next;
    const texts: (string | null)[] = [];
    for (const end = Math.min(next + BATCH_PAGES, plan.pagePaths.length); next < end; next++) {
      texts.push((await disk.readPage(plan.pagePaths[next])) ?? null);
    }
    send({ first, texts, notices });
    notices = [];
  }
}

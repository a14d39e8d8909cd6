/**
 * The one seam through which the core sees files. Paths are POSIX-style and relative to the
 * content root (`handbook/company/values.md`). The server implements it over the disk and
 * the editor's open buffers, the CLI over the disk, tests in memory.
 */
export interface Workspace {
  /** Every Markdown or MDX page under the content root. */
  listPages(): Promise<string[]>;
  /** The page's text (an open editor's unsaved text wins), or undefined when it cannot be read. */
  readPage(path: string): Promise<string | undefined>;
  /** Every other file under the content root (images, PDFs): what links to files are checked against. */
  listFiles(): Promise<string[]>;
}

/** A workspace held in memory: for tests, and for text that never touched a disk. */
export class InMemoryWorkspace implements Workspace {
  private readonly files: Map<string, string>;

  constructor(files: Record<string, string> | Map<string, string>) {
    this.files = files instanceof Map ? new Map(files) : new Map(Object.entries(files));
  }

  async listPages(): Promise<string[]> {
    return [...this.files.keys()].filter(isPagePath);
  }

  async readPage(path: string): Promise<string | undefined> {
    return this.files.get(path);
  }

  async listFiles(): Promise<string[]> {
    return [...this.files.keys()].filter((path) => !isPagePath(path));
  }
}

/** Whether a file is one the site compiles into a page (`.md` and `.mdx`, both MDX v1). */
export function isPagePath(path: string): boolean {
  return path.endsWith('.md') || path.endsWith('.mdx');
}

import { closeSync, constants, fstatSync, openSync, readdirSync, readlinkSync, readSync, realpathSync } from 'fs';
import * as path from 'path';
import { isPagePath, type Workspace } from './core/workspace';

/** Pages larger than this are skipped with a notice: no handbook page is anywhere near it. */
export const MAX_PAGE_BYTES = 16 * 1024 * 1024;

/** Folders that never hold handbook pages and can hold very many files. */
const SKIPPED_FOLDERS = new Set(['node_modules']);

/**
 * The content folder on disk. Open editors' unsaved text (through `overlay`) wins over the
 * disk. Hidden folders, `node_modules` and symlinked folders (which can loop) are not walked.
 */
export class DiskWorkspace implements Workspace {
  private realRoot: string | undefined;
  private reads = 0;
  /** Whether the root is written as path.join would write it, so page paths can be appended to it as they are. */
  private readonly rootIsNormal: boolean;

  constructor(
    readonly root: string,
    private readonly overlay: (absolutePath: string) => string | undefined = () => undefined,
    private readonly notice: (message: string) => void = () => undefined,
  ) {
    this.rootIsNormal = path.normalize(root) === root;
  }

  /** The files the last walk found that are not pages. */
  private otherFiles: string[] | undefined;

  async listFiles(): Promise<string[]> {
    if (!this.otherFiles) await this.listPages();
    return this.otherFiles ?? [];
  }

  async listPages(): Promise<string[]> {
    const pages: string[] = [];
    const others: string[] = [];
    const pending = [''];
    let folders = 0;
    while (pending.length > 0) {
      const folder = pending.pop()!;
      // Synchronous, like the reads, with a turn for the event loop every so often.
      if (++folders % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
      let entries;
      try {
        entries = readdirSync(path.join(this.root, folder), { withFileTypes: true });
      } catch (error) {
        this.notice(`Skipped folder ${path.join(this.root, folder)}: ${(error as Error).message}`);
        continue;
      }
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue;
        const relative = folder === '' ? entry.name : `${folder}/${entry.name}`;
        if (entry.isDirectory()) {
          if (!SKIPPED_FOLDERS.has(entry.name)) pending.push(relative);
        } else if (entry.isFile() || entry.isSymbolicLink()) {
          (isPagePath(entry.name) ? pages : others).push(relative);
        }
      }
    }
    this.otherFiles = others.sort();
    return pages.sort();
  }

  async readPage(relative: string): Promise<string | undefined> {
    const absolute = this.absolutePath(relative);
    const open = this.overlay(absolute);
    if (open !== undefined) return open;
    // Reads are synchronous: for many small files they cost a fraction of promise-based ones.
    // Every so often the event loop gets a turn, so a server stays responsive while indexing.
    if (++this.reads % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
    const read = readFileInside(absolute, (this.realRoot ??= realpathSync(this.root)), MAX_PAGE_BYTES, 'the content folder');
    if ('problem' in read) {
      this.notice(`Skipped ${absolute}: ${read.problem}`);
      return undefined;
    }
    return decodePage(read.bytes, absolute, this.notice);
  }

  /** An open editor's unsaved text of the page, which wins over the disk; undefined when none is open. */
  openText(relative: string): string | undefined {
    return this.overlay(this.absolutePath(relative));
  }

  absolutePath(relative: string): string {
    // Page paths come from listings: plain names joined by `/`, nothing to normalize. Joining
    // them by hand saves path.join's work on every read of a large site.
    if (this.rootIsNormal && path.sep === '/' && !relative.includes('/.') && !relative.startsWith('.') && !relative.includes('//')) {
      return this.root.endsWith('/') ? this.root + relative : `${this.root}/${relative}`;
    }
    return path.join(this.root, ...relative.split('/'));
  }

  /** The page path of a file, or undefined when the file is not a page inside this folder. */
  relativePath(absolute: string): string | undefined {
    const page = this.pathInside(absolute);
    return page !== undefined && isPagePath(page) ? page : undefined;
  }

  /** A file's or folder's path relative to the root, `/`-separated, if it is inside. */
  pathInside(absolute: string): string | undefined {
    const relative = path.relative(this.root, absolute);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
    return relative.split(path.sep).join('/');
  }
}

/**
 * A file's bytes, read only if, on this read, it is a regular file (a FIFO or a device would
 * block or never end) of at most `maxBytes`, whose real path is inside `realRoot` (`where`
 * names it in the reason): checked on the open file, so no folder on its way swapped for a
 * symlink since it was listed can lead out. A symlink is followed only to a file inside.
 */
export function readFileInside(file: string, realRoot: string, maxBytes: number, where: string): { bytes: Buffer } | { problem: string } {
  const inside = (real: string) => real === realRoot || real.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep);
  let real = file;
  for (let attempt = 0; ; attempt++) {
    let descriptor: number;
    try {
      // Not following a symlink, and not waiting for a writer if it is a FIFO.
      descriptor = openSync(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOOP' || attempt > 0) return { problem: (error as Error).message };
      // A symlink (O_NOFOLLOW refused it): read where it leads, if that is inside.
      try {
        real = realpathSync(file);
      } catch (resolveError) {
        return { problem: (resolveError as Error).message };
      }
      if (!inside(real)) return { problem: `it links to ${real}, outside ${where}` };
      continue;
    }
    try {
      const stat = fstatSync(descriptor);
      if (!stat.isFile()) return { problem: 'not a regular file' };
      if (stat.size > maxBytes) return { problem: `${stat.size} bytes is over the ${maxBytes}-byte limit` };
      const opened = openedPath(descriptor, real);
      if (!inside(opened)) return { problem: `it is ${opened}, outside ${where}` };
      const bytes = Buffer.allocUnsafe(stat.size);
      let filled = 0;
      while (filled < bytes.length) {
        const read = readSync(descriptor, bytes, filled, bytes.length - filled, filled);
        if (read === 0) break;
        filled += read;
      }
      return { bytes: bytes.subarray(0, filled) };
    } finally {
      closeSync(descriptor);
    }
  }
}

/** Where an open file really is: what Linux says of its descriptor, else its path resolved again. */
function openedPath(descriptor: number, opened: string): string {
  try {
    return readlinkSync(`/proc/self/fd/${descriptor}`);
  } catch {
    return realpathSync(opened);
  }
}

/**
 * Text as an editor would show it. A file is binary, not a page, when its first 8 KB hold
 * NUL bytes and control bytes (not tabs or line breaks) are more than a tenth of them; a
 * stray NUL in a text page does not make it binary. Invalid UTF-8 becomes U+FFFD; a BOM is
 * dropped.
 */
export function decodePage(bytes: Buffer, name: string, notice: (message: string) => void): string | undefined {
  const head = bytes.subarray(0, 8192);
  // Binary files hold NUL bytes; only then is the slower count worth making.
  let control = 0;
  if (head.includes(0)) for (const byte of head) if (byte < 9 || (byte > 13 && byte < 32 && byte !== 27)) control++;
  if (head.length > 0 && control / head.length > 0.1) {
    notice(`Skipped ${name}: it looks binary (${control} control bytes in its first ${head.length}), not like a Markdown page`);
    return undefined;
  }
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

import { closestMatch } from './suggest';

/** A last segment with an extension that has a letter in it: `logo.png`, `guide.pdf`; not `v1.2`. */
const FILE_EXTENSION = /\.(?=[0-9]*[A-Za-z])[A-Za-z0-9]{1,8}$/;
/** Extensions that name pages, not files: checked as pages. */
const PAGE_EXTENSION = /\.(?:mdx?|html?)$/i;

/** Files compared with a missing one, at most this many of each kind: a folder can hold any number. */
const MAX_COMPARED_FILES = 1000;

/** Whether a URL path names a file the site serves as it is (an image, a PDF), not a page. */
export function namesFile(urlPath: string): boolean {
  const last = urlPath.slice(urlPath.lastIndexOf('/') + 1);
  return FILE_EXTENSION.test(last) && !PAGE_EXTENSION.test(last);
}

/**
 * The files a site serves besides its pages: those in its content folder (linked relative to
 * the page's file, as generators copy them) and in its static folders (served from the site
 * root). Where the repository holds none with an extension (a checkout without its images),
 * nothing is known and no link to a file is judged.
 */
export class ServedFiles {
  private content = new Set<string>();
  private staticUrls = new Set<string>();
  /** Top folders (first URL segments) that hold files: a link into another is not judged. */
  private topFolders = new Set<string>();
  /** Served files by lower-cased name and by folder (`/a/b/`), built when a suggestion is first wanted. */
  private byName: Map<string, string[]> | undefined;
  private byFolder = new Map<string, string[]>();
  known = false;

  /** Sets the files of the content folder, relative to it. */
  setContentFiles(files: Iterable<string>): void {
    this.content = new Set(files);
    this.reindex();
  }

  /** Sets the files of the static folders, as the URL paths they are served at. */
  setStaticFiles(urls: Iterable<string>): void {
    this.staticUrls = new Set(urls);
    this.reindex();
  }

  private reindex(): void {
    this.topFolders = new Set();
    this.byName = undefined;
    this.byFolder = new Map();
    this.known = false;
    for (const file of this.content) this.note('/' + file);
    for (const url of this.staticUrls) this.note(url);
  }

  private note(url: string): void {
    if (namesFile(url)) this.known = true;
    const slash = url.indexOf('/', 1);
    this.topFolders.add(slash === -1 ? '' : url.slice(1, slash));
  }

  /** Whether a file of the content folder is there (relative to the content root). */
  hasContentFile(path: string): boolean {
    return this.content.has(path);
  }

  /** Whether a site URL path is a file the site serves: from a static folder, or the content folder. */
  servesUrl(url: string): boolean {
    return this.staticUrls.has(url) || this.content.has(url.slice(1));
  }

  /** Whether files are known in the top folder a URL is in: where none are, a link there is not judged. */
  knowsFolderOf(url: string): boolean {
    const slash = url.indexOf('/', 1);
    return this.topFolders.has(slash === -1 ? '' : url.slice(1, slash));
  }

  /**
   * The served file nearest a missing one, for "did you mean": among those of the same name
   * (a file that moved) and those in its folder (a typo), as a content path or a URL path
   * (whichever `asUrl` asks for).
   */
  closest(missing: string, asUrl: boolean): string | undefined {
    if (!this.byName) {
      const byName = new Map<string, string[]>();
      const byFolder = new Map<string, string[]>();
      const add = (map: Map<string, string[]>, at: string, key: string) => {
        const list = map.get(at);
        if (list) list.push(key);
        else map.set(at, [key]);
      };
      for (const key of [...[...this.content].map((file) => '/' + file), ...this.staticUrls]) {
        const slash = key.lastIndexOf('/');
        add(byName, key.slice(slash + 1).toLowerCase(), key);
        add(byFolder, key.slice(0, slash + 1), key);
      }
      this.byName = byName;
      this.byFolder = byFolder;
    }
    const key = asUrl ? missing : '/' + missing;
    const slash = key.lastIndexOf('/');
    const sameName = (this.byName.get(key.slice(slash + 1).toLowerCase()) ?? []).slice(0, MAX_COMPARED_FILES);
    const sameFolder = (this.byFolder.get(key.slice(0, slash + 1)) ?? []).slice(0, MAX_COMPARED_FILES);
    const candidates = new Set([...sameName, ...sameFolder]);
    // A content file is linked by its path, relative to the page: only those are candidates then.
    const usable = asUrl ? candidates : new Set([...candidates].filter((candidate) => this.content.has(candidate.slice(1))));
    const found = closestMatch(key, usable);
    return found === undefined ? undefined : asUrl ? found : found.slice(1);
  }
}

import { isOtherSite, readLinkTarget, type LinkTarget } from './linkTarget';
import { keptOutline, parsePage, type Anchor, type PageOutline, type ParsedPage } from './page';
import { Redirects, type Landing, type RedirectRule } from './redirects';
import { ServedFiles } from './servedFiles';
import type { SiteSettings } from './settings';
import { closestMatch } from './suggest';
import { firstSegment, normalizeUrlPath, parentUrl } from './sitePath';
import { DEFAULT_URL_RULES, frontMatterSlug, pageUrlOf, servingRank, type UrlRules } from './urlRules';
import { detach } from './text';
import type { Workspace } from './workspace';
import { siteValuesOf, type SiteValues } from './values';

export type Layer = 'workspace' | 'bundled';

/** A page of the site as the index knows it: where it is, and its outline. Its text is read through `SiteIndex.textOf`. */
export interface IndexedPage {
  layer: Layer;
  /** Relative to its layer's content root: `handbook/company/values.md`. */
  path: string;
  url: string;
  outline: PageOutline;
}

/** Text a feature works on: a page of the site, or a file outside it (with no URL or path). */
export interface PageSource {
  parsed: ParsedPage;
  url?: string;
  /** The workspace page path, which the page's relative MDX imports are read from. */
  path?: string;
}

/** What checking a page's links reads of it: a `PageSource` has it, and so does what a check of a whole site keeps of each page. */
export interface LinkSource {
  /** The text only where the values page's own problems are checked: the check of a whole site keeps no other page's. */
  parsed: Pick<ParsedPage, 'outline' | 'links' | 'frontMatter' | 'suppressions' | 'mentions'> & { text?: string };
  url?: string;
  path?: string;
}

/** What a site URL leads to. */
export type Resolution =
  | { kind: 'page'; page: IndexedPage }
  /** Served by the site, but by no Markdown page (a routes file says so). */
  | { kind: 'route' }
  /** Outside the content tree's first segments: the site may serve it; not judged. */
  | { kind: 'unknown' }
  | { kind: 'missing' };

/**
 * Paths the site serves without a Markdown page. A path ending in `/*` covers everything
 * below it. A complete list (a routes file the user gave) means every other site URL that
 * no page serves is missing; an incomplete one leaves URLs outside the content tree unjudged.
 */
export interface RouteList {
  paths: Iterable<string>;
  complete: boolean;
}

/** One entry of a URL folder, for completion. */
export interface FolderEntry {
  segment: string;
  page?: IndexedPage;
  hasChildren: boolean;
}

/** A folder entry as the index keeps it: by URL, so an edited page needs no rebuild. */
interface FolderSlot {
  pageUrl?: string;
  hasChildren: boolean;
}

/** What changed when a page changed: the URLs whose linking pages must be re-checked. */
export interface PageChange {
  affectedUrls: string[];
}

class PageLayer {
  readonly byPath = new Map<string, IndexedPage>();
  readonly byUrl = new Map<string, IndexedPage>();
  /** Paths of the pages that import others (MDX): few, so a change looks through them for its importers. */
  readonly importing = new Set<string>();
  /** Where the layer's pages were read from, and are read again when a feature needs a page's text. */
  workspace: Workspace | undefined;
  routes = new Set<string>();
  /** Folders a `/x/*` route covers, as `/x/`: looked up folder by folder, so any number of them costs the same. */
  routePrefixes = new Set<string>();
  routesComplete = false;
  private folders: Map<string, Map<string, FolderSlot>> | undefined;
  /** Each folder's entry names in order, for finding a name's neighbours in a crowded folder; kept with `folders`. */
  private sortedFolders = new Map<string, string[]>();

  constructor(
    readonly layer: Layer,
    /** How this layer's files map to URLs: the bundled handbook keeps PostHog's. */
    readonly rules: UrlRules,
  ) {}

  set(page: IndexedPage): void {
    const before = this.byPath.get(page.path);
    // A page whose front-matter slug changed leaves its old URL: served by a rival file, or by none.
    if (before && before.url !== page.url) this.delete(page.path);
    const isNew = !this.byPath.has(page.path);
    this.byPath.set(page.path, page);
    if (page.outline.imports.length > 0) this.importing.add(page.path);
    else this.importing.delete(page.path);
    const current = this.byUrl.get(page.url);
    if (!current || current.path === page.path || servingRank(page.path, this.rules) < servingRank(current.path, this.rules)) {
      this.byUrl.set(page.url, page);
    }
    // Folders list URLs, which change when a page comes or goes (or its slug moves it), not when it is edited.
    if (isNew) this.forgetFolders();
  }

  delete(path: string): IndexedPage | undefined {
    const page = this.byPath.get(path);
    if (!page) return undefined;
    this.byPath.delete(path);
    this.importing.delete(path);
    if (this.byUrl.get(page.url)?.path === path) {
      this.byUrl.delete(page.url);
      const rivals = [...this.byPath.values()].filter((other) => other.url === page.url);
      rivals.sort((a, b) => servingRank(a.path, this.rules) - servingRank(b.path, this.rules));
      if (rivals[0]) this.byUrl.set(page.url, rivals[0]);
    }
    this.forgetFolders();
    return page;
  }

  setRoutes(routes: RouteList): void {
    this.routes = new Set();
    this.routePrefixes = new Set();
    for (const route of routes.paths) {
      if (route.endsWith('/*')) this.routePrefixes.add(normalizeUrlPath(route.slice(0, -2)).replace(/\/$/, '') + '/');
      else this.routes.add(normalizeUrlPath(route));
    }
    this.routesComplete = routes.complete;
  }

  servesRoute(url: string): boolean {
    if (this.routes.has(url)) return true;
    if (this.routePrefixes.size === 0) return false;
    // `/x/` covers `/x` and everything below it: try the URL and each folder above it.
    for (let end = url.length; end > 0; end = url.lastIndexOf('/', end - 1)) {
      if (this.routePrefixes.has(url.slice(0, end) + '/')) return true;
    }
    return this.routePrefixes.has('/');
  }

  private forgetFolders(): void {
    this.folders = undefined;
    this.sortedFolders = new Map();
  }

  /**
   * The page URLs of a folder worth comparing with a missing name: all of them in a folder of
   * usual size; in a crowded one, the MAX_COMPARED_ENTRIES names nearest it in sorted order
   * (those that share the most of its start), so the work stays bounded however many there are.
   */
  nearbyPages(folder: string, name: string): string[] {
    const entries = this.folderMap().get(folder);
    if (!entries) return [];
    let names = [...entries.keys()];
    if (entries.size > MAX_COMPARED_ENTRIES) {
      let sorted = this.sortedFolders.get(folder);
      if (!sorted) this.sortedFolders.set(folder, (sorted = names.sort()));
      let low = 0;
      let high = sorted.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (sorted[mid] < name) low = mid + 1;
        else high = mid;
      }
      const from = Math.max(0, Math.min(low - MAX_COMPARED_ENTRIES / 2, sorted.length - MAX_COMPARED_ENTRIES));
      names = sorted.slice(from, from + MAX_COMPARED_ENTRIES);
    }
    const urls: string[] = [];
    for (const segment of names) {
      const pageUrl = entries.get(segment)?.pageUrl;
      if (pageUrl !== undefined) urls.push(pageUrl);
    }
    return urls;
  }

  /** URL folder → its entries, derived from the page URLs and kept until a page comes or goes. */
  folderMap(): Map<string, Map<string, FolderSlot>> {
    if (this.folders) return this.folders;
    const folders = new Map<string, Map<string, FolderSlot>>();
    const slot = (folder: string, segment: string): FolderSlot => {
      let entries = folders.get(folder);
      if (!entries) folders.set(folder, (entries = new Map()));
      let found = entries.get(segment);
      if (!found) entries.set(segment, (found = { hasChildren: false }));
      return found;
    };
    for (const url of this.byUrl.keys()) {
      const segments = url.split('/').slice(1).filter((s) => s !== '');
      let folder = '/';
      segments.forEach((segment, i) => {
        const item = slot(folder, segment);
        if (i === segments.length - 1) item.pageUrl = url;
        else item.hasChildren = true;
        folder = folder === '/' ? '/' + segment : folder + '/' + segment;
      });
    }
    this.folders = folders;
    return folders;
  }
}

/**
 * Every page of the site, parsed once and kept current, with lookups by URL and by path,
 * and who links to which URL. Two layers: the workspace's own pages, and the bundled
 * handbook that answers for every URL the workspace does not define.
 */
export class SiteIndex {
  private readonly workspaceLayer: PageLayer;
  private readonly bundledLayer = new PageLayer('bundled', DEFAULT_URL_RULES);
  /** Target URL → paths of the workspace pages that link to it. */
  private readonly linkers = new Map<string, Set<string>>();
  /** Workspace page path → the URLs it links to: what to take out of `linkers` when it changes. */
  private readonly linkedFrom = new Map<string, Set<string>>();
  /**
   * Pages kept as link targets whose links are not in `linkers` yet: their link destinations.
   * Reading where every link of a site goes is a tenth of loading it, and nothing needs it
   * until a page changes, so it waits (see `indexPendingLinks`).
   */
  private readonly pendingLinks = new Map<string, string[]>();
  private byLastSegment: Map<string, Set<string>> | undefined;
  /** Missing URL → its suggestion; dropped whenever a page comes or goes. */
  private suggestions: Map<string, string | undefined> | undefined;
  private redirects: Redirects;
  /** The files the site serves besides its pages, which links to images and other files are checked against. */
  readonly files = new ServedFiles();

  /**
   * @param tracksLinkers keep the reverse index (who links to which URL), which an editor
   *   needs to re-check dependents and a one-off check does not
   */
  constructor(
    readonly settings: SiteSettings,
    private readonly tracksLinkers = true,
  ) {
    this.redirects = new Redirects([], settings.siteUrl);
    this.workspaceLayer = new PageLayer('workspace', settings.urlRules);
  }

  /** Parses a page's text as its layer's generator reads it (its heading ids), finding where it names the site's values. */
  parse(text: string, layer: Layer = 'workspace'): ParsedPage {
    const { customHeadingIds, anchorMakers } = this.layerOf(layer).rules;
    return parsePage(text, { customHeadingIds, anchorMakers, mentions: this.settings.findsMentions === false ? undefined : this.values()?.mentions });
  }

  private valuesCache: SiteValues | undefined;

  /** The values in effect: those of the workspace's values page, else the bundled handbook's. */
  values(): SiteValues | undefined {
    const page = this.valuesPageIn(this.workspaceLayer) ?? this.valuesPageIn(this.bundledLayer);
    if (!page) return undefined;
    // A page is a new object whenever it is set again, so an edit of the values page is seen here.
    if (this.valuesCache?.page !== page) this.valuesCache = siteValuesOf(page, this.settings.valueAliases ?? {});
    return this.valuesCache;
  }

  /** Reads a link as the site's generator and browser do, from the page (or file) it is written in. */
  readLink(destination: string, from: { url?: string; path?: string; layer?: Layer }): LinkTarget {
    const rules = this.layerOf(from.layer ?? 'workspace').rules;
    return readLinkTarget(destination, from.url, this.settings.siteUrl, { pagePath: from.path, rules });
  }

  /** What a link's target leads to: the file it names, for a link written as a path between files; else its URL. */
  resolveTarget(target: Extract<LinkTarget, { kind: 'site' }>): Resolution {
    if (target.file === undefined) return this.resolve(target.path);
    const page = this.pageAtFile(target.file);
    if (page) return { kind: 'page', page };
    // A Markdown file that is not there; other files (images, folders with no index) are the URL's to judge.
    if (/\.mdx?$/i.test(target.file)) return { kind: 'missing' };
    return this.resolve(target.path);
  }

  /** The workspace page a file path names: the file, or its folder's index file. */
  private pageAtFile(file: string): IndexedPage | undefined {
    const { byPath, rules } = this.workspaceLayer;
    const exact = byPath.get(file);
    if (exact) return exact;
    const folder = file === '' ? '' : file + '/';
    for (const name of rules.indexNames) {
      for (const extension of ['.md', '.mdx']) {
        const page = byPath.get(folder + name + extension);
        if (page) return page;
      }
    }
    return undefined;
  }

  /** The site host's redirect and rewrite rules, in the order it applies them. */
  setRedirects(rules: RedirectRule[]): void {
    this.redirects = new Redirects(rules, this.settings.siteUrl);
  }

  /** The site host's rules, as the index applies them. */
  get hostRules(): Redirects {
    return this.redirects;
  }

  /** Where the host's rules take a site URL path before any page is served. */
  landingOf(path: string): Landing {
    return this.redirects.follow(path, (url) => {
      const kind = this.resolve(url).kind;
      return kind === 'page' || kind === 'route';
    });
  }

  /**
   * Reads and parses every page of a layer from `workspace`, which later reads of a page's
   * text go through too. `onPage` hears of each page parsed, with what it was parsed into;
   * where `stopped` says so, the load ends before its next page.
   */
  async load(
    layer: Layer,
    workspace: Workspace,
    routes: RouteList = { paths: [], complete: false },
    onPage?: (parsed: ParsedPage, page: IndexedPage, done: number, total: number) => void,
    stopped: () => boolean = () => false,
  ): Promise<void> {
    const target = this.layerOf(layer);
    target.setRoutes(routes);
    target.workspace = workspace;
    // The values page first: the pages after it are parsed knowing its values, to find where they are named.
    const paths = valuesPageFirst(await workspace.listPages(), target.rules, this.settings.valuesPages);
    if (layer === 'workspace') this.files.setContentFiles(await workspace.listFiles());
    for (let done = 0; done < paths.length; done++) {
      if (stopped()) return;
      const text = await workspace.readPage(paths[done]);
      if (text === undefined) continue;
      const parsed = this.parse(text, layer);
      // Nothing is open to re-check yet, so what each page changes is not worked out, and
      // where its links go waits until something asks (see `indexPendingLinks`).
      const page = this.putPage(layer, paths[done], parsed, true);
      if (page) onPage?.(parsed, page, done + 1, paths.length);
    }
  }

  /** Sets a page as parsed from its text (on disk, or unsaved in an editor) and says what depends on the change. */
  setPage(layer: Layer, path: string, parsed: ParsedPage): PageChange {
    const before = this.layerOf(layer).byPath.get(path);
    const shownBefore = before && this.anchorsOf(before.outline, path, layer);
    const page = this.putPage(layer, path, parsed, false);
    if (!page) return { affectedUrls: [] };
    // The anchors it shows, its imported pages' included: a changed import line counts too.
    const changed = !shownBefore || !sameKeys(shownBefore, this.anchorsOf(page.outline, path, layer));
    return { affectedUrls: changed ? this.urlsShowing(layer, page) : [] };
  }

  /** Puts a parsed page's outline in the index, and where its links go in the reverse index (now, or `later`). */
  private putPage(layer: Layer, path: string, parsed: ParsedPage, later: boolean): IndexedPage | undefined {
    const target = this.layerOf(layer);
    const url = pageUrlOf(path, target.rules, frontMatterSlug(parsed.frontMatter?.data, target.rules));
    if (url === undefined) return undefined;
    const before = target.byPath.get(path);
    const page: IndexedPage = { layer, path, url, outline: keptOutline(parsed.outline) };
    if (layer === 'workspace' && this.tracksLinkers) {
      if (before) this.forgetLinks(path);
      const destinations = destinationsOf(parsed, this.settings.siteUrl);
      if (later) this.pendingLinks.set(path, destinations);
      else this.rememberLinks(path, this.linkedUrls(destinations, url, path));
    }
    target.set(page);
    if (!before) this.suggestions = undefined;
    return page;
  }

  /**
   * The page's text as its layer's workspace has it now (an editor's unsaved text wins on the
   * server's), for a feature that shows a part of it; undefined when it cannot be read.
   */
  textOf(page: IndexedPage): Promise<string | undefined> {
    return this.layerOf(page.layer).workspace?.readPage(page.path) ?? Promise.resolve(undefined);
  }

  /** Drops a page that no longer exists. */
  deletePage(layer: Layer, path: string): PageChange {
    const target = this.layerOf(layer);
    const removed = target.byPath.get(path);
    if (!removed) return { affectedUrls: [] };
    const affectedUrls = this.urlsShowing(layer, removed);
    target.delete(path);
    this.suggestions = undefined;
    if (layer === 'workspace' && this.tracksLinkers) this.forgetLinks(path);
    return { affectedUrls };
  }

  page(layer: Layer, path: string): IndexedPage | undefined {
    return this.layerOf(layer).byPath.get(path);
  }

  pages(layer: Layer): IterableIterator<IndexedPage> {
    return this.layerOf(layer).byPath.values();
  }

  /** Workspace pages whose links point at any of these URLs. */
  linkersOf(urls: Iterable<string>): Set<string> {
    this.indexPendingLinks();
    const result = new Set<string>();
    for (const url of urls) for (const path of this.linkers.get(url) ?? []) result.add(path);
    return result;
  }

  /** What a site URL leads to: workspace pages, then its routes, then the bundled handbook. */
  resolve(url: string): Resolution {
    const values = this.settings.valuesPages;
    for (const layer of [this.workspaceLayer, this.bundledLayer]) {
      const page = layer.byUrl.get(url) ?? (values.includes(url) ? this.valuesPageIn(layer) : undefined);
      if (page) return { kind: 'page', page };
      if (layer.servesRoute(url)) return { kind: 'route' };
    }
    if (this.workspaceLayer.routesComplete) return { kind: 'missing' };
    const tree = this.workspaceLayer.folderMap().get('/');
    return tree?.has(firstSegment(url)) ? { kind: 'missing' } : { kind: 'unknown' };
  }

  isValuesPage(page: IndexedPage): boolean {
    return this.valuesPageIn(this.layerOf(page.layer)) === page;
  }

  /**
   * The anchors a page shows: its own, then those of the MDX pages it imports and renders
   * (whose headings get their ids in their own file, so their own slugs hold).
   */
  anchorsOf(outline: PageOutline, path: string | undefined, layer: Layer = 'workspace'): ReadonlyMap<string, Anchor> {
    if (outline.imports.length === 0 || path === undefined) return outline.anchors;
    const merged = new Map(outline.anchors);
    const visited = new Set([path]);
    const visit = (importer: PageOutline, importerPath: string) => {
      for (const specifier of importer.imports) {
        const imported = this.importedPage(layer, importerPath, specifier);
        if (!imported || visited.has(imported.path)) continue;
        visited.add(imported.path);
        for (const [id, anchor] of imported.outline.anchors) if (!merged.has(id)) merged.set(id, anchor);
        visit(imported.outline, imported.path);
      }
    };
    visit(outline, path);
    return merged;
  }

  /** The page an MDX import names: the first of its candidate paths that is a page. */
  private importedPage(layer: Layer, importerPath: string, specifier: string): IndexedPage | undefined {
    const pages = this.layerOf(layer).byPath;
    for (const candidate of importCandidates(importerPath, specifier)) {
      const page = pages.get(candidate);
      if (page) return page;
    }
    return undefined;
  }

  /** The entries of a URL folder, workspace entries winning over bundled ones. */
  folder(url: string): FolderEntry[] {
    const merged = new Map<string, FolderEntry>();
    for (const layer of [this.bundledLayer, this.workspaceLayer]) {
      for (const [segment, slot] of layer.folderMap().get(url) ?? []) {
        const earlier = merged.get(segment);
        merged.set(segment, {
          segment,
          page: (slot.pageUrl === undefined ? undefined : layer.byUrl.get(slot.pageUrl)) ?? earlier?.page,
          hasChildren: slot.hasChildren || (earlier?.hasChildren ?? false),
        });
      }
    }
    return [...merged.values()].sort((a, b) => a.segment.localeCompare(b.segment));
  }

  /**
   * The existing page URL closest to a missing one, for "did you mean": among the pages that
   * share its last segment (a page that moved), its siblings (a typo in its name), its parent
   * and its children (a folder with no index). Kept until a page comes or goes.
   */
  closestPageUrl(url: string): string | undefined {
    if (!this.suggestions) {
      this.suggestions = new Map();
      this.byLastSegment = new Map();
      for (const layer of [this.workspaceLayer, this.bundledLayer]) {
        for (const pageUrl of layer.byUrl.keys()) {
          const last = lastSegmentOf(pageUrl);
          const urls = this.byLastSegment.get(last) ?? new Set<string>();
          urls.add(pageUrl);
          this.byLastSegment.set(last, urls);
        }
      }
    }
    const cached = this.suggestions.get(url);
    if (cached !== undefined || this.suggestions.has(url)) return cached;
    const parent = parentUrl(url);
    const candidates = new Set(this.byLastSegment?.get(lastSegmentOf(url)) ?? []);
    for (const layer of [this.workspaceLayer, this.bundledLayer]) {
      for (const folder of [parent, url]) {
        for (const pageUrl of layer.nearbyPages(folder, url.slice(url.lastIndexOf('/') + 1))) candidates.add(pageUrl);
      }
    }
    if (this.resolve(parent).kind === 'page') candidates.add(parent);
    const suggestion = closestMatch(url, candidates);
    this.suggestions.set(url, suggestion);
    return suggestion;
  }

  private valuesPageIn(layer: PageLayer): IndexedPage | undefined {
    for (const url of this.settings.valuesPages) {
      const page = layer.byUrl.get(url);
      if (page) return page;
    }
    return undefined;
  }

  /**
   * The workspace pages that may link to a page or its anchors: those linking to a URL that
   * shows its anchors (its own, its MDX importers', the values page's aliases), or to the
   * one-path source of a redirect that lands on one of those; and the page itself.
   */
  pathsLinkingTo(page: IndexedPage): Set<string> {
    const urls = new Set(this.urlsShowing(page.layer, page));
    for (const { source } of this.redirects.ordered) {
      if (/[:*()?+]/.test(source)) continue;
      const landing = this.landingOf(source);
      if (landing.kind === 'redirected' && urls.has(landing.path)) urls.add(source);
    }
    const paths = this.linkersOf(urls);
    if (page.layer === 'workspace') paths.add(page.path);
    return paths;
  }

  /**
   * The URLs whose anchors include a page's: its own, and those of the pages that render it
   * through MDX imports, directly or through other imported pages.
   */
  urlsShowing(layer: Layer, page: IndexedPage): string[] {
    const urls = new Set(this.urlsServedBy(page.url));
    const { byPath, importing } = this.layerOf(layer);
    const reached = new Set([page.path]);
    const pending = [page.path];
    for (let imported = pending.pop(); imported !== undefined; imported = pending.pop()) {
      for (const importerPath of importing) {
        if (reached.has(importerPath)) continue;
        const importer = byPath.get(importerPath);
        if (!importer?.outline.imports.some((specifier) => importCandidates(importerPath, specifier).includes(imported))) continue;
        reached.add(importerPath);
        pending.push(importerPath);
        for (const url of this.urlsServedBy(importer.url)) urls.add(url);
      }
    }
    return [...urls];
  }

  /** A change at a values URL reaches links to every values URL, since they alias. */
  private urlsServedBy(url: string): string[] {
    return this.settings.valuesPages.includes(url) ? [...this.settings.valuesPages] : [url];
  }

  private layerOf(layer: Layer): PageLayer {
    return layer === 'workspace' ? this.workspaceLayer : this.bundledLayer;
  }

  /**
   * Puts the links of pages that wait (at most `pageLimit` of them) into the reverse index;
   * returns how many still wait. A server calls it in idle turns after loading a site.
   */
  indexPendingLinks(pageLimit = Infinity): number {
    let done = 0;
    for (const [path, destinations] of this.pendingLinks) {
      if (done++ >= pageLimit) break;
      this.pendingLinks.delete(path);
      const page = this.workspaceLayer.byPath.get(path);
      if (page) this.rememberLinks(path, this.linkedUrls(destinations, page.url, path));
    }
    return this.pendingLinks.size;
  }

  /** The site URLs links go to, from the page at `pageUrl`: a link to a file counts as one to the URL the file is served at. */
  private linkedUrls(destinations: string[], pageUrl: string, pagePath: string): Set<string> {
    const urls = new Set<string>();
    for (const destination of destinations) {
      if (destination.startsWith('#')) continue;
      const target = this.readLink(destination, { url: pageUrl, path: pagePath });
      if (target.kind !== 'site') continue;
      const url = target.file === undefined ? target.path : (this.pageAtFile(target.file)?.url ?? target.path);
      // Cut from the page's text: kept as is, it would keep the whole text alive.
      if (!urls.has(url)) urls.add(detach(url));
    }
    return urls;
  }

  private rememberLinks(path: string, urls: Set<string>): void {
    this.linkedFrom.set(path, urls);
    for (const url of urls) {
      let set = this.linkers.get(url);
      if (!set) this.linkers.set(url, (set = new Set()));
      set.add(path);
    }
  }

  private forgetLinks(path: string): void {
    this.pendingLinks.delete(path);
    for (const url of this.linkedFrom.get(path) ?? []) this.linkers.get(url)?.delete(path);
    this.linkedFrom.delete(path);
  }
}

/** The destinations of a page's links that may lead into the site, as fresh strings (see `detach`). */
function destinationsOf(page: ParsedPage, siteUrl: string): string[] {
  const destinations: string[] = [];
  for (const link of page.links) {
    if (!link.destination.startsWith('#') && !isOtherSite(link.destination, siteUrl)) destinations.push(detach(link.destination));
  }
  return destinations;
}

/** A folder's entries compared with a missing page's name, at most this many: a folder can hold any number. */
const MAX_COMPARED_ENTRIES = 1000;

function lastSegmentOf(url: string): string {
  return url.slice(url.lastIndexOf('/') + 1).toLowerCase();
}

/** The page paths an MDX import may name, in the order they are tried: as written, then with `.mdx` and `.md`. */
function importCandidates(importerPath: string, specifier: string): string[] {
  const folder = importerPath.includes('/') ? importerPath.slice(0, importerPath.lastIndexOf('/')) : '';
  const joined = normalizeUrlPath(`/${folder}/${specifier}`).slice(1);
  return [joined, `${joined}.mdx`, `${joined}.md`];
}

function valuesPageFirst(paths: string[], rules: UrlRules, valuesPages: string[]): string[] {
  const at = paths.findIndex((path) => valuesPages.includes(pageUrlOf(path, rules) ?? ''));
  return at <= 0 ? paths : [paths[at], ...paths.slice(0, at), ...paths.slice(at + 1)];
}

function sameKeys(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): boolean {
  if (a.size !== b.size) return false;
  for (const key of a.keys()) if (!b.has(key)) return false;
  return true;
}

/**
 * How a site generator turns content files into URLs and reads the links in them. Sites
 * differ in exactly these few ways, and each decides whether a link works on the live site.
 */
export interface UrlRules {
  /** The preset these rules started from, for messages. */
  preset: PresetName;
  /** File names (without extension) that serve their folder's URL: `index`, `README`, Hugo's `_index`. Earlier names win. */
  indexNames: string[];
  /**
   * Whether the site serves its pages at URLs ending in `/` (`/docs/setup/`): a browser
   * then resolves `](exception/)` on that page to `/docs/setup/exception/`.
   */
  trailingSlash: boolean;
  /**
   * How relative links are written: as site URLs (`site`), as paths to the Markdown files
   * relative to the page's own file (`files`, as on GitHub: `../people/leave.md#eligibility`),
   * or both, where a path ending in `.md`/`.mdx` is a file and the rest are URLs (`both`, as
   * Docusaurus and MkDocs read them).
   */
  links: 'site' | 'files' | 'both';
  /** Whether front matter's `slug` (or `permalink`, `url`) sets a page's URL. */
  frontMatterUrls: boolean;
  /** Whether `## Heading {#custom-id}` gives the heading the anchor `custom-id`. */
  customHeadingIds: boolean;
  /** The URL the content folder is served at: `/docs` for Docusaurus's docs, empty for the site root. */
  urlPrefix: string;
  /**
   * What makes anchors at build time from data, not from the page's Markdown: components
   * (posthog.com's `<Team />`) or template text (`{{generator:`). On a page that holds one,
   * no anchor is judged missing.
   */
  anchorMakers: string[];
}

export type PresetName = 'posthog' | 'gatsby' | 'docusaurus' | 'hugo' | 'mkdocs' | 'nextjs' | 'github';

/** The rules of each generator as it ships, before its config file changes them. */
export const PRESETS: Readonly<Record<PresetName, Readonly<UrlRules>>> = {
  // posthog.com: Gatsby, pages served with and without a slash alike, links written as site URLs.
  posthog: { preset: 'posthog', indexNames: ['index'], trailingSlash: false, links: 'site', frontMatterUrls: false, customHeadingIds: false, urlPrefix: '', anchorMakers: ['Team'] },
  // Gatsby writes each page as `x/index.html`, served at `/x/`; its `trailingSlash` defaults to `always`.
  gatsby: { preset: 'gatsby', indexNames: ['index'], trailingSlash: true, links: 'site', frontMatterUrls: false, customHeadingIds: false, urlPrefix: '', anchorMakers: [] },
  docusaurus: { preset: 'docusaurus', indexNames: ['index', 'README'], trailingSlash: false, links: 'both', frontMatterUrls: true, customHeadingIds: true, urlPrefix: '/docs', anchorMakers: [] },
  hugo: { preset: 'hugo', indexNames: ['_index', 'index'], trailingSlash: true, links: 'site', frontMatterUrls: true, customHeadingIds: true, urlPrefix: '', anchorMakers: [] },
  // MkDocs' `use_directory_urls` is on unless turned off: `x.md` is served at `/x/`.
  mkdocs: { preset: 'mkdocs', indexNames: ['index', 'README'], trailingSlash: true, links: 'both', frontMatterUrls: false, customHeadingIds: false, urlPrefix: '', anchorMakers: [] },
  // A Next.js site that renders Markdown from a folder has no rules of its own: it resolves links
  // as paths between the files (as handbook.sourcegraph.com does), whatever its URLs end in.
  nextjs: { preset: 'nextjs', indexNames: ['index'], trailingSlash: false, links: 'files', frontMatterUrls: false, customHeadingIds: false, urlPrefix: '', anchorMakers: [] },
  // Pages read on GitHub: a folder shows its README, links are paths between files.
  github: { preset: 'github', indexNames: ['README', 'readme', 'index'], trailingSlash: false, links: 'files', frontMatterUrls: false, customHeadingIds: false, urlPrefix: '', anchorMakers: [] },
};

export const DEFAULT_URL_RULES: Readonly<UrlRules> = PRESETS.posthog;

export function isPresetName(name: string): name is PresetName {
  return Object.prototype.hasOwnProperty.call(PRESETS, name);
}

const PAGE_EXTENSIONS = ['.mdx', '.md'];

/** A page file's path without its extension, or undefined for a file that is not a page. */
function stemOf(path: string): string | undefined {
  const extension = PAGE_EXTENSIONS.find((ext) => path.endsWith(ext));
  return extension ? path.slice(0, -extension.length) : undefined;
}

/**
 * The URL path a content file is served at (without a trailing slash, the form pages are
 * keyed by), or undefined for a file that is not a page. `X.md` and `X/<index name>.md`
 * serve `/X`; case is kept. A front-matter slug, where the rules read one, wins: one that
 * starts with `/` is the URL; another replaces the file's name in its folder.
 */
export function pageUrlOf(path: string, rules: UrlRules = DEFAULT_URL_RULES, slug?: unknown): string | undefined {
  let stem = stemOf(path);
  if (stem === undefined) return undefined;
  const slash = stem.lastIndexOf('/');
  const name = stem.slice(slash + 1);
  if (rules.indexNames.includes(name)) stem = slash === -1 ? '' : stem.slice(0, slash);
  if (rules.frontMatterUrls && typeof slug === 'string' && slug.trim() !== '' && !/[?#\s]/.test(slug.trim())) {
    const written = slug.trim().replace(/\/+$/, '');
    if (written.startsWith('/')) return withPrefix(rules.urlPrefix, written);
    const folder = rules.indexNames.includes(name) ? stem : slash === -1 ? '' : stem.slice(0, slash);
    stem = folder === '' ? written : `${folder}/${written}`;
  }
  return withPrefix(rules.urlPrefix, stem === '' ? '' : '/' + stem);
}

function withPrefix(prefix: string, path: string): string {
  const joined = prefix + path;
  return joined === '' ? '/' : joined;
}

/**
 * The order in which candidate files serve one URL: when two files claim a URL, the one
 * earlier here wins, so the result never depends on the order the disk lists them in.
 */
export function servingRank(path: string, rules: UrlRules = DEFAULT_URL_RULES): number {
  const stem = stemOf(path) ?? path;
  const name = stem.slice(stem.lastIndexOf('/') + 1);
  const indexRank = rules.indexNames.indexOf(name);
  const isMdx = path.endsWith('.mdx');
  return (indexRank === -1 ? 0 : 2 * (indexRank + 1)) + (isMdx ? 1 : 0);
}

/** The front-matter key that sets a page's URL under these rules, if any. */
export function frontMatterSlug(data: Record<string, unknown> | undefined, rules: UrlRules): unknown {
  if (!rules.frontMatterUrls || !data) return undefined;
  return data.slug ?? data.permalink ?? data.url;
}

/** The URL a browser shows for a page: with its trailing slash where the site serves one. */
export function browserUrlOf(pageUrl: string, rules: UrlRules): string {
  return rules.trailingSlash && pageUrl !== '/' ? pageUrl + '/' : pageUrl;
}

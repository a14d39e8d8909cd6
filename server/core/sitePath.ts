/**
 * How the site turns content files into URLs: `X.md`, `X.mdx`, `X/index.md` and
 * `X/index.mdx` serve `/X`. Only a file named exactly `index` maps to its folder; case is kept.
 */

const PAGE_EXTENSIONS = ['.mdx', '.md'];

/** The URL path a content file is served at, or undefined for a file that is not a page. */
export function pageUrlOf(path: string): string | undefined {
  const extension = PAGE_EXTENSIONS.find((ext) => path.endsWith(ext));
  if (!extension) return undefined;
  let stem = path.slice(0, -extension.length);
  if (stem === 'index') return '/';
  if (stem.endsWith('/index')) stem = stem.slice(0, -'/index'.length);
  return '/' + stem;
}

/**
 * The order in which candidate files serve one URL: when two files claim a URL, the one
 * earlier here wins, so the result never depends on the order the disk lists them in.
 */
export function servingRank(path: string): number {
  const isIndex = /(^|\/)index\.mdx?$/.test(path);
  const isMdx = path.endsWith('.mdx');
  return (isIndex ? 2 : 0) + (isMdx ? 1 : 0);
}

/**
 * Puts a decoded URL path in the form pages are keyed by: `.` and `..` segments applied as a
 * browser would (never above the root), a trailing slash dropped.
 */
export function normalizeUrlPath(path: string): string {
  // Most paths are already in form: no dot segments, no trailing slash.
  if (path.length > 1 && path.charCodeAt(0) === 47 && !path.endsWith('/') && !path.includes('/.')) return path;
  const segments: string[] = [];
  for (const segment of path.split('/').slice(1)) {
    if (segment === '.') continue;
    if (segment === '..') {
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  while (segments.length > 0 && segments[segments.length - 1] === '') segments.pop();
  return '/' + segments.join('/');
}

/** The first segment of a URL path (`handbook` for `/handbook/company/values`). */
export function firstSegment(urlPath: string): string {
  const slash = urlPath.indexOf('/', 1);
  return slash === -1 ? urlPath.slice(1) : urlPath.slice(1, slash);
}

/** The URL of the folder a URL sits in: `/a/b` for `/a/b/c`, `/` for `/a`. */
export function parentUrl(urlPath: string): string {
  const slash = urlPath.lastIndexOf('/');
  return slash <= 0 ? '/' : urlPath.slice(0, slash);
}

/** Percent-decodes, leaving a malformed escape as it was written rather than failing. */
export function safeDecode(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%[0-9A-Fa-f]{2}/g, (escape) => {
      try {
        return decodeURIComponent(escape);
      } catch {
        return escape;
      }
    });
  }
}

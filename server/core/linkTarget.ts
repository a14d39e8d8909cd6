import { normalizeUrlPath, safeDecode } from './sitePath';
import { browserUrlOf, DEFAULT_URL_RULES, pageUrlOf, type UrlRules } from './urlRules';

/** What a link's destination points at, once read the way the site's browser reads it. */
export type LinkTarget =
  | {
      kind: 'site';
      /** Decoded, normalized URL path: `/handbook/company/values`. */
      path: string;
      /** Decoded fragment without `#`, when the link has one. */
      anchor?: string;
      /** Where, in the destination as written, the path part lies (replaced by a page fix). */
      pathSpan: { start: number; end: number };
      /** Where, in the destination as written, the fragment lies after `#`. */
      anchorSpan?: { start: number; end: number };
      /**
       * For a link written as a path between files (`../people/leave.md`): the file it names,
       * relative to the content root. The page is found by its file, whatever its URL.
       */
      file?: string;
    }
  | { kind: 'external' }
  /** A relative link on a page whose URL is unknown (a file outside the content folder). */
  | { kind: 'unresolvable' };

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
/** An http(s) or protocol-relative URL, up to the end of its host (the authority is group 1). */
const WEB_URL = /^(?:https?:)?\/\/([^/?#\\]*)/i;
const PLACEHOLDER_ORIGIN = 'https://site.invalid';

/** Where a link is written, for reading it as the site's generator does. */
export interface LinkOrigin {
  /** The page's file, relative to the content root: what a link written as a file path is relative to. */
  pagePath?: string;
  rules: UrlRules;
}

/**
 * Reads a link destination as written in a page.
 * @param raw the destination exactly as written (`/handbook/x#y`, `../x`, `https://posthog.com/x`)
 * @param pageUrl the URL of the page it is written in, if the page is part of the site
 * @param siteUrl the site's own origin; full URLs on its host count as site-absolute
 * @param origin the page's file and the site's URL rules (PostHog's unless given)
 */
export function readLinkTarget(raw: string, pageUrl: string | undefined, siteUrl: string, origin: LinkOrigin = { rules: DEFAULT_URL_RULES }): LinkTarget {
  if (isOtherSite(raw, siteUrl)) return EXTERNAL;
  const destination = raw.trim();
  const lead = raw.length - raw.trimStart().length;
  if (destination === '') return { kind: 'external' };

  let pathStart = 0;
  if (SCHEME.test(destination) || destination.startsWith('//')) {
    const web = WEB_URL.exec(destination);
    if (!web || !sameSite(web[1], siteUrl)) return { kind: 'external' };
    pathStart = web[0].length;
  } else if (!destination.startsWith('/') && !destination.startsWith('#') && pageUrl === undefined) {
    return { kind: 'unresolvable' };
  }

  const hash = destination.indexOf('#');
  const query = destination.indexOf('?');
  let pathEnd = destination.length;
  if (hash >= pathStart && hash < pathEnd) pathEnd = hash;
  if (query >= pathStart && query < pathEnd) pathEnd = query;
  const rawPath = destination.slice(pathStart, pathEnd);
  const rawAnchor = hash === -1 ? undefined : destination.slice(hash + 1);

  let path: string;
  let file: string | undefined;
  if (pathStart > 0) {
    path = rawPath === '' ? '/' : rawPath;
  } else if (rawPath === '') {
    path = pageUrl ?? '/';
  } else if (rawPath.startsWith('/')) {
    path = rawPath;
  } else if (origin.pagePath !== undefined && writtenAsFile(rawPath, origin.rules)) {
    // A path between files: resolved against the page's file, then served where that file is.
    const resolved = resolveRelative(rawPath, '/' + origin.pagePath);
    if (resolved === undefined) return { kind: 'external' };
    file = normalizeUrlPath(safeDecode(resolved)).slice(1);
    path = pageUrlOf(file, origin.rules) ?? '/' + file;
  } else {
    // Relative: let the URL parser resolve it against the page, exactly as a browser does.
    const resolved = resolveRelative(rawPath, browserUrlOf(pageUrl ?? '/', origin.rules));
    // What a browser cannot resolve (`\/` reads as `//` with no host) leads nowhere it can follow; it is not judged.
    if (resolved === undefined) return { kind: 'external' };
    path = resolved;
  }
  path = normalizeUrlPath(safeDecode(path.includes('\\') ? path.replace(/\\/g, '/') : path));

  const target: LinkTarget = {
    kind: 'site',
    path,
    anchor: rawAnchor === undefined ? undefined : safeDecode(rawAnchor),
    pathSpan: { start: lead + pathStart, end: lead + pathEnd },
    anchorSpan: hash === -1 ? undefined : { start: lead + hash + 1, end: lead + destination.length },
  };
  if (file !== undefined) target.file = file;
  return target;
}

/** Whether the rules read a relative path as one between files: all of them, or those naming a Markdown file. */
function writtenAsFile(rawPath: string, rules: UrlRules): boolean {
  if (rules.links === 'site') return false;
  return rules.links === 'files' || /\.mdx?$/i.test(rawPath);
}

const EXTERNAL: LinkTarget = Object.freeze({ kind: 'external' });

/**
 * Whether a destination is an `http://` or `https://` URL of another site, told without a
 * regular expression: most links in a handbook are, and every page's links are read.
 * False for anything it is unsure of (then the full reading decides).
 */
export function isOtherSite(raw: string, siteUrl: string): boolean {
  const hostStart = raw.startsWith('https://') ? 8 : raw.startsWith('http://') ? 7 : 0;
  if (hostStart === 0) return false;
  let hostEnd = hostStart;
  for (; hostEnd < raw.length; hostEnd++) {
    const code = raw.charCodeAt(hostEnd);
    if (code === 0x2f || code === 0x3f || code === 0x23 || code === 0x5c) break;
    if (code <= 0x20) return false;
  }
  return !sameSite(raw.slice(hostStart, hostEnd), siteUrl);
}

function resolveRelative(relative: string, pageUrl: string): string | undefined {
  try {
    return new URL(relative, new URL(pageUrl, PLACEHOLDER_ORIGIN)).pathname;
  } catch {
    return undefined;
  }
}

/** Whether a URL's host is the site's own, with or without `www.`. */
function sameSite(authority: string, siteUrl: string): boolean {
  const host = siteHostOf(siteUrl);
  // Most links go to other sites, and most of those have a host of another length.
  if (authority.length !== host.length && authority.length !== host.length + 4 && !authority.includes('@')) return false;
  return bareHost(authority) === host;
}

let siteHostCache: { siteUrl: string; host: string } | undefined;
function siteHostOf(siteUrl: string): string {
  if (siteHostCache?.siteUrl !== siteUrl) {
    const web = WEB_URL.exec(siteUrl.trim());
    siteHostCache = { siteUrl, host: web ? bareHost(web[1]) : '\0' };
  }
  return siteHostCache.host;
}

function bareHost(authority: string): string {
  const host = authority.slice(authority.lastIndexOf('@') + 1).toLowerCase();
  return host.startsWith('www.') ? host.slice(4) : host;
}

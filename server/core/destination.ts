import type { PageLink } from './page';
import type { RedirectHop } from './redirects';
import type { IndexedPage, LinkSource, SiteIndex } from './siteIndex';
import { safeDecode } from './sitePath';

/** Where a link takes a reader, once the site's URL rules and its host's redirects have run. */
export type Destination =
  /** A page of the site (or, for `#anchor` on a page outside it, no page: `page` is undefined). */
  | { kind: 'page'; page?: IndexedPage; anchor?: string; redirects?: RedirectHop[] }
  /** A path the site serves without a Markdown page. */
  | { kind: 'route'; path: string };

/**
 * The page (and anchor) a link leads to, following redirects (the anchor of the link, else
 * of the last rule that names one), or undefined where it leads to no page or route: another
 * site, a loop, a missing page. Redirects are undefined where every hop was a rewrite, which
 * leaves the reader at the link's own URL.
 */
export function destinationOf(index: SiteIndex, source: LinkSource, link: PageLink): Destination | undefined {
  if (link.destination.startsWith('#')) {
    const anchor = safeDecode(link.destination.slice(1)) || undefined;
    const page = source.path === undefined ? undefined : index.page('workspace', source.path);
    return { kind: 'page', page, anchor };
  }
  const target = index.readLink(link.destination, source);
  if (target.kind !== 'site') return undefined;
  let anchor = target.anchor || undefined;
  // A path between files names its page whatever the host's rules say of URLs.
  if (target.file !== undefined) {
    const resolution = index.resolveTarget(target);
    return resolution.kind === 'page' ? { kind: 'page', page: resolution.page, anchor } : undefined;
  }
  const landing = index.landingOf(target.path);
  if (landing.kind === 'external' || landing.kind === 'loop') return undefined;
  let path = target.path;
  let redirects: RedirectHop[] | undefined;
  if (landing.kind === 'redirected') {
    path = landing.path;
    anchor = anchor || landing.anchor;
    if (!landing.rewritten) redirects = landing.hops;
  }
  const resolution = index.resolve(path);
  if (resolution.kind === 'route') return { kind: 'route', path };
  if (resolution.kind !== 'page') return undefined;
  return { kind: 'page', page: resolution.page, anchor, redirects };
}

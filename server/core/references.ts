import { destinationOf } from './destination';
import type { Heading, PageLink, ParsedPage } from './page';
import type { IndexedPage, PageSource, SiteIndex } from './siteIndex';
import type { Span } from './text';
import { linkAt } from './hover';

/** What references are asked for: every link to a page, or to one anchor of it. */
export interface LinkQuery {
  page: IndexedPage;
  /** Links to this anchor only (on the page, or on a page that renders it through an MDX import); any link to the page when undefined. */
  anchor?: string;
  /** Other anchors that mean the same (a value's old anchors). */
  alsoAnchors?: string[];
}

/** A link found in a workspace page, with that page as read now. */
export interface FoundLink {
  page: IndexedPage;
  parsed: ParsedPage;
  link: PageLink;
  /** The anchor it leads to, if any. */
  anchor?: string;
}

/**
 * Every link in the workspace that leads to what the query names, whatever its form: site
 * URL, full URL, relative, a path between files, through a redirect, reference-style (the
 * reference and its definition both). Only the pages the reverse index says may link there
 * are read, each as the editor has it now.
 */
export async function linksTo(index: SiteIndex, query: LinkQuery): Promise<FoundLink[]> {
  const showing = new Set(index.urlsShowing(query.page.layer, query.page));
  const found: FoundLink[] = [];
  for (const path of [...index.pathsLinkingTo(query.page)].sort()) {
    const page = index.page('workspace', path);
    if (!page) continue;
    const text = await index.textOf(page);
    if (text === undefined) continue;
    const parsed = index.parse(text);
    const source: PageSource = { parsed, url: page.url, path };
    for (const link of parsed.links) {
      const destination = destinationOf(index, source, link);
      if (destination?.kind !== 'page' || !destination.page) continue;
      const anchored = destination.anchor !== undefined && (destination.anchor === query.anchor || (query.alsoAnchors?.includes(destination.anchor) ?? false));
      const leads =
        query.anchor === undefined
          ? destination.page === query.page
          : anchored && (destination.page === query.page || showing.has(destination.page.url));
      if (leads) found.push({ page, parsed, link, anchor: destination.anchor });
    }
  }
  return found;
}

/** A place in a workspace page: its path, and the span in its text as read now, with the lines to place it. */
export interface PagePlace {
  page: IndexedPage;
  parsed: ParsedPage;
  span: Span;
}

/**
 * What the cursor asks references of: on a heading, its anchor; on the page's first line or
 * its title heading, the page; on a link, what the link leads to.
 */
export function queryAt(index: SiteIndex, source: PageSource, offset: number): { query: LinkQuery; declaration?: Span } | undefined {
  const self = source.path === undefined ? undefined : index.page('workspace', source.path);
  const heading = source.parsed.outline.headings.find((candidate: Heading) => candidate.span.start <= offset && offset <= candidate.span.end);
  if (self && heading) {
    if (heading.level === 1 && heading === source.parsed.outline.headings[0]) return { query: { page: self }, declaration: heading.textSpan };
    // A value is cited under its old anchors too.
    const values = index.values();
    const value = values?.page === self ? values.byAnchor.get(heading.slug) : undefined;
    const alsoAnchors = value && value.anchor === heading.slug && value.oldAnchors.length > 0 ? value.oldAnchors : undefined;
    return { query: { page: self, anchor: heading.slug, alsoAnchors }, declaration: heading.textSpan };
  }
  if (self && source.parsed.lines.positionAt(offset).line === 0) return { query: { page: self } };
  const link = linkAt(source, offset);
  if (!link) return undefined;
  const destination = destinationOf(index, source, link);
  if (destination?.kind !== 'page' || !destination.page || destination.page.layer !== 'workspace') return undefined;
  return { query: { page: destination.page, anchor: destination.anchor } };
}

/** References at the cursor: every link to the same heading, page or target; with the heading itself when asked. */
export async function referencesAt(index: SiteIndex, source: PageSource, offset: number, includeDeclaration: boolean): Promise<PagePlace[]> {
  const asked = queryAt(index, source, offset);
  if (!asked) return [];
  const places: PagePlace[] = (await linksTo(index, asked.query)).map(({ page, parsed, link }) => ({ page, parsed, span: link.span }));
  if (includeDeclaration) {
    const { page, anchor } = asked.query;
    const text = await index.textOf(page);
    if (text !== undefined) {
      const parsed = index.parse(text);
      const heading = anchor === undefined ? parsed.outline.headings[0] : parsed.outline.headings.find((candidate) => candidate.slug === anchor);
      if (heading) places.unshift({ page, parsed, span: heading.textSpan });
    }
  }
  return places;
}

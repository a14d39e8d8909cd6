import { destinationOf } from './destination';
import { linkAt } from './hover';
import type { PageLink } from './page';
import type { IndexedPage, PageSource, SiteIndex } from './siteIndex';
import type { Span } from './text';

/** Where a link opens: a workspace page, at the line of its anchor (its top where it has none). */
export interface LinkOpening {
  page: IndexedPage;
  /** The 0-based line of the anchor; 0 for the page's top. */
  line: number;
  /** The anchor's text as its page shows it, when the link names one the page has. */
  section?: string;
}

/** Where a link opens, if it leads to a page of the workspace (the bundled handbook is not the user's to open). */
export function openingOf(index: SiteIndex, source: PageSource, link: PageLink): LinkOpening | undefined {
  const destination = destinationOf(index, source, link);
  if (destination?.kind !== 'page' || !destination.page || destination.page.layer !== 'workspace') return undefined;
  const { page, anchor } = destination;
  const own = anchor === undefined ? undefined : page.outline.anchors.get(anchor);
  return { page, line: own?.line ?? 0, section: own?.label };
}

/** A clickable link: the span of its destination (of the whole link, for a reference), and where it opens. */
export interface DocumentLinkEntry {
  span: Span;
  opening: LinkOpening;
  tooltip: string;
}

/** Every link of a page whose target the site serves from the workspace, each opening its page at the heading. */
export function documentLinksOf(index: SiteIndex, source: PageSource): DocumentLinkEntry[] {
  const entries: DocumentLinkEntry[] = [];
  for (const link of source.parsed.links) {
    // A definition used by no reference is still a link to open; a reference is clickable where it is used.
    const opening = openingOf(index, source, link);
    if (!opening) continue;
    const title = opening.page.outline.title ?? opening.page.url;
    entries.push({ span: link.destinationSpan ?? link.span, opening, tooltip: opening.section ? `${title} › ${opening.section}` : title });
  }
  return entries;
}

/** Go to definition on a link (its text or its target): the heading it names, or its page's top. */
export function definitionAt(index: SiteIndex, source: PageSource, offset: number): { opening: LinkOpening; origin: Span } | undefined {
  const link = linkAt(source, offset);
  if (!link) return undefined;
  const opening = openingOf(index, source, link);
  return opening && { opening, origin: link.span };
}

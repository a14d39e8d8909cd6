import { type PageLink, type PageOutline, type ParsedPage } from './page';
import { destinationOf } from './destination';
import { sectionText } from './sections';
import type { IndexedPage, PageSource, SiteIndex } from './siteIndex';
import type { Span } from './text';
import { definitionOf, isValuesPageAt, type Value } from './values';

/** What a hover shows: Markdown, over the link it covers. */
export interface HoverCard {
  markdown: string;
  span: Span;
}

const SECTION_LIMIT = 1200;

/** What a hover at an offset is about: a link, and the page (if any) and anchor it leads to. */
type HoverTarget =
  | { kind: 'page'; link: PageLink; page?: IndexedPage; anchor?: string; redirected?: string }
  | { kind: 'route'; link: PageLink; path: string };

function hoverTargetAt(index: SiteIndex, source: PageSource, offset: number): HoverTarget | undefined {
  const link = linkAt(source, offset);
  if (!link) return undefined;
  const destination = destinationOf(index, source, link);
  if (!destination) return undefined;
  if (destination.kind === 'route') return { kind: 'route', link, path: destination.path };
  const { page, anchor, redirects } = destination;
  // A link on a page outside the site to an anchor of its own: the page is the source itself.
  if (!page && !link.destination.startsWith('#')) return undefined;
  const redirected = redirects && `Redirected from \`${redirects[0].from}\` by ${redirects.map((hop) => hop.rule.origin).join(', ')}`;
  return { kind: 'page', link, page, anchor, redirected };
}

/**
 * The hover for the link under `offset`: a value and its definition, or a page and its
 * section. A page of the site is read again through the index for the section's text.
 */
export async function hoverAt(index: SiteIndex, source: PageSource, offset: number): Promise<HoverCard | undefined> {
  const target = hoverTargetAt(index, source, offset);
  if (!target) return mentionHover(index, source, offset);
  const link = target.link;
  if (target.kind === 'route') {
    return { markdown: `\`${target.path}\` is served by the site, outside the handbook's pages.`, span: link.span };
  }
  const { page, anchor, redirected } = target;
  const text = page && (await index.textOf(page));
  // Its text as read now; where it cannot be read, what the index knows of it.
  const shown: ParsedPage | undefined = page ? (text === undefined ? undefined : index.parse(text, page.layer)) : source.parsed;
  const outline: PageOutline = shown?.outline ?? page!.outline;

  const values = index.values();
  if (page && anchor && shown && values?.page === page) {
    const value = values.byAnchor.get(anchor);
    if (value) {
      // A link to an old anchor shows the value it became, and says so.
      const renamed = anchor === value.anchor ? [] : [`\`#${anchor}\` is an old anchor of this value; it is \`#${value.anchor}\` now.`, ''];
      return { markdown: [...renamed, ...valueCard(shown, value), '---', footer(page, value.anchor, redirected)].join('\n'), span: link.span };
    }
  }

  const title = outline.title ?? page?.url ?? 'This page';
  const lines = [`**${title}**`, ''];
  if (anchor) {
    const heading = outline.headings.find((h) => h.slug === anchor);
    const other = index.anchorsOf(outline, page ? page.path : source.path, page?.layer).get(anchor);
    if (heading) {
      lines.push(`${'#'.repeat(Math.min(heading.level + 1, 6))} ${heading.text}`);
      if (shown) lines.push('', truncate(sectionText(shown, heading)));
    } else if (other) {
      lines.push(other.id === other.label ? `Anchor \`#${other.id}\`` : `### ${other.label}`);
    } else {
      lines.push(`No section \`#${anchor}\` on this page.`);
    }
  } else if (page && values?.page === page) {
    lines.push(values.values.map((value) => `- ${value.name}`).join('\n'));
  } else if (shown?.outline.openingParagraph) {
    const paragraph = shown.outline.openingParagraph;
    lines.push(truncate(shown.text.slice(paragraph.start, paragraph.end).trim()));
  }
  if (page) lines.push('', '---', footer(page, anchor, redirected));
  return { markdown: lines.join('\n'), span: link.span };
}

/** A value's name and its definition, as a hover shows it. */
function valueCard(valuesPage: ParsedPage, value: Value): string[] {
  return [`**Value: ${value.name}**`, '', definitionOf(valuesPage, value), ''];
}

/** The hover over words that name a value without linking to it: the value, as over a link to it. */
async function mentionHover(index: SiteIndex, source: PageSource, offset: number): Promise<HoverCard | undefined> {
  const mention = source.parsed.mentions.find((candidate) => candidate.span.start <= offset && offset <= candidate.span.end);
  const values = index.values();
  const value = mention && values?.byAnchor.get(mention.anchor);
  if (!mention || !values || !value || isValuesPageAt(values, source)) return undefined;
  const text = await index.textOf(values.page);
  if (text === undefined) return undefined;
  const markdown = [...valueCard(index.parse(text, values.page.layer), value), '---', `${footer(values.page, value.anchor, undefined)}. Not linked here: the quick fix links it.`];
  return { markdown: markdown.join('\n'), span: mention.span };
}

/** The link whose span holds the offset; the innermost when spans nest. */
export function linkAt(source: PageSource, offset: number): PageLink | undefined {
  let found: PageLink | undefined;
  for (const link of source.parsed.links) {
    if (link.span.start <= offset && offset <= link.span.end) {
      if (!found || link.span.end - link.span.start < found.span.end - found.span.start) found = link;
    }
  }
  return found;
}

function footer(page: IndexedPage, anchor: string | undefined, redirected: string | undefined): string {
  const where = page.layer === 'bundled' ? 'bundled handbook' : page.path;
  const from = `From \`${page.url}${anchor ? '#' + anchor : ''}\` (${where})`;
  return redirected ? `${from}. ${redirected}` : from;
}

function truncate(markdown: string): string {
  if (markdown.length <= SECTION_LIMIT) return markdown;
  const cut = markdown.lastIndexOf('\n\n', SECTION_LIMIT);
  return (cut > 0 ? markdown.slice(0, cut) : markdown.slice(0, SECTION_LIMIT)) + '\n\n…';
}

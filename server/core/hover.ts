import { type PageLink, type PageOutline, type ParsedPage } from './page';
import { safeDecode } from './sitePath';
import { sectionText } from './sections';
import type { IndexedPage, PageSource, SiteIndex } from './siteIndex';
import type { Span } from './text';
import { valueAt, valuesOf } from './values';

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
  const target = link.destination.startsWith('#')
    ? { path: source.url, anchor: safeDecode(link.destination.slice(1)) }
    : readSite(index, source, link);
  if (!target) return undefined;
  let anchor = target.anchor || undefined;
  if (target.path === undefined) return { kind: 'page', link, anchor };
  // A path between files names its page whatever the host's rules say of URLs.
  if ('target' in target && target.target.file !== undefined) {
    const resolution = index.resolveTarget(target.target);
    return resolution.kind === 'page' ? { kind: 'page', link, page: resolution.page, anchor } : undefined;
  }
  // Where the host's rules take the link is what a reader sees.
  const landing = index.landingOf(target.path);
  if (landing.kind === 'external' || landing.kind === 'loop') return undefined;
  let path = target.path;
  let redirected: string | undefined;
  if (landing.kind === 'redirected') {
    path = landing.path;
    anchor = anchor || landing.anchor;
    if (!landing.rewritten) redirected = `Redirected from \`${target.path}\` by ${landing.hops.map((hop) => hop.rule.origin).join(', ')}`;
  }
  const resolution = index.resolve(path);
  if (resolution.kind === 'route') return { kind: 'route', link, path };
  if (resolution.kind !== 'page') return undefined;
  return { kind: 'page', link, page: resolution.page, anchor, redirected };
}

/**
 * The hover for the link under `offset`: a value and its definition, or a page and its
 * section. A page of the site is read again through the index for the section's text.
 */
export async function hoverAt(index: SiteIndex, source: PageSource, offset: number): Promise<HoverCard | undefined> {
  const target = hoverTargetAt(index, source, offset);
  if (!target) return undefined;
  const link = target.link;
  if (target.kind === 'route') {
    return { markdown: `\`${target.path}\` is served by the site, outside the handbook's pages.`, span: link.span };
  }
  const { page, anchor, redirected } = target;
  const text = page && (await index.textOf(page));
  // Its text as read now; where it cannot be read, what the index knows of it.
  const shown: ParsedPage | undefined = page ? (text === undefined ? undefined : index.parse(text, page.layer)) : source.parsed;
  const outline: PageOutline = shown?.outline ?? page!.outline;

  if (page && anchor && shown && index.isValuesPage(page)) {
    const value = valueAt(shown, anchor);
    if (value) {
      return {
        markdown: [`**Value: ${value.name}**`, '', value.definition, '', '---', footer(page, anchor, redirected)].join('\n'),
        span: link.span,
      };
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
  } else if (page && shown && index.isValuesPage(page)) {
    lines.push(valuesOf(shown).map((value) => `- ${value.name}`).join('\n'));
  } else if (shown?.outline.openingParagraph) {
    const paragraph = shown.outline.openingParagraph;
    lines.push(truncate(shown.text.slice(paragraph.start, paragraph.end).trim()));
  }
  if (page) lines.push('', '---', footer(page, anchor, redirected));
  return { markdown: lines.join('\n'), span: link.span };
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

function readSite(index: SiteIndex, source: PageSource, link: PageLink) {
  const target = index.readLink(link.destination, source);
  return target.kind === 'site' ? { path: target.path as string | undefined, anchor: target.anchor, target } : undefined;
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

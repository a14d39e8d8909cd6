import type { Heading, ParsedPage } from './page';

/** What finding a section needs of a page: its text and its headings. */
export type SectionSource = Pick<ParsedPage, 'text' | 'outline'>;
import type { Span } from './text';

/**
 * The Markdown under a heading, up to the next heading of the same or a higher level
 * (so a value's `###` sub-sections belong to it).
 */
function sectionBody(page: SectionSource, heading: Heading): Span {
  const headings = page.outline.headings;
  const index = headings.indexOf(heading);
  const next = headings.slice(index + 1).find((other) => other.level <= heading.level);
  return { start: heading.span.end, end: next ? next.span.start : page.text.length };
}

/** The section's Markdown with its surrounding blank lines trimmed. */
export function sectionText(page: SectionSource, heading: Heading): string {
  const span = sectionBody(page, heading);
  return page.text.slice(span.start, span.end).trim();
}

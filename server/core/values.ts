import type { ParsedPage } from './page';
import { sectionText } from './sections';

/** One of the company's values: a `##` section of the values page. */
export interface Value {
  name: string;
  anchor: string;
  /** The section's Markdown, up to the next heading of the same or a higher level. */
  definition: string;
}

/** The values a values page defines, in the page's order. */
export function valuesOf(page: ParsedPage): Value[] {
  return page.outline.headings
    .filter((heading) => heading.level === 2)
    .map((heading) => ({ name: heading.text, anchor: heading.slug, definition: sectionText(page, heading) }));
}

/** The value an anchor of the values page names, if it names one. */
export function valueAt(page: ParsedPage, anchor: string): Value | undefined {
  return valuesOf(page).find((value) => value.anchor === anchor);
}

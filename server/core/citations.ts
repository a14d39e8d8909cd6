import { linksTo, type FoundLink } from './references';
import type { SiteIndex } from './siteIndex';
import type { Span } from './text';
import type { PageSource } from './siteIndex';
import type { UrlRules } from './urlRules';
import { definitionOf, headingOf, isValuesPageAt, valueDestination, type SiteValues, type Value } from './values';

/** Who cites a value: the links to its anchor now, and those to an anchor it had before. */
export interface ValueCitations {
  value: Value;
  links: FoundLink[];
  /** Links to an old anchor of it (each also a `value.renamed` finding). */
  oldLinks: FoundLink[];
  /** The pages that cite it either way, by path, in order. */
  pages: string[];
}

/**
 * Every value with the links that cite it, in the values page's order. The links to the
 * values page are found once and sorted by anchor; a reference counts once, where it is
 * used, not again at its definition.
 */
export async function citationsOf(index: SiteIndex, values: SiteValues): Promise<ValueCitations[]> {
  const byValue = new Map<Value, ValueCitations>(values.values.map((value) => [value, { value, links: [], oldLinks: [], pages: [] }]));
  for (const found of await linksTo(index, { page: values.page })) {
    // The values page's own links to its values cite nothing.
    if (found.anchor === undefined || found.link.kind === 'definition' || found.page === values.page) continue;
    const value = values.byAnchor.get(found.anchor);
    const citations = value && byValue.get(value);
    if (!citations) continue;
    (found.anchor === value.anchor ? citations.links : citations.oldLinks).push(found);
    if (!citations.pages.includes(found.page.path)) citations.pages.push(found.page.path);
  }
  return [...byValue.values()];
}

/** A value as the Values view and the "Insert link to a value" command show it. */
export interface ValueSummary {
  value: Value;
  /** Its definition's Markdown. */
  definition: string;
  /** What a link to it from the asking page writes. */
  destination: string;
  citations: ValueCitations;
}

/** Every value with its definition, the link to it from `from`, and who cites it: what a client lists. */
export async function valueSummaries(index: SiteIndex, values: SiteValues, from: Pick<PageSource, 'path'>, rules: UrlRules): Promise<ValueSummary[]> {
  const text = await index.textOf(values.page);
  const parsed = text === undefined ? undefined : index.parse(text, values.page.layer);
  const citations = await citationsOf(index, values);
  return citations.map((cited) => ({
    value: cited.value,
    definition: parsed ? definitionOf(parsed, cited.value) : '',
    destination: valueDestination(values, cited.value, from, rules),
    citations: cited,
  }));
}

/** Where a code lens goes on the values page: each value's heading, with how many pages cite it. */
export interface CitationLens {
  value: Value;
  /** The heading's text, as the page is now. */
  span: Span;
  pages: number;
}

/** The values page's lenses, one on each value's heading; none on any other page. */
export async function citationLenses(index: SiteIndex, source: PageSource): Promise<CitationLens[]> {
  const values = index.values();
  if (!values || !isValuesPageAt(values, source)) return [];
  const citations = await citationsOf(index, values);
  return citations.flatMap(({ value, pages }) => {
    const heading = headingOf(source.parsed, value);
    return heading ? [{ value, span: heading.textSpan, pages: pages.length }] : [];
  });
}

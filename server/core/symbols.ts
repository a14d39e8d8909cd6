import type { IndexedPage, PageSource, SiteIndex } from './siteIndex';
import type { Span } from './text';

/** A heading of a page as an outline entry: its section, its own line, and the headings under it. */
export interface OutlineEntry {
  name: string;
  level: number;
  /** From the heading to the next heading of the same or a higher level. */
  span: Span;
  /** The heading's text. */
  selectionSpan: Span;
  children: OutlineEntry[];
}

/** The page's headings as a tree, each holding the section under it. */
export function documentOutline(source: PageSource): OutlineEntry[] {
  const { headings } = source.parsed.outline;
  const textEnd = source.parsed.text.length;
  const roots: OutlineEntry[] = [];
  const open: OutlineEntry[] = [];
  headings.forEach((heading, i) => {
    const next = headings.slice(i + 1).find((later) => later.level <= heading.level);
    const entry: OutlineEntry = {
      name: heading.text === '' ? '(empty heading)' : heading.text,
      level: heading.level,
      span: { start: heading.span.start, end: next ? lastLineEnd(source.parsed.text, next.span.start) : textEnd },
      selectionSpan: heading.textSpan.end > heading.textSpan.start ? heading.textSpan : heading.span,
      children: [],
    };
    while (open.length > 0 && open[open.length - 1].level >= heading.level) open.pop();
    (open.length > 0 ? open[open.length - 1].children : roots).push(entry);
    open.push(entry);
  });
  return roots;
}

/** The end of the line before `offset` (a section ends where the next heading's line starts). */
function lastLineEnd(text: string, offset: number): number {
  let end = offset;
  while (end > 0 && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return end;
}

/** One page title or heading of the workspace, for a search across it. */
export interface SiteSymbol {
  name: string;
  kind: 'value' | 'page' | 'heading';
  page: IndexedPage;
  line: number;
  /** The page the heading is on, by title. */
  container?: string;
}

/** The most symbols one search answers; the editor asks again as more is typed. */
export const MAX_SYMBOLS = 500;

/** Whether every character of the query appears in the name, in order, whatever their case. */
function matches(name: string, query: string): boolean {
  let at = 0;
  const lowered = name.toLowerCase();
  for (const char of query) {
    at = lowered.indexOf(char, at);
    if (at === -1) return false;
    at++;
  }
  return true;
}

/** Page titles and headings of the workspace that match a query, the values first, at most MAX_SYMBOLS. */
export function workspaceSymbols(index: SiteIndex, query: string): SiteSymbol[] {
  const wanted = query.toLowerCase().replace(/\s+/g, '');
  const found: SiteSymbol[] = [];
  const pages = [...index.pages('workspace')];
  // The values page is searched first, so its values lead whatever else matches.
  const valuesAt = pages.findIndex((page) => index.isValuesPage(page));
  if (valuesAt > 0) pages.unshift(...pages.splice(valuesAt, 1));
  for (const page of pages) {
    const title = page.outline.title ?? page.url;
    const isValues = index.isValuesPage(page);
    const pageSymbols: SiteSymbol[] = [];
    for (const heading of page.outline.headings) {
      if (heading.level === 1 && heading.text === title) continue;
      if (!matches(heading.text, wanted)) continue;
      const kind = isValues && heading.level === 2 ? 'value' : 'heading';
      pageSymbols.push({ name: heading.text, kind, page, line: heading.line, container: title });
    }
    if (matches(title, wanted)) pageSymbols.splice(isValues ? pageSymbols.length : 0, 0, { name: title, kind: 'page', page, line: 0 });
    found.push(...pageSymbols);
    if (found.length >= MAX_SYMBOLS) break;
  }
  return found.slice(0, MAX_SYMBOLS);
}

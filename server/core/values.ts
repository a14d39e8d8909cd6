import type { Heading, PageOutline, ParsedPage } from './page';
import { sectionText, type SectionSource } from './sections';
import type { IndexedPage } from './siteIndex';
import { relativeFile } from './sitePath';
import type { Span } from './text';
import { browserUrlOf, type UrlRules } from './urlRules';
import { slugOf } from './slug';

/**
 * Old names and old anchors of values, by the value they stand for now (its anchor or its
 * name): the config file's `values.aliases`, as `{ "step-on-toes": ["Tread on toes", "#tread-on-toes"] }`.
 * A name brings its own anchor with it (its slug); an entry starting with `#` is an anchor only.
 */
export type ValueAliases = Record<string, string[]>;

/** One of the company's values: a `##` section of the values page, and what it was called before. */
export interface Value {
  name: string;
  anchor: string;
  /** The heading's line on the values page, 0-based. */
  line: number;
  /** The names it had before (the aliases), which mentions may still use. */
  oldNames: string[];
  /** The anchors it had before, which links may still use. */
  oldAnchors: string[];
}

/** A place in a page's prose that names a value without linking to it. */
export interface ValueMention {
  span: Span;
  /** The value's anchor now. */
  anchor: string;
  /** The words as written there (a line break kept as it is). */
  written: string;
}

/** The values of the site's values page, with what finds them: the site's "values in effect". */
export interface SiteValues {
  page: IndexedPage;
  values: Value[];
  /** Anchor, now or before, to its value. */
  byAnchor: ReadonlyMap<string, Value>;
  /** Finds names and old names in prose; undefined when there are no values. */
  mentions?: MentionPattern;
  /** Alias keys that name no value of the page: said to the user, never a stop. */
  unmatchedAliases: string[];
}

/** A compiled search for every value's names (whole words are checked with `isWholeWords`), and which value a match is. */
export interface MentionPattern {
  regex: RegExp;
  /** By the matched words' `mentionKey`. */
  valueOf: ReadonlyMap<string, Value>;
}

/** The values a values page defines, in the page's order, each with its aliases. */
export function valuesOf(outline: PageOutline, aliases: ValueAliases = {}): { values: Value[]; unmatchedAliases: string[] } {
  const values: Value[] = outline.headings
    .filter((heading) => heading.level === 2)
    .map((heading) => ({ name: heading.text, anchor: heading.slug, line: heading.line, oldNames: [], oldAnchors: [] }));
  const unmatchedAliases: string[] = [];
  for (const [key, entries] of Object.entries(aliases)) {
    const bare = key.startsWith('#') ? key.slice(1) : key;
    const value = values.find((candidate) => candidate.anchor === bare) ?? values.find((candidate) => candidate.name.toLowerCase() === key.toLowerCase() || candidate.anchor === slugOf(key));
    if (!value) {
      unmatchedAliases.push(key);
      continue;
    }
    for (const entry of entries) {
      const trimmed = entry.trim();
      if (trimmed.startsWith('#')) {
        if (trimmed.length > 1) value.oldAnchors.push(trimmed.slice(1));
      } else if (trimmed !== '') {
        value.oldNames.push(trimmed);
        value.oldAnchors.push(slugOf(trimmed));
      }
    }
  }
  return { values, unmatchedAliases };
}

/** The values in effect, with the look-ups that features need of them. */
export function siteValuesOf(page: IndexedPage, aliases: ValueAliases): SiteValues {
  const { values, unmatchedAliases } = valuesOf(page.outline, aliases);
  const byAnchor = new Map<string, Value>();
  // A current anchor wins over another value's old one: it is what the page has now.
  for (const value of values) if (!byAnchor.has(value.anchor)) byAnchor.set(value.anchor, value);
  for (const value of values) for (const old of value.oldAnchors) if (!byAnchor.has(old)) byAnchor.set(old, value);
  return { page, values, byAnchor, mentions: mentionPatternOf(values), unmatchedAliases };
}

/** Whether a page is the values page in effect, whose own prose names its values without linking them. */
export function isValuesPageAt(values: SiteValues, source: { path?: string }): boolean {
  return values.page.layer === 'workspace' && source.path === values.page.path;
}

/** A value's definition: its section's Markdown, up to the next heading of its level or higher. */
export function definitionOf(page: ParsedPage, value: Value): string {
  const heading = headingOf(page, value);
  return heading ? sectionText(page, heading) : '';
}

/** The heading on the values page (as read now) that a value is. */
export function headingOf(page: ParsedPage, value: Value): Heading | undefined {
  return page.outline.headings.find((heading) => heading.level === 2 && heading.slug === value.anchor);
}

/**
 * The destination a page writes to link to a value: the values page's URL and the value's
 * anchor, or, on a site whose links are paths between files, the path to the values file.
 */
export function valueDestination(values: SiteValues, value: Value, from: { path?: string }, rules: UrlRules): string {
  const { page } = values;
  if (page.layer === 'workspace' && rules.links === 'files' && from.path !== undefined) return `${relativeFile(from.path, page.path)}#${value.anchor}`;
  return `${page.layer === 'workspace' ? browserUrlOf(page.url, rules) : page.url}#${value.anchor}`;
}

/** Matched words as looked up: lower case, one space for each run of white space, one apostrophe. */
export function mentionKey(words: string): string {
  return words.toLowerCase().replace(/\s+/g, ' ').replace(/[’‘]/g, "'");
}

/** Neither a letter, a digit nor `_` may touch a mention: whole words only. */
const WORD_CHARACTER = /[\p{L}\p{N}_]/u;

/**
 * Whether a match of the names stands as whole words in `text`. Checked here, not in the
 * pattern: a pattern of plain alternatives is searched far faster than one that starts
 * with a look-behind.
 */
export function isWholeWords(text: string, start: number, end: number): boolean {
  return (start === 0 || !WORD_CHARACTER.test(text[start - 1])) && (end === text.length || !WORD_CHARACTER.test(text[end]));
}

function mentionPatternOf(values: Value[]): MentionPattern | undefined {
  const valueOf = new Map<string, Value>();
  for (const value of values) {
    for (const name of [value.name, ...value.oldNames]) {
      const key = mentionKey(name.trim());
      // A name of two values finds the first: the page's order decides, as it does for anchors.
      if (key !== '' && !valueOf.has(key)) valueOf.set(key, value);
    }
  }
  if (valueOf.size === 0) return undefined;
  // Longest first, so that of two names where one holds the other, the whole one is found.
  const alternatives = [...valueOf.keys()].sort((a, b) => b.length - a.length).map(namePattern);
  return { regex: new RegExp(alternatives.join('|'), 'gi'), valueOf };
}

/** A name as it may be written in prose: any white space (a soft line break too) between words, either apostrophe. */
function namePattern(key: string): string {
  return key
    .split(' ')
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, "['’‘]"))
    .join('\\s+');
}

/** A value named twice on the values page, or named with nothing under it. */
export interface ValuesPageProblem {
  code: 'value.duplicate' | 'value.no-definition';
  span: Span;
  name: string;
  /** For a duplicate: the line (0-based) of the value it repeats. */
  firstLine?: number;
}

/** The values page's own problems: two values with one slug (links reach only the first), a value with no definition. */
export function valuesPageProblems(page: SectionSource): ValuesPageProblem[] {
  const problems: ValuesPageProblem[] = [];
  const seen = new Map<string, Heading>();
  for (const heading of page.outline.headings) {
    if (heading.level !== 2) continue;
    const base = slugOf(heading.text);
    const first = seen.get(base);
    if (first) problems.push({ code: 'value.duplicate', span: heading.textSpan, name: heading.text, firstLine: first.line });
    else seen.set(base, heading);
    if (sectionText(page, heading) === '') problems.push({ code: 'value.no-definition', span: heading.textSpan, name: heading.text });
  }
  return problems;
}

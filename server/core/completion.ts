import { isInCode, type Anchor } from './page';
import type { PageSource, SiteIndex } from './siteIndex';
import type { Span } from './text';
import { valueDestination } from './values';

/** One completion: a folder or page of a URL path, an anchor of a page, or a whole link to a value. */
export interface CompletionEntry {
  kind: 'folder' | 'page' | 'anchor' | 'value';
  label: string;
  /** The page's title, the heading's text, or the value's name. */
  detail?: string;
  /** What the user types to choose it, where that is not `insertText` (a value's name, for its whole link). */
  filterText?: string;
  /** What replaces `span`. */
  insertText: string;
  span: Span;
  /** Whether the next segment's completions follow: a folder with no page of its own, whose insertion ends in `/`. */
  leadsOn: boolean;
}

/** What completes at a place: the entries, and whether there are more than were given (the client then asks again as the user types). */
export interface Completions {
  entries: CompletionEntry[];
  incomplete: boolean;
}

/** The most entries one answer holds: a folder or a page can hold any number. */
export const MAX_COMPLETIONS = 500;

const NONE: Completions = { entries: [], incomplete: false };

/** Where a link destination is being typed, up to the cursor. */
const DESTINATION_PATTERNS = [
  /\]\(\s*<?([^\s()<>]*)$/,
  /\b(?:href|to)=\{?\s*["'`]([^"'`\s]*)$/,
  /^\s{0,3}\[[^\]]+\]:\s*<?(\S*)$/,
];

/** Link text being typed, up to the cursor: after a `[` that no `!`, `\\` or `]` is before. */
const LINK_TEXT = /(?:^|[^!\\\]])\[([^[\]()]*)$/;

/** Completions at `offset`: path segments after `/`, anchors after `#`, links to values in link text. */
export function completeAt(index: SiteIndex, source: PageSource, offset: number): Completions {
  const { parsed } = source;
  if (isInCode(parsed, offset)) return NONE;
  const position = parsed.lines.positionAt(offset);
  const before = parsed.text.slice(parsed.lines.lineStart(position.line), offset);
  const typed = DESTINATION_PATTERNS.map((pattern) => pattern.exec(before)?.[1]).find((match) => match !== undefined);
  if (typed === undefined) {
    const linkText = LINK_TEXT.exec(before);
    return linkText ? valueLinks(index, source, offset, linkText[1]) : NONE;
  }

  const hash = typed.indexOf('#');
  if (hash !== -1) {
    const anchorStart = offset - (typed.length - hash - 1);
    const anchors = anchorsFor(index, source, typed.slice(0, hash));
    if (!anchors) return NONE;
    return bounded([...anchors.values()], (anchor) => anchor.id, typed.slice(hash + 1), (found) => anchorEntries(found, { start: anchorStart, end: offset }));
  }

  const slash = typed.lastIndexOf('/');
  if (slash === -1 && source.url === undefined) return NONE;
  const folderWritten = typed.slice(0, slash + 1);
  const segmentStart = offset - (typed.length - slash - 1);
  const folderUrl = folderUrlOf(index, source, folderWritten);
  if (folderUrl === undefined) return NONE;
  return bounded(index.folder(folderUrl), (entry) => entry.segment, typed.slice(slash + 1), (found) => found.map((entry) => {
    // A folder that is also a page may be what is linked to; one that is not, only a way on.
    const leadsOn = entry.hasChildren && !entry.page;
    return {
      kind: entry.hasChildren ? 'folder' : 'page',
      label: entry.segment,
      detail: entry.page?.outline.title,
      insertText: leadsOn ? `${entry.segment}/` : entry.segment,
      span: { start: segmentStart, end: offset },
      leadsOn,
    };
  }));
}

/**
 * All the candidates, or, where there are more than MAX_COMPLETIONS, those whose name starts
 * with what is typed, at most that many, marked incomplete.
 */
function bounded<T>(candidates: T[], nameOf: (candidate: T) => string, typed: string, entries: (found: T[]) => CompletionEntry[]): Completions {
  if (candidates.length <= MAX_COMPLETIONS) return { entries: entries(candidates), incomplete: false };
  const start = typed.toLowerCase();
  const found: T[] = [];
  for (const candidate of candidates) {
    if (!nameOf(candidate).toLowerCase().startsWith(start)) continue;
    found.push(candidate);
    if (found.length === MAX_COMPLETIONS) break;
  }
  return { entries: entries(found), incomplete: true };
}

/**
 * Each value as the whole link to it, replacing the `[` and what follows up to the cursor
 * (and a `]` the editor closed it with). Not after a link's own text, nor where the line
 * already goes on as a link (`[text](`).
 */
function valueLinks(index: SiteIndex, source: PageSource, offset: number, typed: string): Completions {
  const values = index.values();
  if (!values) return NONE;
  const { text } = source.parsed;
  const closed = text[offset] === ']';
  if (text[offset + (closed ? 1 : 0)] === '(') return NONE;
  const span = { start: offset - typed.length - 1, end: offset + (closed ? 1 : 0) };
  return {
    entries: values.values.map((value) => ({
      kind: 'value',
      label: value.name,
      detail: 'Link to the value',
      filterText: `[${value.name}`,
      insertText: `[${value.name}](${valueDestination(values, value, source, index.settings.urlRules)})`,
      span,
      leadsOn: false,
    })),
    incomplete: false,
  };
}

function anchorEntries(anchors: Anchor[], span: Span): CompletionEntry[] {
  return anchors.map((anchor) => ({
    kind: 'anchor',
    label: anchor.id,
    detail: anchor.label,
    insertText: anchor.id,
    span,
    leadsOn: false,
  }));
}

/** A page's anchors, to complete; on the values page, its values first, in its order, then the rest. */
function anchorsFor(index: SiteIndex, source: PageSource, written: string): ReadonlyMap<string, Anchor> | undefined {
  if (written === '') return index.anchorsOf(source.parsed.outline, source.path);
  const target = index.readLink(written, source);
  if (target.kind !== 'site') return undefined;
  const resolution = index.resolveTarget(target);
  if (resolution.kind !== 'page') return undefined;
  const { page } = resolution;
  const anchors = index.anchorsOf(page.outline, page.path, page.layer);
  const values = index.values();
  if (values?.page !== page) return anchors;
  const ordered = new Map<string, Anchor>();
  for (const value of values.values) {
    const anchor = anchors.get(value.anchor);
    if (anchor) ordered.set(value.anchor, { ...anchor, label: `Value: ${value.name}` });
  }
  for (const [id, anchor] of anchors) if (!ordered.has(id)) ordered.set(id, anchor);
  return ordered;
}

/** The URL folder that what was typed up to its last `/` names (`/handbook/` → `/handbook`). */
function folderUrlOf(index: SiteIndex, source: PageSource, written: string): string | undefined {
  // A trailing name keeps the URL parser from dropping the folder's last segment.
  const target = index.readLink(written + '_', { url: source.url });
  if (target.kind !== 'site') return undefined;
  return target.path.slice(0, target.path.lastIndexOf('/')) || '/';
}

import { detach, type LineMap, type Span } from './text';

/**
 * A comment that silences findings: `<!-- handbook-ignore-next-line -->` the next line's,
 * `<!-- handbook-ignore-file -->` the page's; in MDX, where HTML comments are errors,
 * `{/* handbook-ignore-next-line *\/}`. Codes after the word silence only those
 * (`<!-- handbook-ignore-next-line link.missing-anchor -->`).
 */
export interface Suppression {
  scope: 'next-line' | 'file';
  /** The codes it silences; every code when empty. */
  codes: string[];
  /** The comment. */
  span: Span;
  /** The line it silences, for `next-line`. */
  covers?: Span;
}

const COMMENT = /<!--\s*handbook-ignore-(next-line|file)\b([^>]*?)\s*-->|\{\s*\/\*\s*handbook-ignore-(next-line|file)\b([^*]*?)\s*\*\/\s*\}/g;

/** The suppressions a page writes, outside code. */
export function suppressionsOf(text: string, lines: LineMap, codeSpans: Span[]): Suppression[] {
  if (!text.includes('handbook-ignore-')) return [];
  const found: Suppression[] = [];
  for (const match of text.matchAll(COMMENT)) {
    const start = match.index!;
    const end = start + match[0].length;
    // HTML comments are among the page's code spans themselves; a comment inside a code block is an example, not a suppression.
    const isComment = text.startsWith('<!--', start);
    if (codeSpans.some((span) => span.start <= start && start < span.end && !(isComment && text.slice(span.start, start).trim() === ''))) continue;
    const scope = (match[1] ?? match[3]) as Suppression['scope'];
    // Fresh strings: a slice of the page would keep its whole text alive in a check's kept pages.
    const codes = (match[2] ?? match[4] ?? '').split(/[\s,]+/).filter((code) => code !== '').map(detach);
    const suppression: Suppression = { scope, codes, span: { start, end } };
    if (scope === 'next-line') {
      const next = lines.positionAt(end).line + 1;
      suppression.covers = next < lines.lineCount ? { start: lines.lineStart(next), end: lines.lineEnd(next) } : { start: text.length, end: text.length };
    }
    found.push(suppression);
  }
  return found;
}

/** Whether a suppression silences a finding of this code that starts at this offset. */
export function silences(suppression: Suppression, code: string, offset: number): boolean {
  if (suppression.codes.length > 0 && !suppression.codes.includes(code)) return false;
  return suppression.scope === 'file' || (suppression.covers !== undefined && suppression.covers.start <= offset && offset <= suppression.covers.end);
}

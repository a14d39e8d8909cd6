import matter from 'gray-matter';
import type { Span } from './text';

/** A page's front matter: where it lies, what it holds, and why it could not be read. */
export interface FrontMatter {
  /** The whole block, both `---` lines included. */
  span: Span;
  data: Record<string, unknown>;
  problem?: { message: string; span: Span };
}

const OPENING = /^(\uFEFF?)---[ \t]*([A-Za-z0-9_-]*)[ \t]*(?:\r\n|\r|\n)/;

/**
 * gray-matter `eval`s `---js` front matter by default; a page must never run code in the
 * server, so every engine but YAML and JSON is replaced by one that refuses.
 */
function refuse(language: string) {
  return {
    parse(): never {
      throw new Error(`${language} front matter is not run; only YAML and JSON front matter are read`);
    },
  };
}

const SAFE_OPTIONS = {
  engines: {
    js: refuse('JavaScript'),
    javascript: refuse('JavaScript'),
    coffee: refuse('CoffeeScript'),
    coffeescript: refuse('CoffeeScript'),
    cson: refuse('CSON'),
  },
} as unknown as Parameters<typeof matter>[1];

/** Finds and reads the front matter at the top of a page, if it has any. */
export function readFrontMatter(text: string): FrontMatter | undefined {
  const opening = OPENING.exec(text);
  if (!opening) return undefined;
  const rest = text.slice(opening[0].length);
  const closing = findClosingLine(rest);
  if (closing === undefined) return undefined;
  const end = opening[0].length + closing.end;
  const block = text.slice(opening[1].length, opening[0].length + closing.start);
  const span = { start: 0, end };
  const language = opening[2] || 'yaml';

  try {
    // gray-matter is handed exactly `---lang\n...\n---` so the parser's line numbers are ours.
    const parsed = matter(block.replace(/\r\n?/g, '\n') + '---\n', SAFE_OPTIONS);
    const data = parsed.data && typeof parsed.data === 'object' ? (parsed.data as Record<string, unknown>) : {};
    return { span, data };
  } catch (error) {
    return { span, data: {}, problem: describeProblem(error, text, language, span) };
  }
}

function findClosingLine(rest: string): { start: number; end: number } | undefined {
  // Any line ending counts, a lone \r included, which the `m` flag alone would miss.
  const match = /(^|\r\n|\r|\n)---[ \t]*(?=\r\n|\r|\n|$)/.exec(rest);
  if (!match) return undefined;
  const start = match.index + match[1].length;
  let end = match.index + match[0].length;
  if (rest.startsWith('\r\n', end)) end += 2;
  else if (rest[end] === '\n' || rest[end] === '\r') end += 1;
  return { start, end };
}

function describeProblem(error: unknown, text: string, language: string, block: Span): FrontMatter['problem'] {
  const err = error as { name?: string; reason?: string; message?: string; mark?: { line?: number; column?: number } };
  if (err && err.name === 'YAMLException' && err.mark && typeof err.mark.line === 'number') {
    const line = err.mark.line;
    const column = err.mark.column ?? 0;
    const offset = offsetOfLine(text, line) + column;
    const spanStart = Math.min(Math.max(offset, block.start), block.end);
    return {
      message: `Front matter is not valid YAML: ${err.reason ?? err.message} (line ${line + 1}, column ${column + 1})`,
      span: { start: spanStart, end: Math.min(spanStart + 1, block.end) },
    };
  }
  const message = String(err?.message ?? error);
  const unknownEngine = /engine "(.*)" is not registered/.exec(message);
  const firstLineEnd = text.search(/\r|\n/);
  return {
    message: unknownEngine
      ? `Front matter in "${unknownEngine[1]}" is not read; only YAML and JSON front matter are`
      : language === 'yaml'
        ? `Front matter could not be read: ${message}`
        : message,
    span: { start: 0, end: firstLineEnd === -1 ? text.length : firstLineEnd },
  };
}

function offsetOfLine(text: string, line: number): number {
  const pattern = /\r\n|\r|\n/g;
  let offset = 0;
  for (let i = 0; i < line; i++) {
    const match = pattern.exec(text);
    if (!match) return text.length;
    offset = match.index + match[0].length;
  }
  return offset;
}

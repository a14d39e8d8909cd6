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

  if (language === 'yaml') {
    // Kept because it pays: without it a check at ×20 took 16% longer (3.53 s against 3.05 s, 5 rounds).
    const simple = readSimpleYaml(text.slice(opening[0].length, opening[0].length + closing.start));
    if (simple) return { span, data: simple };
  }
  try {
    // gray-matter is handed exactly `---lang\n...\n---` so the parser's line numbers are ours.
    const parsed = matter(block.replace(/\r\n?/g, '\n') + '---\n', SAFE_OPTIONS);
    const data = parsed.data && typeof parsed.data === 'object' ? (parsed.data as Record<string, unknown>) : {};
    return { span, data };
  } catch (error) {
    return { span, data: {}, problem: describeProblem(error, text, language, span) };
  }
}

/** `key: value`; the value still has its trailing blanks, which are not part of it (a lazy `.*?` finding them cost more). */
const SIMPLE_KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?:[ \t]+(.*))?$/;
/** Characters js-yaml refuses or treats apart: control characters, surrogates, BOM, non-characters. */
const UNUSUAL = '\\x00-\\x1f\\x7f-\\x9f\\ud800-\\udfff\\ufeff\\ufffe\\uffff';
/**
 * Plain text that YAML reads as itself: no comment, no mapping, no tag, alias or number. A
 * `:` is text when something other than a space or tab follows it (`https://…`), a `#`
 * when something other than a space or tab comes before it.
 */
const PLAIN_STRING = new RegExp(`^(?:[A-Za-z]|\\.{1,2}/|/)(?:[^:#\\t${UNUSUAL}]|:(?=[^ \\t])|(?<=[^ \\t])#)*$`);
const QUOTED_STRING = new RegExp(`^"[^"\\\\${UNUSUAL}]*"$|^'[^'${UNUSUAL}]*'$`);
const LIST_ITEM = `(?:"[^"\\\\${UNUSUAL}]*"|'[^'${UNUSUAL}]*')`;
const STRING_LIST = new RegExp(`^\\[ *(?:${LIST_ITEM}(?: *, *${LIST_ITEM})*)? *\\]$`);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WHOLE_NUMBER = /^(?:0|[1-9][0-9]{0,14})$/;
/** Words YAML reads as something other than a string, as a key or a plain value. */
const NOT_STRINGS = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL', '__proto__']);

/**
 * Front matter made only of `key: value` lines whose values are plain or quoted strings,
 * whole numbers, `true`/`false`, dates, empty, or one-line lists of quoted strings, which is most of
 * it, read without a YAML parser: what js-yaml would make of it, or undefined for anything
 * else, which goes to gray-matter. It was a tenth of the time of checking a large site.
 */
export function readSimpleYaml(content: string): Record<string, unknown> | undefined {
  const data: Record<string, unknown> = {};
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const match = SIMPLE_KEY.exec(line);
    if (!match || NOT_STRINGS.has(match[1]) || Object.prototype.hasOwnProperty.call(data, match[1])) return undefined;
    const value = match[2] === undefined ? '' : trimBlanksEnd(match[2]);
    let read: unknown;
    if (value === '') {
      // An empty value, or a block list of scalars on the lines below: `tags:` then `  - a`.
      const items: unknown[] = [];
      const indent = SEQUENCE_ITEM.exec(lines[i + 1] ?? '')?.[1];
      for (let item; indent !== undefined && (item = SEQUENCE_ITEM.exec(lines[i + 1] ?? '')) && item[1] === indent; i++) {
        const itemValue = readScalar(trimBlanksEnd(item[2]));
        if (itemValue === NOT_SIMPLE) return undefined;
        items.push(itemValue);
      }
      read = items.length > 0 ? items : null;
    } else if (STRING_LIST.test(value)) {
      read = [...value.matchAll(/"([^"]*)"|'([^']*)'/g)].map((item) => item[1] ?? item[2]);
    } else {
      read = readScalar(value);
      if (read === NOT_SIMPLE) return undefined;
    }
    data[match[1]] = read;
  }
  return data;
}

/** `  - value`: an item of a block list, its indent, and its value with trailing blanks still on. */
const SEQUENCE_ITEM = /^( *)- +([^ \t].*)$/;
const NOT_SIMPLE = Symbol('not simple');

/** A non-empty scalar as js-yaml reads it, where it is one of the simple kinds. */
function readScalar(value: string): unknown {
  if (value === 'true' || value === 'false') return value === 'true';
  if (WHOLE_NUMBER.test(value)) return Number(value);
  if (PLAIN_STRING.test(value) && !NOT_STRINGS.has(value)) return value;
  if (QUOTED_STRING.test(value)) return value.slice(1, -1);
  const date = DATE.exec(value);
  // As js-yaml reads a date: midnight UTC, an impossible day rolling over as Date.UTC does.
  if (date) return new Date(Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3])));
  return NOT_SIMPLE;
}

function trimBlanksEnd(value: string): string {
  let end = value.length;
  while (end > 0 && (value.charCodeAt(end - 1) === 0x20 || value.charCodeAt(end - 1) === 0x09)) end--;
  return end === value.length ? value : value.slice(0, end);
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

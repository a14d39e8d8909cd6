/**
 * The block structure of a page, as markdown-it reads it, for any text: every page goes
 * through this parser, whatever its line endings, tabs or NULs. markdown-it was most of the
 * cost of checking a large handbook (a token object for every container, a rule table walked
 * for every line of every paragraph, setext headings scanned twice); this parser follows the
 * same rules with none of that and emits only the tokens a page's reader uses.
 *
 * Unlike markdown-it it does not rewrite the text first (CRLF and CR to LF, NUL to U+FFFD):
 * it reads line breaks where they are and expands tabs by column, so each token's content
 * carries, as it is built, where every one of its characters came from in the source. Tests
 * compare it with markdown-it on the corpus, on generated text and on the CommonMark spec.
 */
import MarkdownIt from 'markdown-it';

/** The subset of markdown-it's block tokens that `parsePage` reads, with the same fields. */
export interface BlockToken {
  type: 'paragraph_open' | 'heading_open' | 'inline' | 'fence' | 'code_block' | 'html_block' | 'hr' | 'table_open' | 'tr_open';
  tag: string;
  map: [number, number] | null;
  /** Inline text of a paragraph, heading or cell, and the lines of an HTML block; empty otherwise. */
  content: string;
  level: number;
  /**
   * Where each character of `content` came from in the text: triples of (offset in the
   * content, offset in the text, 1 if the characters from there on follow the text one for
   * one, 0 if they stand for one character of it: the spaces a tab expands to). Line breaks
   * are `\n` in the content, whatever they are in the text. Most contents are one slice of
   * the text, one triple. Null for tokens with no content. markdown-it's tokens have no such field.
   */
  segments: Int32Array | null;
}

/** A link reference definition, by normalized label, as markdown-it records it in its `env`. */
export type References = Record<string, { title: string; href: string }>;

/** Where a link reference definition that counts (the first of its label) is written. */
export interface Definition {
  /** Its label's `[`. */
  start: number;
  /** The destination as written, without the `<` `>` around it. */
  destinationStart: number;
  destinationEnd: number;
}

/** What a page's blocks are: their tokens, and its link reference definitions. */
export interface BlockRead {
  tokens: BlockToken[];
  /** By normalized label, as markdown-it's `env.references`. */
  references: References;
  /** In the page's order, with their places. */
  definitions: Definition[];
}

/**
 * The block tokens of `text` from offset `from` on (after front matter). Line numbers count
 * from `firstLine`, the line `from` is on. Never throws.
 */
export function parseBlocks(text: string, from = 0, firstLine = 0): BlockRead {
  // markdown-it reads NUL as U+FFFD; one character for one, so every offset stays.
  const src = text.indexOf('\0', from) === -1 ? text : text.replace(/\0/g, '\uFFFD');
  const parser = new BlockParser(src, from, firstLine);
  if (from < src.length) parser.tokenize(0, parser.lineMax);
  return { tokens: parser.tokens, references: parser.references, definitions: parser.definitions };
}

/** Where offset `offset` of a token's content is in the text it was read from. */
export function sourceOffset(token: BlockToken, offset: number): number {
  const segments = token.segments;
  if (!segments) return 0;
  let low = 0;
  let high = segments.length / 3 - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (segments[mid * 3] <= offset) low = mid;
    else high = mid - 1;
  }
  const at = low * 3;
  return segments[at + 2] === 1 ? segments[at + 1] + Math.max(0, offset - segments[at]) : segments[at + 1];
}

/** markdown-it's own readers of a link's destination and title, and its link checks. */
const linkSyntax = new MarkdownIt('zero');

const SPACE = 0x20;
const TAB = 0x09;
const CARRIAGE_RETURN = 0x0d;
const HASH = 0x23;
const GREATER = 0x3e;
const LESS = 0x3c;
const BACKTICK = 0x60;
const TILDE = 0x7e;
const PIPE = 0x7c;
const DASH = 0x2d;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const MAX_LABEL_LENGTH = 999;
const MAX_NESTING = 100;
const MAX_AUTOCOMPLETED_CELLS = 0x10000;

/** Which block rules may end the block being read: markdown-it's terminator lists. */
const enum Ending {
  /** Paragraphs and setext headings: a table too. */
  Paragraph,
  /** Blockquote lines and table rows. */
  Blockquote,
  /** Between list items. */
  List,
  /** A link reference definition going on over more lines: as a paragraph, but any list ends it. */
  Reference,
}

/** A table cell's text and where it came from, as a token carries them. */
interface TableCell {
  content: string;
  segments: Int32Array;
}

type Parent = 'root' | 'paragraph' | 'blockquote' | 'list' | 'table' | 'reference';

const HTML_BLOCK_NAMES =
  'address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|' +
  'figcaption|figure|footer|form|frame|frameset|h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|' +
  'nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul';
const ATTRIBUTE = `(?:\\s+[a-zA-Z_:][a-zA-Z0-9:._-]*(?:\\s*=\\s*(?:[^"'=<>\`\\x00-\\x20]+|'[^']*'|"[^"]*"))?)`;
const OPEN_TAG = `<[A-Za-z][A-Za-z0-9\\-]*${ATTRIBUTE}*\\s*\\/?>`;
const CLOSE_TAG = `<\\/[A-Za-z][A-Za-z0-9\\-]*\\s*>`;

/** CommonMark's seven kinds of HTML block: how each starts, ends, and whether it may cut a paragraph short. */
const HTML_BLOCKS: { start: RegExp; end: RegExp; interrupts: boolean }[] = [
  { start: /^<(script|pre|style|textarea)(?=(\s|>|$))/i, end: /<\/(script|pre|style|textarea)>/i, interrupts: true },
  { start: /^<!--/, end: /-->/, interrupts: true },
  { start: /^<\?/, end: /\?>/, interrupts: true },
  { start: /^<![A-Za-z]/, end: />/, interrupts: true },
  { start: /^<!\[CDATA\[/, end: /\]\]>/, interrupts: true },
  { start: new RegExp(`^</?(${HTML_BLOCK_NAMES})(?=(\\s|/?>|$))`, 'i'), end: /^$/, interrupts: true },
  { start: new RegExp(`^(?:${OPEN_TAG}|${CLOSE_TAG})\\s*$`), end: /^$/, interrupts: false },
];

function isSpace(code: number): boolean {
  return code === SPACE || code === TAB;
}

function isLineBreak(code: number): boolean {
  return code === NEWLINE || code === CARRIAGE_RETURN;
}

/** How many lines `text` has from `from` on, at most: the size of a parse's line tables. */
function lineCountBound(text: string, from: number, hasCarriageReturn: boolean): number {
  let count = 2;
  for (let i = text.indexOf('\n', from); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  if (hasCarriageReturn) for (let i = text.indexOf('\r', from); i !== -1; i = text.indexOf('\r', i + 1)) count++;
  return count;
}

class BlockParser {
  readonly tokens: BlockToken[] = [];
  readonly references: References = {};
  readonly definitions: Definition[] = [];
  /** Lines past this one are out of reach: a blockquote cut short by another block lowers it while it is read. */
  lineMax: number;
  /**
   * Per line: where it begins (after any container markers), where it ends (at its line
   * break), offset of its first non-space from its beginning, its indent in columns (-1 for
   * a lazy continuation), and the columns before its beginning that a tab is measured from
   * (markdown-it's `bsCount`: a blockquote's marker moves a line's beginning).
   */
  private readonly begin: Int32Array;
  private readonly end: Int32Array;
  private readonly shift: Int32Array;
  private readonly indent: Int32Array;
  private readonly tabBase: Int32Array;
  /** Line facts that blockquotes replace while they are read, kept to put back: a stack, as quotes nest. */
  private savedLines: number[] = [];
  /** Where the text `getLines` last returned came from, as `BlockToken.segments` has it. */
  private linesSegments: number[] = [];
  private blockIndent = 0;
  private listIndent = -1;
  private parent: Parent = 'root';
  private level = 0;
  /** The line the last rule stopped at. */
  private line = 0;

  constructor(
    private readonly src: string,
    from: number,
    private readonly firstLine: number,
  ) {
    const length = src.length;
    const hasCarriageReturn = src.indexOf('\r', from) !== -1;
    const size = lineCountBound(src, from, hasCarriageReturn);
    // One allocation for the five tables: allocating is most of a small page's setup.
    const tables = new Int32Array(size * 5);
    const begin = (this.begin = tables.subarray(0, size));
    const end = (this.end = tables.subarray(size, size * 2));
    const shift = (this.shift = tables.subarray(size * 2, size * 3));
    const indent = (this.indent = tables.subarray(size * 3, size * 4));
    this.tabBase = tables.subarray(size * 4);
    let line = 0;
    let start = from;
    while (start < length) {
      let pos = start;
      let column = 0;
      for (;;) {
        const code = src.charCodeAt(pos);
        if (code === SPACE) column++;
        else if (code === TAB) column += 4 - (column % 4);
        else break;
        pos++;
      }
      // A last line of only blanks and no line break is not a line.
      if (pos >= length) break;
      let lineEnd: number;
      if (!hasCarriageReturn) {
        const newline = src.indexOf('\n', pos);
        lineEnd = newline === -1 ? length : newline;
      } else {
        lineEnd = pos;
        while (lineEnd < length && !isLineBreak(src.charCodeAt(lineEnd))) lineEnd++;
      }
      begin[line] = start;
      end[line] = lineEnd;
      shift[line] = pos - start;
      indent[line] = column;
      line++;
      start = src.charCodeAt(lineEnd) === CARRIAGE_RETURN && src.charCodeAt(lineEnd + 1) === NEWLINE ? lineEnd + 2 : lineEnd + 1;
    }
    // One empty line past the end closes the tables, as in markdown-it.
    begin[line] = end[line] = length;
    shift[line] = indent[line] = 0;
    this.lineMax = line;
  }

  tokenize(startLine: number, endLine: number): void {
    let line = startLine;
    while (line < endLine) {
      line = this.skipEmptyLines(line);
      this.line = line;
      if (line >= endLine) break;
      if (this.indent[line] < this.blockIndent) break;
      if (this.level >= MAX_NESTING) {
        this.line = endLine;
        break;
      }
      const matched =
        this.table(line, endLine, false) ||
        this.code(line, endLine) ||
        this.fence(line, endLine, false) ||
        this.blockquote(line, endLine, false) ||
        this.hr(line, false) ||
        this.list(line, endLine, false) ||
        this.reference(line) ||
        this.htmlBlock(line, endLine, false) ||
        this.heading(line, false);
      if (!matched) this.paragraphOrSetextHeading(line, endLine);
      line = this.line;
      if (line < endLine && this.isEmpty(line)) {
        line++;
        this.line = line;
      }
    }
  }

  private push(
    type: BlockToken['type'],
    tag: string,
    map: [number, number] | null,
    content: string,
    level: number,
    segments: Int32Array | null = null,
  ): void {
    if (map) {
      map[0] += this.firstLine;
      map[1] += this.firstLine;
    }
    this.tokens.push({ type, tag, map, content, level, segments });
  }

  /** Pushes an inline or HTML token whose content is `lines` (as `getLines` read them) from offset `lead`, to `lead + content.length`. */
  private pushRead(type: BlockToken['type'], tag: string, map: [number, number], content: string, level: number, lead: number): void {
    const read = this.linesSegments;
    const segments = new Int32Array(read.length);
    for (let i = 0; i < read.length; i += 3) {
      segments[i] = read[i] - lead;
      segments[i + 1] = read[i + 1];
      segments[i + 2] = read[i + 2];
    }
    this.push(type, tag, map, content, level, segments);
  }

  private isEmpty(line: number): boolean {
    return this.begin[line] + this.shift[line] >= this.end[line];
  }

  private skipEmptyLines(from: number): number {
    while (from < this.lineMax && this.isEmpty(from)) from++;
    return from;
  }

  private firstChar(line: number): number {
    return this.src.charCodeAt(this.begin[line] + this.shift[line]);
  }

  /** Whether a block that `ending` lists starts at `line`, cutting the current one short. */
  private terminates(ending: Ending, line: number, endLine: number): boolean {
    if (ending === Ending.Reference) {
      const outerParent = this.parent;
      this.parent = 'reference';
      const ends = this.terminates(Ending.Paragraph, line, endLine);
      this.parent = outerParent;
      return ends;
    }
    const first = this.firstChar(line);
    // Most lines start with a letter, which starts none of them; a table is told by the next line.
    if (isLetter(first)) return ending === Ending.Paragraph && this.table(line, endLine, true);
    if (ending === Ending.Paragraph && this.table(line, endLine, true)) return true;
    if (this.fence(line, endLine, true) || this.blockquote(line, endLine, true) || this.hr(line, true)) return true;
    if (ending === Ending.List) return false;
    return this.list(line, endLine, true) || this.htmlBlock(line, endLine, true) || this.heading(line, true);
  }

  private table(startLine: number, endLine: number, silent: boolean): boolean {
    if (startLine + 2 > endLine) return false;
    const src = this.src;
    const delimiterLine = startLine + 1;
    if (this.indent[delimiterLine] < this.blockIndent || this.indent[delimiterLine] - this.blockIndent >= 4) return false;
    let pos = this.begin[delimiterLine] + this.shift[delimiterLine];
    const max = this.end[delimiterLine];
    if (pos >= max) return false;
    const first = src.charCodeAt(pos++);
    if (first !== PIPE && first !== DASH && first !== COLON) return false;
    if (pos >= max) return false;
    const second = src.charCodeAt(pos++);
    if (second !== PIPE && second !== DASH && second !== COLON && !isSpace(second)) return false;
    if (first === DASH && isSpace(second)) return false;
    for (; pos < max; pos++) {
      const ch = src.charCodeAt(pos);
      if (ch !== PIPE && ch !== DASH && ch !== COLON && !isSpace(ch)) return false;
    }
    const delimiters = this.lineText(delimiterLine).split('|');
    let columnCount = 0;
    for (let i = 0; i < delimiters.length; i++) {
      const cell = delimiters[i].trim();
      if (!cell) {
        if (i === 0 || i === delimiters.length - 1) continue;
        return false;
      }
      if (!/^:?-+:?$/.test(cell)) return false;
      columnCount++;
    }
    if (!this.lineText(startLine).includes('|')) return false;
    if (this.indent[startLine] - this.blockIndent >= 4) return false;
    const headerCells = this.rowCells(startLine);
    if (headerCells.length === 0 || headerCells.length !== columnCount) return false;
    if (silent) return true;

    const outerParent = this.parent;
    this.parent = 'table';
    const level = this.level;
    const tableMap: [number, number] = [startLine, 0];
    this.push('table_open', 'table', tableMap, '', level);
    this.push('tr_open', 'tr', [startLine, startLine + 1], '', level + 2);
    for (const cell of headerCells) this.push('inline', '', null, cell.content, level + 4, cell.segments);
    let autocompletedCells = 0;
    let line = startLine + 2;
    for (; line < endLine; line++) {
      if (this.indent[line] < this.blockIndent) break;
      if (this.terminates(Ending.Blockquote, line, endLine)) break;
      if (!this.lineText(line).trim()) break;
      if (this.indent[line] - this.blockIndent >= 4) break;
      const cells = this.rowCells(line);
      autocompletedCells += columnCount - cells.length;
      if (autocompletedCells > MAX_AUTOCOMPLETED_CELLS) break;
      this.push('tr_open', 'tr', [line, line + 1], '', level + 2);
      for (let i = 0; i < columnCount; i++) {
        const cell = cells[i];
        if (cell) this.push('inline', '', null, cell.content, level + 4, cell.segments);
        else this.push('inline', '', null, '', level + 4, Int32Array.of(0, this.end[line], 1));
      }
    }
    tableMap[1] = line + this.firstLine;
    this.parent = outerParent;
    this.line = line;
    return true;
  }

  private code(startLine: number, endLine: number): boolean {
    if (this.indent[startLine] - this.blockIndent < 4) return false;
    let line = startLine + 1;
    let last = line;
    while (line < endLine) {
      if (this.isEmpty(line)) {
        line++;
      } else if (this.indent[line] - this.blockIndent >= 4) {
        line++;
        last = line;
      } else {
        break;
      }
    }
    this.line = last;
    this.push('code_block', 'code', [startLine, last], '', this.level);
    return true;
  }

  private fence(startLine: number, endLine: number, silent: boolean): boolean {
    const src = this.src;
    let pos = this.begin[startLine] + this.shift[startLine];
    let max = this.end[startLine];
    if (this.indent[startLine] - this.blockIndent >= 4) return false;
    if (pos + 3 > max) return false;
    const marker = src.charCodeAt(pos);
    if (marker !== TILDE && marker !== BACKTICK) return false;
    const openStart = pos;
    pos = this.skipChars(pos, marker);
    const length = pos - openStart;
    if (length < 3) return false;
    if (marker === BACKTICK && src.slice(pos, max).includes('`')) return false;
    if (silent) return true;

    let line = startLine;
    let closed = false;
    for (;;) {
      line++;
      if (line >= endLine) break;
      const closeStart = this.begin[line] + this.shift[line];
      max = this.end[line];
      if (closeStart < max && this.indent[line] < this.blockIndent) break;
      if (src.charCodeAt(closeStart) !== marker) continue;
      if (this.indent[line] - this.blockIndent >= 4) continue;
      pos = this.skipChars(closeStart, marker);
      if (pos - closeStart < length) continue;
      pos = this.skipSpaces(pos);
      if (pos < max) continue;
      closed = true;
      break;
    }
    this.line = line + (closed ? 1 : 0);
    this.push('fence', 'code', [startLine, this.line], '', this.level);
    return true;
  }

  private blockquote(startLine: number, endLine: number, silent: boolean): boolean {
    const src = this.src;
    if (this.indent[startLine] - this.blockIndent >= 4) return false;
    if (this.firstChar(startLine) !== GREATER) return false;
    if (silent) return true;

    const outerLineMax = this.lineMax;
    const outerParent = this.parent;
    this.parent = 'blockquote';
    // The lines' outer facts, restored once the quote is read; a stack, as quotes nest.
    const saved = this.savedLines;
    const savedFrom = saved.length;
    const save = (line: number) => saved.push(this.begin[line], this.shift[line], this.indent[line], this.tabBase[line]);
    let lastLineEmpty = false;
    let line = startLine;
    for (; line < endLine; line++) {
      const outdented = this.indent[line] < this.blockIndent;
      let pos = this.begin[line] + this.shift[line];
      const max = this.end[line];
      if (pos >= max) break;
      if (src.charCodeAt(pos++) === GREATER && !outdented) {
        let initial = this.indent[line] + 1;
        let spaceAfterMarker = false;
        // A tab after `>` gives one of its columns to the marker, and the rest to the content.
        let adjustTab = false;
        const after = src.charCodeAt(pos);
        if (after === SPACE) {
          pos++;
          initial++;
          spaceAfterMarker = true;
        } else if (after === TAB) {
          spaceAfterMarker = true;
          if ((this.tabBase[line] + initial) % 4 === 3) {
            pos++;
            initial++;
          } else {
            adjustTab = true;
          }
        }
        let offset = initial;
        save(line);
        this.begin[line] = pos;
        for (; pos < max; pos++) {
          const ch = src.charCodeAt(pos);
          if (ch === SPACE) offset++;
          else if (ch === TAB) offset += 4 - ((offset + this.tabBase[line] + (adjustTab ? 1 : 0)) % 4);
          else break;
        }
        lastLineEmpty = pos >= max;
        this.tabBase[line] = this.indent[line] + 1 + (spaceAfterMarker ? 1 : 0);
        this.indent[line] = offset - initial;
        this.shift[line] = pos - this.begin[line];
        continue;
      }
      if (lastLineEmpty) break;
      if (this.terminates(Ending.Blockquote, line, endLine)) {
        this.lineMax = line;
        if (this.blockIndent !== 0) {
          save(line);
          this.indent[line] -= this.blockIndent;
        }
        break;
      }
      // A lazy continuation line: it can only go on a paragraph.
      save(line);
      this.indent[line] = -1;
    }
    const outerIndent = this.blockIndent;
    this.blockIndent = 0;
    this.level++;
    this.tokenize(startLine, line);
    this.level--;
    this.lineMax = outerLineMax;
    this.parent = outerParent;
    for (let i = savedFrom; i < saved.length; i += 4) {
      const restored = startLine + (i - savedFrom) / 4;
      this.begin[restored] = saved[i];
      this.shift[restored] = saved[i + 1];
      this.indent[restored] = saved[i + 2];
      this.tabBase[restored] = saved[i + 3];
    }
    saved.length = savedFrom;
    this.blockIndent = outerIndent;
    return true;
  }

  private hr(startLine: number, silent: boolean): boolean {
    const src = this.src;
    const max = this.end[startLine];
    if (this.indent[startLine] - this.blockIndent >= 4) return false;
    let pos = this.begin[startLine] + this.shift[startLine];
    const marker = src.charCodeAt(pos++);
    if (marker !== 0x2a && marker !== DASH && marker !== 0x5f) return false;
    let count = 1;
    while (pos < max) {
      const ch = src.charCodeAt(pos++);
      if (ch !== marker && !isSpace(ch)) return false;
      if (ch === marker) count++;
    }
    if (count < 3) return false;
    if (silent) return true;
    this.line = startLine + 1;
    this.push('hr', 'hr', [startLine, this.line], '', this.level);
    return true;
  }

  private list(startLine: number, endLine: number, silent: boolean): boolean {
    const src = this.src;
    let line = startLine;
    if (this.indent[line] - this.blockIndent >= 4) return false;
    // A line indented 4+ past its list's own indent is that list's code, not a new list.
    if (this.listIndent >= 0 && this.indent[line] - this.listIndent >= 4 && this.indent[line] < this.blockIndent) return false;
    const cutsParagraph = silent && this.parent === 'paragraph' && this.indent[line] >= this.blockIndent;

    let ordered: boolean;
    let afterMarker = this.orderedMarkerEnd(line);
    if (afterMarker >= 0) {
      ordered = true;
      const markerStart = this.begin[line] + this.shift[line];
      // Only a list starting at 1 may interrupt a paragraph.
      if (cutsParagraph && Number(src.slice(markerStart, afterMarker - 1)) !== 1) return false;
    } else {
      afterMarker = this.bulletMarkerEnd(line);
      if (afterMarker < 0) return false;
      ordered = false;
    }
    if (cutsParagraph && this.skipSpaces(afterMarker) >= this.end[line]) return false;
    if (silent) return true;

    const markerChar = src.charCodeAt(afterMarker - 1);
    this.level++;
    const outerParent = this.parent;
    this.parent = 'list';
    while (line < endLine) {
      let pos = afterMarker;
      const max = this.end[line];
      const initial = this.indent[line] + afterMarker - (this.begin[line] + this.shift[line]);
      let offset = initial;
      for (; pos < max; pos++) {
        const ch = src.charCodeAt(pos);
        if (ch === TAB) offset += 4 - ((offset + this.tabBase[line]) % 4);
        else if (ch === SPACE) offset++;
        else break;
      }
      const contentStart = pos;
      let indentAfterMarker = contentStart >= max ? 1 : offset - initial;
      // Five spaces or more after the marker: the item's text is indented code after one space.
      if (indentAfterMarker > 4) indentAfterMarker = 1;
      const itemIndent = initial + indentAfterMarker;

      this.level++;
      const outerShift = this.shift[line];
      const outerLineIndent = this.indent[line];
      const outerListIndent = this.listIndent;
      this.listIndent = this.blockIndent;
      this.blockIndent = itemIndent;
      this.shift[line] = contentStart - this.begin[line];
      this.indent[line] = offset;
      if (contentStart >= max && this.isEmpty(line + 1)) {
        this.line = Math.min(this.line + 2, endLine);
      } else {
        this.tokenize(line, endLine);
      }
      this.blockIndent = this.listIndent;
      this.listIndent = outerListIndent;
      this.shift[line] = outerShift;
      this.indent[line] = outerLineIndent;
      this.level--;

      line = this.line;
      if (line >= endLine) break;
      if (this.indent[line] < this.blockIndent) break;
      if (this.indent[line] - this.blockIndent >= 4) break;
      if (this.terminates(Ending.List, line, endLine)) break;
      afterMarker = ordered ? this.orderedMarkerEnd(line) : this.bulletMarkerEnd(line);
      if (afterMarker < 0) break;
      if (src.charCodeAt(afterMarker - 1) !== markerChar) break;
    }
    this.level--;
    this.line = line;
    this.parent = outerParent;
    return true;
  }

  /** Past a `-`, `+` or `*` marker and before the space after it; -1 if the line has none. */
  private bulletMarkerEnd(line: number): number {
    const max = this.end[line];
    let pos = this.begin[line] + this.shift[line];
    const marker = this.src.charCodeAt(pos++);
    if (marker !== 0x2a && marker !== DASH && marker !== 0x2b) return -1;
    if (pos < max && !isSpace(this.src.charCodeAt(pos))) return -1;
    return pos;
  }

  /** Past a `1.` or `1)` marker (up to nine digits); -1 if the line has none. */
  private orderedMarkerEnd(line: number): number {
    const src = this.src;
    const start = this.begin[line] + this.shift[line];
    const max = this.end[line];
    let pos = start;
    if (pos + 1 >= max) return -1;
    let ch = src.charCodeAt(pos++);
    if (ch < 0x30 || ch > 0x39) return -1;
    for (;;) {
      if (pos >= max) return -1;
      ch = src.charCodeAt(pos++);
      if (ch >= 0x30 && ch <= 0x39) {
        if (pos - start >= 10) return -1;
        continue;
      }
      if (ch === 0x29 || ch === 0x2e) break;
      return -1;
    }
    if (pos < max && !isSpace(src.charCodeAt(pos))) return -1;
    return pos;
  }

  /**
   * A link reference definition, `[label]: destination "title"`, whose label, destination
   * and title may each go on over lines. It makes no token; the first of each label is recorded.
   * A line break is `\r`, `\n` or `\r\n`; `endWithBreak` reaches just past its first character.
   */
  private reference(startLine: number): boolean {
    const src = this.src;
    if (this.indent[startLine] - this.blockIndent >= 4) return false;
    let pos = this.begin[startLine] + this.shift[startLine];
    if (src.charCodeAt(pos) !== OPEN_BRACKET) return false;
    let line = startLine + 1;
    let max = this.endWithBreak(startLine);
    let label = '';
    let labelEnd = -1;
    let segmentStart = ++pos;
    while (pos < max) {
      if (label.length + pos - segmentStart > MAX_LABEL_LENGTH * 2) return false;
      let ch = src.charCodeAt(pos);
      if (ch === OPEN_BRACKET) return false;
      if (ch === CLOSE_BRACKET) {
        labelEnd = pos;
        break;
      }
      if (ch === BACKSLASH) ch = src.charCodeAt(++pos);
      if (isLineBreak(ch) && pos < max) {
        const next = this.continuationStart(line);
        if (next < 0) return false;
        label += src.slice(segmentStart, max);
        pos = segmentStart = next;
        max = this.endWithBreak(line++);
        continue;
      }
      pos++;
    }
    if (labelEnd < 0 || src.charCodeAt(labelEnd + 1) !== COLON) return false;
    label += src.slice(segmentStart, labelEnd);
    if (label.length > MAX_LABEL_LENGTH && codePointCount(label) > MAX_LABEL_LENGTH) return false;

    // Blanks, one line break among them, up to the destination; then the same up to a title.
    const skipBlanks = (): void => {
      while (pos < max) {
        const ch = src.charCodeAt(pos);
        if (isLineBreak(ch)) {
          const next = this.continuationStart(line);
          if (next < 0) break;
          pos = next;
          max = this.endWithBreak(line++);
        } else if (isSpace(ch)) {
          pos++;
        } else {
          break;
        }
      }
    };
    pos = labelEnd + 2;
    skipBlanks();
    const destinationStart = pos;
    const destination = linkSyntax.helpers.parseLinkDestination(src, pos, max);
    if (!destination.ok) return false;
    const href = linkSyntax.normalizeLink(destination.str);
    if (!linkSyntax.validateLink(href)) return false;
    pos = destination.pos;
    const afterDestination = { pos, max, line };
    skipBlanks();
    const titleStart = pos;
    let title = linkSyntax.helpers.parseLinkTitle(src, pos, max);
    while (title.can_continue) {
      const next = this.continuationStart(line);
      if (next < 0) break;
      pos = next;
      max = this.endWithBreak(line++);
      title = linkSyntax.helpers.parseLinkTitle(src, pos, max, title);
    }
    let titleText = '';
    const backToDestination = () => ({ pos, max, line } = afterDestination);
    if (titleStart !== afterDestination.pos && title.ok) {
      titleText = title.str;
      pos = title.pos;
    } else {
      backToDestination();
    }
    pos = this.skipSpaces(pos);
    // Anything after the title on its line: then the title is not one, and the definition ends at the destination.
    if (pos < max && !isLineBreak(src.charCodeAt(pos)) && titleText) {
      titleText = '';
      backToDestination();
      pos = this.skipSpaces(pos);
    }
    if (pos < max && !isLineBreak(src.charCodeAt(pos))) return false;
    const key = normalizeReference(label);
    if (!key) return false;
    if (this.references[key] === undefined) {
      // A title over lines holds their line breaks as markdown-it reads them: `\n`.
      const title = titleText.includes('\r') ? titleText.replace(/\r\n?/g, '\n') : titleText;
      this.references[key] = { title, href };
      const bracketed = src.charCodeAt(destinationStart) === LESS;
      this.definitions.push({
        start: this.begin[startLine] + this.shift[startLine],
        destinationStart: bracketed ? destinationStart + 1 : destinationStart,
        destinationEnd: bracketed ? afterDestination.pos - 1 : afterDestination.pos,
      });
    }
    this.line = line;
    return true;
  }

  /** Where line `line` starts, when it can go on a definition begun above it; -1 when it cannot. */
  private continuationStart(line: number): number {
    if (line >= this.lineMax || this.isEmpty(line)) return -1;
    const lazyOrIndented = this.indent[line] - this.blockIndent > 3 || this.indent[line] < 0;
    if (!lazyOrIndented && this.terminates(Ending.Reference, line, this.lineMax)) return -1;
    return this.begin[line] + this.shift[line];
  }

  /** Just past a line's line break (or at the end of the text). */
  private endWithBreak(line: number): number {
    return Math.min(this.end[line] + 1, this.src.length);
  }

  private htmlBlock(startLine: number, endLine: number, silent: boolean): boolean {
    if (this.indent[startLine] - this.blockIndent >= 4) return false;
    if (this.firstChar(startLine) !== LESS) return false;
    let text = this.lineText(startLine);
    const kind = HTML_BLOCKS.find((candidate) => candidate.start.test(text));
    if (!kind) return false;
    if (silent) return kind.interrupts;

    let line = startLine + 1;
    const endsOnBlankLine = kind.end.test('');
    if (!kind.end.test(text)) {
      for (; line < endLine; line++) {
        if (this.indent[line] < this.blockIndent && (endsOnBlankLine || !this.isEmpty(line))) break;
        text = this.lineText(line);
        if (kind.end.test(text)) {
          if (text.length !== 0) line++;
          break;
        }
      }
    }
    this.line = line;
    this.pushRead('html_block', '', [startLine, line], this.getLines(startLine, line, this.blockIndent, true), this.level, 0);
    return true;
  }

  private heading(startLine: number, silent: boolean): boolean {
    const src = this.src;
    let pos = this.begin[startLine] + this.shift[startLine];
    let max = this.end[startLine];
    if (this.indent[startLine] - this.blockIndent >= 4) return false;
    let ch = src.charCodeAt(pos);
    if (ch !== HASH || pos >= max) return false;
    let level = 1;
    ch = src.charCodeAt(++pos);
    while (ch === HASH && pos < max && level <= 6) {
      level++;
      ch = src.charCodeAt(++pos);
    }
    if (level > 6 || (pos < max && !isSpace(ch))) return false;
    if (silent) return true;
    max = this.skipSpacesBack(max, pos);
    // A closing run of `#` after a space is not part of the text.
    let closing = max;
    while (closing > pos && src.charCodeAt(closing - 1) === HASH) closing--;
    if (closing > pos && isSpace(src.charCodeAt(closing - 1))) max = closing;
    this.line = startLine + 1;
    this.push('heading_open', `h${level}`, [startLine, this.line], '', this.level);
    const start = skipAsciiBlanks(src, pos, max);
    this.push('inline', '', [startLine, this.line], asciiTrim(src.slice(start, max)), this.level + 1, Int32Array.of(0, start, 1));
    return true;
  }

  /**
   * A paragraph, or a setext heading where an `=` or `-` underline ends it. markdown-it reads
   * the lines twice for this (once for each rule); the line-by-line tests are the same.
   */
  private paragraphOrSetextHeading(startLine: number, endLine: number): void {
    const src = this.src;
    const setextPossible = this.indent[startLine] - this.blockIndent < 4;
    const outerParent = this.parent;
    this.parent = 'paragraph';
    let headingLevel = 0;
    let line = startLine + 1;
    for (; line < endLine && !this.isEmpty(line); line++) {
      if (this.indent[line] - this.blockIndent > 3) continue;
      if (setextPossible && this.indent[line] >= this.blockIndent) {
        let pos = this.begin[line] + this.shift[line];
        const max = this.end[line];
        const marker = src.charCodeAt(pos);
        if (marker === DASH || marker === 0x3d) {
          pos = this.skipSpaces(this.skipChars(pos, marker));
          if (pos >= max) {
            headingLevel = marker === 0x3d ? 1 : 2;
            break;
          }
        }
      }
      if (this.indent[line] < 0) continue;
      if (this.terminates(Ending.Paragraph, line, endLine)) break;
    }
    this.parent = outerParent;
    const lines = this.getLines(startLine, line, this.blockIndent, false);
    const content = asciiTrim(lines);
    const lead = skipAsciiBlanks(lines, 0, lines.length);
    if (headingLevel) {
      this.line = line + 1;
      this.push('heading_open', `h${headingLevel}`, [startLine, this.line], '', this.level);
      this.pushRead('inline', '', [startLine, line], content, this.level + 1, lead);
    } else {
      this.line = line;
      this.push('paragraph_open', 'p', [startLine, line], '', this.level);
      this.pushRead('inline', '', [startLine, line], content, this.level + 1, lead);
    }
  }

  /** A line's text from its first non-space character. */
  private lineText(line: number): string {
    return this.src.slice(this.begin[line] + this.shift[line], this.end[line]);
  }

  /**
   * A table row's cells, as markdown-it splits the trimmed line: at pipes not escaped by a
   * backslash (an escaped pipe loses its backslash), outer empty cells dropped, each trimmed.
   */
  private rowCells(line: number): TableCell[] {
    const src = this.src;
    const lineStart = this.begin[line] + this.shift[line];
    const raw = src.slice(lineStart, this.end[line]);
    const row = raw.trim();
    const rowStart = lineStart + raw.length - raw.trimStart().length;
    // Each cell as pieces of the row: start and end offsets, in pairs.
    const pieces: number[][] = [];
    let current: number[] = [];
    let from = 0;
    let escaped = false;
    for (let pos = 0; pos < row.length; pos++) {
      const ch = row.charCodeAt(pos);
      if (ch === PIPE) {
        if (!escaped) {
          current.push(from, pos);
          pieces.push(current);
          current = [];
          from = pos + 1;
        } else {
          current.push(from, pos - 1);
          from = pos;
        }
      }
      escaped = ch === BACKSLASH;
    }
    current.push(from, row.length);
    pieces.push(current);
    const textOf = (cell: number[]) => {
      let text = '';
      for (let i = 0; i < cell.length; i += 2) text += row.slice(cell[i], cell[i + 1]);
      return text;
    };
    if (pieces.length > 0 && textOf(pieces[0]) === '') pieces.shift();
    if (pieces.length > 0 && textOf(pieces[pieces.length - 1]) === '') pieces.pop();
    return pieces.map((cell) => {
      const text = textOf(cell);
      const content = text.trim();
      const lead = text.length - text.trimStart().length;
      const segments = new Int32Array((cell.length / 2) * 3);
      let offset = -lead;
      for (let i = 0, j = 0; i < cell.length; i += 2, j += 3) {
        segments[j] = offset;
        segments[j + 1] = rowStart + cell[i];
        segments[j + 2] = 1;
        offset += cell[i + 1] - cell[i];
      }
      return { content, segments };
    });
  }

  /**
   * The text of lines `first` to `last` (exclusive), each with up to `indent` columns of
   * indent (or container marker) taken off its start, as markdown-it's `getLines` does: a tab
   * only partly taken leaves spaces for the rest of its columns, and every line break is `\n`.
   * Where each character came from goes to `linesSegments`.
   */
  private getLines(first: number, last: number, indent: number, keepLastNewline: boolean): string {
    const segments = this.linesSegments;
    segments.length = 0;
    if (first >= last) {
      segments.push(0, this.begin[first] ?? this.src.length, 1);
      return '';
    }
    const src = this.src;
    let joined = '';
    let length = 0;
    // The run of the source being copied, and where the last segment would put the next character.
    let runStart = -1;
    let runEnd = -1;
    let expected = -1;
    const segmentAt = (source: number, linear: boolean) => {
      if (!linear || source !== expected) segments.push(length, source, linear ? 1 : 0);
    };
    const copy = (from: number, to: number) => {
      if (from === to) return;
      segmentAt(from, true);
      if (from !== runEnd) {
        if (runStart !== -1) joined += src.slice(runStart, runEnd);
        runStart = from;
      }
      runEnd = to;
      length += to - from;
      expected = to;
    };
    const write = (text: string, source: number, linear: boolean) => {
      segmentAt(source, linear);
      if (runStart !== -1) joined += src.slice(runStart, runEnd);
      runStart = runEnd = -1;
      joined += text;
      length += text.length;
      expected = linear ? source + text.length : -1;
    };
    for (let line = first; line < last; line++) {
      const lineStart = this.begin[line];
      const lineEnd = this.end[line];
      let from = lineStart;
      let taken = 0;
      while (from < lineEnd && taken < indent) {
        const ch = src.charCodeAt(from);
        if (ch === TAB) taken += 4 - ((taken + this.tabBase[line]) % 4);
        else if (ch === SPACE || from - lineStart < this.shift[line]) taken++;
        else break;
        from++;
      }
      if (taken > indent) write(' '.repeat(taken - indent), from - 1, false);
      copy(from, lineEnd);
      if (line + 1 < last || keepLastNewline) {
        if (lineEnd >= src.length) continue;
        if (src.charCodeAt(lineEnd) === NEWLINE) copy(lineEnd, lineEnd + 1);
        else write('\n', lineEnd, true);
      }
    }
    if (segments.length === 0) segments.push(0, this.begin[first], 1);
    if (runStart === -1) return joined;
    const tail = src.slice(runStart, runEnd);
    return joined === '' ? tail : joined + tail;
  }

  private skipSpaces(pos: number): number {
    while (isSpace(this.src.charCodeAt(pos))) pos++;
    return pos;
  }

  private skipSpacesBack(pos: number, min: number): number {
    while (pos > min && isSpace(this.src.charCodeAt(pos - 1))) pos--;
    return pos;
  }

  private skipChars(pos: number, code: number): number {
    while (this.src.charCodeAt(pos) === code) pos++;
    return pos;
  }
}

function normalizeReference(label: string): string {
  return linkSyntax.utils.normalizeReference(label);
}

function codePointCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function isLetter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
}

/** Past the spaces, tabs and line breaks from `pos`, up to `max`. */
function skipAsciiBlanks(text: string, pos: number, max: number): number {
  while (pos < max && isAsciiBlank(text.charCodeAt(pos))) pos++;
  return pos;
}

function asciiTrim(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isAsciiBlank(value.charCodeAt(start))) start++;
  while (end > start && isAsciiBlank(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

function isAsciiBlank(code: number): boolean {
  return code === SPACE || code === 0x09 || code === 0x0a || code === 0x0d;
}

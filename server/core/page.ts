import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { parseBlocks } from './blockParse';
import { isOtherSite } from './linkTarget';
import { readFrontMatter, type FrontMatter } from './frontMatter';
import { scanHtml, scanInline, type InlineItem } from './inlineScan';
import { pageSlugger } from './slug';
import { detach, LineMap, type Span } from './text';

/** How a link is written; decides where it is reported and what hover covers. */
export type LinkKind = 'inline' | 'reference' | 'definition' | 'autolink' | 'bare' | 'html';

/** A link in a page. */
export interface PageLink {
  kind: LinkKind;
  /** The destination exactly as written (for a reference, its definition's). */
  written: string;
  /** The destination with Markdown escapes and entities resolved, as the site reads it. */
  destination: string;
  /** Where the destination is written; for a reference, undefined (it is checked at its definition). */
  destinationSpan?: Span;
  /** The whole link: what a hover over it covers. */
  span: Span;
}

export interface Heading {
  level: number;
  /** The heading's text as the site renders it: link text and code kept, emphasis dropped. */
  text: string;
  slug: string;
  /** The heading's own line(s). */
  span: Span;
}

export interface Anchor {
  id: string;
  /** What to show for the anchor: the heading's text, or the element's id. */
  label: string;
  span: Span;
}

/** An MDX page imported as a component and rendered: its headings become anchors of this page. */
export interface ImportedPage {
  /** The import path as written, relative to the page's file (`./snippets/cluster-requirements`). */
  specifier: string;
}

/** Everything the features need to know of one page, derived from its text once. */
export interface ParsedPage {
  text: string;
  lines: LineMap;
  frontMatter?: FrontMatter;
  title?: string;
  headings: Heading[];
  anchors: Map<string, Anchor>;
  links: PageLink[];
  /** Code (fenced, indented, inline) and HTML comments: nothing in them is a link. */
  codeSpans: Span[];
  /** The first paragraph of the page's body. */
  openingParagraph?: Span;
  /** Relative MDX imports that the page renders as a component. */
  imports: ImportedPage[];
}

/**
 * What checking the links into a page needs to know of it, small enough to pass between
 * threads: a page parsed in one thread is known to the others by its outline.
 */
export interface PageOutline {
  title?: string;
  /** Anchor id and label, in the page's order. */
  anchors: [string, string][];
  /** Import specifiers of the MDX pages it renders. */
  imports: string[];
}

export function outlineOf(page: ParsedPage): PageOutline {
  return {
    title: page.title,
    anchors: [...page.anchors.values()].map((anchor) => [anchor.id, anchor.label]),
    imports: page.imports.map((imported) => imported.specifier),
  };
}

/** A page known only by its outline: links into it can be checked; it has no text or links. */
export function pageFromOutline(outline: PageOutline): ParsedPage {
  const nowhere = { start: 0, end: 0 };
  return {
    text: '',
    lines: NO_LINES,
    title: outline.title,
    headings: [],
    anchors: new Map(outline.anchors.map(([id, label]) => [id, { id, label, span: nowhere }])),
    links: [],
    codeSpans: [],
    imports: outline.imports.map((specifier) => ({ specifier })),
  };
}

// Block structure comes from parseBlocks, or from markdown-it for the pages it declines;
// inline structure is read by scanInline, with exact offsets, so markdown-it's inline pass
// is skipped. A second instance runs it on heading text alone, where markup is possible.
const markdown = new MarkdownIt('default', { html: true, linkify: false }).disable(['inline', 'text_join']);
const inlineMarkdown = new MarkdownIt('default', { html: true, linkify: false });

const LINK_ATTRIBUTES: ReadonlySet<string> = new Set(['href', 'to', 'id', 'name']);

/** What the page reader needs of a block token; markdown-it's tokens and `parseBlocks`' alike. */
interface BlockToken {
  type: string;
  tag: string;
  map: [number, number] | null;
  content: string;
  level: number;
  /** Where the content starts in the page when it is one slice of it (`parseBlocks` only). */
  contentStart?: number;
}

/**
 * What links into a page need of it, sharing no memory with its text: headings, anchors,
 * title, imports, where its opening paragraph is, its front matter problem. The index keeps
 * this of a page no editor shows: page texts are most of a site's size (two bytes a
 * character in any page with a curly quote), and every string kept from a page would
 * otherwise keep its whole text alive. A hover that needs a section's text reads the page again.
 */
export function targetView(page: ParsedPage): ParsedPage {
  const anchors = new Map<string, Anchor>();
  for (const anchor of page.anchors.values()) {
    const id = detach(anchor.id);
    anchors.set(id, { id, label: anchor.label === anchor.id ? id : detach(anchor.label), span: anchor.span });
  }
  return {
    text: '',
    lines: NO_LINES,
    title: page.title === undefined ? undefined : detach(page.title),
    headings: page.headings.map((heading) => ({ level: heading.level, text: detach(heading.text), slug: detach(heading.slug), span: heading.span })),
    anchors,
    links: [],
    codeSpans: [],
    openingParagraph: page.openingParagraph,
    imports: page.imports.map((imported) => ({ specifier: detach(imported.specifier) })),
    frontMatter: page.frontMatter && problemOnly(page.frontMatter),
  };
}

/**
 * What checking a page's links needs of it, sharing no memory with its text: its anchors (by
 * id; the labels hovers show are not kept), imports, front matter problem, the links a check
 * can find broken and its line positions. A check of a whole site keeps this of every page
 * instead of the page, so page texts die young and the collector has less to move. Links to
 * other sites (most of a handbook's) and references (checked at their definition) are never
 * findings, so they are not kept.
 */
export function linkCheckView(page: ParsedPage, siteUrl: string): ParsedPage {
  const anchors = new Map<string, Anchor>();
  for (const anchor of page.anchors.values()) {
    const id = detach(anchor.id);
    anchors.set(id, { id, label: id, span: anchor.span });
  }
  const links: PageLink[] = [];
  for (const link of page.links) {
    if (!link.destinationSpan || isOtherSite(link.destination, siteUrl)) continue;
    const written = detach(link.written);
    const destination = link.destination === link.written ? written : detach(link.destination);
    links.push({ kind: link.kind, written, destination, destinationSpan: link.destinationSpan, span: link.span });
  }
  return {
    text: '',
    lines: page.lines.positionsOnly(),
    title: page.title === undefined ? undefined : detach(page.title),
    headings: [],
    anchors,
    links,
    codeSpans: [],
    imports: page.imports.map((imported) => ({ specifier: detach(imported.specifier) })),
    frontMatter: page.frontMatter && problemOnly(page.frontMatter),
  };
}

/** Front matter's place and problem; its values (strings cut from the text) are not kept. */
function problemOnly(frontMatter: FrontMatter): FrontMatter {
  const problem = frontMatter.problem && { message: detach(frontMatter.problem.message), span: frontMatter.problem.span };
  return problem ? { span: frontMatter.span, data: {}, problem } : { span: frontMatter.span, data: {} };
}

const NO_LINES = new LineMap('');

/** Parses one page. Never throws on any text. */
export function parsePage(text: string): ParsedPage {
  const lines = new LineMap(text);
  const frontMatter = readFrontMatter(text);
  // Every page's env starts with the same shape, so the code reading it sees one shape.
  const env: { references: Record<string, { href: string }> | undefined } = { references: undefined };
  const tokens = parseBody(text, frontMatter, lines, env);
  const references = env.references ?? {};
  const hasReferences = Object.keys(references).length > 0;
  const isReference = (label: string) => hasReferences && normalizeLabel(label) in references;

  const headings: Heading[] = [];
  const links: PageLink[] = [];
  const codeSpans: Span[] = [];
  const explicitAnchors: Anchor[] = [];
  // Which lines blocks cover tells where definitions are; without any, it is not needed.
  const coveredLines = hasReferences ? coveredLinesFor(lines.lineCount) : undefined;
  const cellCursor = cellCursors;
  cellCursor.clear();
  let openingParagraph: Span | undefined;
  const slug = pageSlugger();

  const lineSpan = (map: [number, number]): Span => ({
    start: lines.lineStart(map[0]),
    end: lines.lineEnd(Math.max(map[0], map[1] - 1)),
  });

  const collect = (items: InlineItem[], mapping: SegmentMap) => {
    for (const item of items) {
      const span = { start: toSource(mapping, item.start), end: toSource(mapping, item.end) };
      switch (item.kind) {
        case 'code':
          codeSpans.push(span);
          break;
        case 'inline':
        case 'autolink': {
          const destinationSpan = { start: toSource(mapping, item.destStart), end: toSource(mapping, item.destEnd) };
          const written = text.slice(destinationSpan.start, destinationSpan.end);
          links.push({ kind: item.kind, written, destination: unescape(written), destinationSpan, span });
          break;
        }
        case 'bare': {
          const written = text.slice(span.start, span.end);
          links.push({ kind: 'bare', written, destination: written, destinationSpan: span, span });
          break;
        }
        case 'reference': {
          const definition = references[normalizeLabel(item.label)];
          if (definition) {
            const href = detach(definition.href);
            links.push({ kind: 'reference', written: href, destination: href, destinationSpan: undefined, span });
          }
          break;
        }
        case 'attribute': {
          const valueSpan = { start: toSource(mapping, item.valueStart), end: toSource(mapping, item.valueEnd) };
          const value = text.slice(valueSpan.start, valueSpan.end);
          if (item.name === 'id' || item.name === 'name') {
            explicitAnchors.push({ id: decodeEntities(value), label: value, span: valueSpan });
          } else {
            links.push({ kind: 'html', written: value, destination: decodeEntities(value), destinationSpan: valueSpan, span: valueSpan });
          }
          break;
        }
      }
    }
  };

  let rowMap: [number, number] | undefined;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t];
    if (token.type === 'tr_open') rowMap = token.map ?? undefined;
    // Table cells carry no line map of their own; their row's is theirs.
    const map = token.map ?? (token.type === 'inline' ? rowMap : undefined);
    if (!map) continue;
    if (token.type === 'inline') {
      const items = scanInline(token.content, isReference, LINK_ATTRIBUTES);
      // Mapping back to the file costs; skip it for the many blocks with nothing in them,
      // except table cells, which must advance their row's cursor either way.
      if (items.length > 0 || !token.map) collect(items, segmentMap(token, map, lines, cellCursor));
      const parent = t > 0 ? tokens[t - 1] : undefined;
      if (parent?.type === 'heading_open') {
        const heading = detach(headingText(token.content, env));
        headings.push({ level: Number(parent.tag.slice(1)), text: heading, slug: slug(heading), span: lineSpan(parent.map ?? map) });
      } else if (parent?.type === 'paragraph_open' && parent.level === 0 && !openingParagraph && !MDX_STATEMENTS.test(token.content)) {
        openingParagraph = lineSpan(map);
      }
    } else if (token.type === 'fence' || token.type === 'code_block') {
      codeSpans.push(lineSpan(map));
    } else if (token.type === 'html_block') {
      const items = scanHtml(token.content, LINK_ATTRIBUTES);
      // Most HTML blocks have nothing to map back; mapping their lines is the cost.
      if (items.length > 0) collect(items, segmentMap(token, map, lines, cellCursor));
    }
    if (coveredLines && isLeaf(token)) {
      for (let line = map[0]; line < map[1]; line++) coveredLines[line] = 1;
    }
  }

  if (coveredLines) {
    links.push(...findDefinitions(text, lines, coveredLines, frontMatter?.span, references));
    links.sort((a, b) => a.span.start - b.span.start);
  }

  const anchors = new Map<string, Anchor>();
  for (const heading of headings) {
    if (!anchors.has(heading.slug)) anchors.set(heading.slug, { id: heading.slug, label: heading.text, span: heading.span });
  }
  for (const anchor of explicitAnchors) if (!anchors.has(anchor.id)) anchors.set(anchor.id, anchor);

  const frontTitle = frontMatter?.data.title;
  const title =
    typeof frontTitle === 'string' && frontTitle.trim() !== ''
      ? frontTitle.trim()
      : headings.find((heading) => heading.level === 1)?.text;

  const imports = renderedImports(text, tokens, lines);
  return { text, lines, frontMatter, title, headings, anchors, links, codeSpans, openingParagraph, imports };
}

/** A paragraph of MDX `import`/`export` lines: code to MDX, not the page's opening words. */
const MDX_STATEMENTS = /^(?:(?:import|export)[ \t][^\n]*(?:\n|$))+$/;
/** An MDX import line, read where a line starts (sticky). */
const MDX_IMPORT = /^import[ \t]+([A-Z][\w$]*)[ \t]+from[ \t]+['"](\.{1,2}\/[^'"\r\n]+)['"];?[ \t]*$/my;

/**
 * MDX `import Name from './relative/page'` lines (top-level paragraphs, as MDX v1 reads
 * them) whose component the page renders somewhere as `<Name`. Only the lines of top-level
 * paragraphs are looked at: they are a fraction of the page, and most hold no `import`.
 */
function renderedImports(text: string, tokens: BlockToken[], lines: LineMap): ImportedPage[] {
  const imports: ImportedPage[] = [];
  for (const token of tokens) {
    if (token.type !== 'paragraph_open' || token.level !== 0 || !token.map) continue;
    for (let line = token.map[0]; line < token.map[1]; line++) {
      const start = lines.lineStart(line);
      if (!text.startsWith('import', start)) continue;
      MDX_IMPORT.lastIndex = start;
      const match = MDX_IMPORT.exec(text);
      if (match && new RegExp(`<${match[1]}[\\s/>]`).test(text)) imports.push({ specifier: match[2] });
    }
  }
  return imports;
}

/** Whether an offset lies in code or a comment, where nothing is a link. */
export function isInCode(page: ParsedPage, offset: number): boolean {
  return page.codeSpans.some((span) => span.start < offset && offset < span.end);
}

function isLeaf(token: BlockToken): boolean {
  return (
    token.type === 'paragraph_open' ||
    token.type === 'heading_open' ||
    token.type === 'fence' ||
    token.type === 'code_block' ||
    token.type === 'html_block' ||
    token.type === 'hr' ||
    token.type === 'table_open'
  );
}

/**
 * The block tokens of the text after the front matter, with line numbers that are the
 * file's: from `parseBlocks`, or from markdown-it where it declines the text.
 */
function parseBody(text: string, frontMatter: FrontMatter | undefined, lines: LineMap, env: object): BlockToken[] {
  const bodyStart = frontMatter ? frontMatter.span.end : 0;
  const shift = frontMatter ? lines.positionAt(bodyStart).line : 0;
  const blocks = parseBlocks(text, bodyStart, shift, env);
  if (blocks) return blocks;
  // markdown-it's tokens, in the shape of parseBlocks' own, so that the code reading them sees one shape.
  return markdown.parse(frontMatter ? text.slice(bodyStart) : text, env).map((token) => ({
    type: token.type,
    tag: token.tag,
    map: token.map && [token.map[0] + shift, token.map[1] + shift],
    content: token.content,
    level: token.level,
    contentStart: -1,
  }));
}

/** Per table row, where the next cell is looked for; one map, cleared per page, as pages are parsed one at a time. */
const cellCursors = new Map<number, number>();

/** One buffer, zeroed per page, for the lines that blocks cover: pages are parsed one at a time. */
let coveredLinesBuffer = new Uint8Array(4096);
function coveredLinesFor(lineCount: number): Uint8Array {
  if (coveredLinesBuffer.length < lineCount) coveredLinesBuffer = new Uint8Array(lineCount * 2);
  coveredLinesBuffer.fill(0, 0, lineCount);
  return coveredLinesBuffer;
}

function normalizeLabel(label: string): string {
  return markdown.utils.normalizeReference(label);
}

function unescape(destination: string): string {
  return markdown.utils.unescapeAll(destination);
}

function decodeEntities(value: string): string {
  return value.includes('&') ? markdown.utils.unescapeAll(value) : value;
}

/**
 * What can make a heading's text differ from its source: escapes, code, emphasis, links,
 * HTML and entities. An `&` before a space, a `!` or `>` alone, and a `_` between letters or
 * digits (as in `async_migration.py`) are only text, and many headings have one.
 */
const MAYBE_MARKUP = /[\\`*~[\]<]|&[#A-Za-z0-9]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/;

/** `[text](destination)`, with nothing in the text or destination that could be markup. */
const PLAIN_LINK = /\[([^[\]\\`*_~<>&!]*)\]\(([^()\s\\<>`&]*)\)/y;
/** What markdown-it will not make a link of: then the brackets are text. */
const UNSAFE_URL = /^(?:vbscript|javascript|file|data):/i;
/** Characters that may start markup outside a plain link or code span: the reader leaves those to markdown-it. */
const MARKUP_CHARACTERS = /[\\*_~[\]<>&!]/;

/**
 * Text made of plain text, plain links and one-backtick code spans, rendered: the shape of
 * nearly every heading with markup in a handbook. Undefined for anything else.
 */
function plainRendering(content: string): string | undefined {
  let rendered = '';
  let i = 0;
  while (i < content.length) {
    const char = content[i];
    if (char === '`') {
      const close = content.indexOf('`', i + 1);
      // One backtick each side; code that starts or ends with a space is trimmed by rules not followed here.
      if (close <= i + 1 || content[i + 1] === ' ' || content[close - 1] === ' ' || content[close + 1] === '`') return undefined;
      rendered += content.slice(i + 1, close);
      i = close + 1;
    } else if (char === '[') {
      PLAIN_LINK.lastIndex = i;
      const link = PLAIN_LINK.exec(content);
      if (!link || UNSAFE_URL.test(link[2])) return undefined;
      rendered += link[1];
      i = PLAIN_LINK.lastIndex;
    } else if (MARKUP_CHARACTERS.test(char)) {
      return undefined;
    } else {
      rendered += char;
      i++;
    }
  }
  return rendered.trim();
}

/** The heading's text as the site renders it into the slug: text, code and link text. */
function headingText(content: string, env: object): string {
  if (!MAYBE_MARKUP.test(content)) return content.trim();
  const plain = plainRendering(content);
  if (plain !== undefined) return plain;
  const parts: string[] = [];
  const visit = (children: Token[] | null) => {
    for (const child of children ?? []) {
      if (child.type === 'text' || child.type === 'code_inline' || child.type === 'html_inline') parts.push(child.content);
      else if (child.type === 'image') visit(child.children);
      else if (child.type === 'softbreak' || child.type === 'hardbreak') parts.push(' ');
    }
  };
  for (const token of inlineMarkdown.parseInline(content, env)) visit(token.children);
  return parts.join('').trim();
}

/**
 * How offsets in a token's content map to the file: a number where the content is one slice
 * of it starting there (most blocks; nothing to allocate), else a mapping line by line.
 */
type SegmentMap = number | { toSource(offset: number): number };

function toSource(mapping: SegmentMap, offset: number): number {
  return typeof mapping === 'number' ? mapping + offset : mapping.toSource(offset);
}

/**
 * Maps offsets in a token's content back to the file. markdown-it strips container markers
 * and indentation from each line of a block's content, so each content line is found again
 * in its source line; table cells share a line and are found left to right.
 */
function segmentMap(token: BlockToken, map: [number, number], lines: LineMap, cellCursor: Map<number, number>): SegmentMap {
  const contentStart = token.contentStart ?? -1;
  if (contentStart !== -1) return contentStart;
  const [firstLine, endLine] = map;
  if (!token.content.includes('\n')) {
    // One line, the common case (a heading, a table cell, a one-line paragraph).
    const line = Math.min(firstLine, lines.lineCount - 1);
    const source = lines.lineText(line);
    const located = locate(source, token.content, cellCursor.get(line) ?? 0);
    if (token.type === 'inline') cellCursor.set(line, located.column + located.length);
    const sourceStart = lines.lineStart(line) + Math.min(located.column, source.length);
    const sourceEnd = lines.lineStart(line) + source.length;
    const content = token.content;
    return {
      toSource(offset: number): number {
        let column = offset;
        if (located.unescapedPipes) {
          const before = content.slice(0, column);
          column += before.length - before.replace(/\|/g, '').length;
        }
        return Math.min(sourceStart + column, sourceEnd);
      },
    };
  }
  const contentLines = token.content.split('\n');
  const contentStarts: number[] = [];
  const sourceStarts: number[] = [];
  const sourceEnds: number[] = [];
  /** Lines where markdown-it dropped the `\\` of an escaped table pipe. */
  const unescapedPipes: boolean[] = [];
  let contentOffset = 0;
  for (let j = 0; j < contentLines.length; j++) {
    const line = Math.min(firstLine + j, Math.max(firstLine, endLine - 1), lines.lineCount - 1);
    const source = lines.lineText(line);
    const from = cellCursor.get(line) ?? 0;
    const content = contentLines[j];
    const located = locate(source, content, from);
    if (token.type === 'inline' && contentLines.length === 1) cellCursor.set(line, located.column + located.length);
    contentStarts.push(contentOffset);
    sourceStarts.push(lines.lineStart(line) + Math.min(located.column, source.length));
    sourceEnds.push(lines.lineStart(line) + source.length);
    unescapedPipes.push(located.unescapedPipes);
    contentOffset += content.length + 1;
  }
  return {
    toSource(offset: number): number {
      let low = 0;
      let high = contentStarts.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (contentStarts[mid] <= offset) low = mid;
        else high = mid - 1;
      }
      const j = low;
      let column = offset - contentStarts[j];
      if (unescapedPipes[j]) {
        const before = contentLines[j].slice(0, column);
        column += before.length - before.replace(/\|/g, '').length;
      }
      return Math.min(sourceStarts[j] + column, sourceEnds[j]);
    },
  };
}

/** Where a line of a token's content starts in its source line, and how long it is there. */
function locate(source: string, content: string, from: number): { column: number; length: number; unescapedPipes: boolean } {
  const trimmed = source.trimEnd();
  if (from === 0 && content !== '' && trimmed.endsWith(content)) {
    return { column: trimmed.length - content.length, length: content.length, unescapedPipes: false };
  }
  const found = content === '' ? -1 : source.indexOf(content, from);
  if (found !== -1) return { column: found, length: content.length, unescapedPipes: false };
  if (content.includes('|')) {
    const escaped = content.replace(/\|/g, '\\|');
    const at = source.indexOf(escaped, from);
    if (at !== -1) return { column: at, length: escaped.length, unescapedPipes: true };
  }
  // Tabs expanded into spaces, or NUL replaced: the best guess keeps offsets inside the line.
  const column = Math.max(from, source.length - content.length);
  return { column, length: content.length, unescapedPipes: false };
}

const DEFINITION = /^(?:[ \t]*>)*[ \t]{0,3}\[((?:[^\\\]]|\\.){1,999})\]:[ \t]*(?:(?:\r\n|\r|\n)[ \t]*)?(?:<([^<>\r\n]*)>|(\S+))?/;

/** Link reference definitions: markdown-it consumes them without a token, so find their lines. */
function findDefinitions(
  text: string,
  lines: LineMap,
  coveredLines: Uint8Array,
  frontMatter: Span | undefined,
  references: Record<string, { href: string }>,
): PageLink[] {
  const found: PageLink[] = [];
  for (let line = 0; line < lines.lineCount; line++) {
    if (coveredLines[line]) continue;
    const start = lines.lineStart(line);
    if (frontMatter && start < frontMatter.end) continue;
    const rest = text.slice(start, lines.lineEnd(Math.min(line + 1, lines.lineCount - 1)));
    const match = DEFINITION.exec(rest);
    if (!match || !(normalizeLabel(match[1]) in references)) continue;
    const written = match[2] ?? match[3];
    if (written === undefined) continue;
    const destStart = start + match[0].length - written.length - (match[2] !== undefined ? 1 : 0);
    const destinationSpan = { start: destStart, end: destStart + written.length };
    found.push({ kind: 'definition', written, destination: unescape(written), destinationSpan, span: { start, end: destinationSpan.end } });
  }
  return found;
}

import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { parseBlocks, sourceOffset, type BlockToken, type Definition } from './blockParse';
import { readFrontMatter, type FrontMatter } from './frontMatter';
import { scanHtml, scanInline, type InlineItem } from './inlineScan';
import { pageSlugger } from './slug';
import { suppressionsOf, type Suppression } from './suppressions';
import { detach, LineMap, type Span } from './text';
import { isWholeWords, mentionKey, type MentionPattern, type ValueMention } from './values';

/**
 * How a link is written; decides where it is reported and what hover covers. An `image` is
 * a file a page shows: `![alt](src)`, or an HTML or JSX `src` attribute.
 */
export type LinkKind = 'inline' | 'reference' | 'definition' | 'autolink' | 'bare' | 'html' | 'image';

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
  /** Its text as written, without its `#`s or a `{#custom-id}`: what a rename replaces. */
  textSpan: Span;
  /** The line it starts on, 0-based. */
  line: number;
}

export interface Anchor {
  id: string;
  /** What to show for the anchor: the heading's text, or the element's id. */
  label: string;
  span: Span;
  /** The line it is on, 0-based: where a link to it opens. */
  line: number;
}

/**
 * What links into a page need of it, and what a hover or completion shows of it without its
 * text: kept for every page of a site, so it shares no memory with the page's text (see
 * `keptOutline`).
 */
export interface PageOutline {
  title?: string;
  headings: Heading[];
  /** Headings' slugs and `id`/`name` attributes, in the page's order; the first of each id wins. */
  anchors: ReadonlyMap<string, Anchor>;
  /**
   * Relative MDX imports the page renders as a component, as written (`./snippets/steps`):
   * their headings are anchors of this page too.
   */
  imports: string[];
  /** The first paragraph of the page's body. */
  openingParagraph?: Span;
  /**
   * The page renders a component or template that makes anchors at build time (the rules'
   * `anchorMakers`, such as posthog.com's `<Team />`): an anchor not in `anchors` may still
   * be on the live page, so none is judged missing.
   */
  generatedAnchors?: boolean;
}

/** Everything one reading of a page's text finds, with exact ranges into that text. */
export interface ParsedPage {
  text: string;
  lines: LineMap;
  frontMatter?: FrontMatter;
  outline: PageOutline;
  links: PageLink[];
  /** Code (fenced, indented, inline) and HTML comments: nothing in them is a link. */
  codeSpans: Span[];
  /** The comments that silence findings (`<!-- handbook-ignore-next-line -->`). */
  suppressions: Suppression[];
  /** Where the prose names a value without linking to it (found when the site's values are given to the parse). */
  mentions: ValueMention[];
}

/**
 * The outline as fresh strings. V8 keeps a string cut from a page as a view of the page's
 * text, so an outline kept as parsed would keep the whole text alive: page texts are most
 * of a site's size.
 */
export function keptOutline(outline: PageOutline): PageOutline {
  const headings = outline.headings.map((heading) => ({
    level: heading.level,
    text: detach(heading.text),
    slug: detach(heading.slug),
    span: heading.span,
    textSpan: heading.textSpan,
    line: heading.line,
  }));
  // A heading's anchor shares its slug and text: copied once, for both.
  const bySlug = new Map(headings.map((heading) => [heading.slug, heading]));
  const anchors = new Map<string, Anchor>();
  for (const anchor of outline.anchors.values()) {
    const heading = bySlug.get(anchor.id);
    const id = heading ? heading.slug : detach(anchor.id);
    const label = heading && heading.text === anchor.label ? heading.text : anchor.label === anchor.id ? id : detach(anchor.label);
    anchors.set(id, { id, label, span: anchor.span, line: anchor.line });
  }
  return {
    title: outline.title === undefined ? undefined : detach(outline.title),
    headings,
    anchors,
    imports: outline.imports.map(detach),
    openingParagraph: outline.openingParagraph,
    ...(outline.generatedAnchors ? { generatedAnchors: true } : {}),
  };
}

// Block structure comes from parseBlocks, inline structure from scanInline, both with exact
// offsets. markdown-it renders heading text alone, where markup is possible, and lends its
// label and escape rules.
const inlineMarkdown = new MarkdownIt('default', { html: true, linkify: false });

const LINK_ATTRIBUTES: ReadonlySet<string> = new Set(['href', 'to', 'src', 'id', 'name']);

/** What a site's generator adds to Markdown that changes what a page's anchors are. */
export interface ParseOptions {
  /** `## Heading {#custom-id}` gives the heading the anchor `custom-id` (Docusaurus, Hugo, MkDocs' attr_list). */
  customHeadingIds?: boolean;
  /**
   * What makes anchors no Markdown shows: a component's name (`Team`, `JsonSchema`: the page
   * renders `<Team`), or any other text a template expands at build time (`{{generator:`).
   */
  anchorMakers?: string[];
  /** The site's values, whose unlinked mentions in prose are found. */
  mentions?: MentionPattern;
}

/** A heading's `{#custom-id}`, at the end of its text. */
const CUSTOM_HEADING_ID = /[ \t]*\{#([^\s{}]+)\}[ \t]*$/;

/** Parses one page. Never throws on any text. */
export function parsePage(text: string, options: ParseOptions = {}): ParsedPage {
  const lines = new LineMap(text);
  const frontMatter = readFrontMatter(text);
  const bodyStart = frontMatter ? frontMatter.span.end : 0;
  const { tokens, references, definitions } = parseBlocks(text, bodyStart, frontMatter ? lines.positionAt(bodyStart).line : 0);
  const hasReferences = definitions.length > 0;
  const isReference = (label: string) => hasReferences && normalizeLabel(label) in references;
  // The site reads a NUL as U+FFFD (one character for one), and so does the block parser.
  const source = text.indexOf('\0') === -1 ? text : text.replace(/\0/g, '\uFFFD');

  const headings: Heading[] = [];
  const links: PageLink[] = [];
  const codeSpans: Span[] = [];
  const explicitAnchors: Anchor[] = [];
  const mentions: ValueMention[] = [];
  let openingParagraph: Span | undefined;
  const slug = pageSlugger();

  const lineSpan = (map: [number, number]): Span => ({
    start: lines.lineStart(map[0]),
    end: lines.lineEnd(Math.max(map[0], map[1] - 1)),
  });

  const collect = (items: InlineItem[], token: BlockToken) => {
    for (const item of items) {
      const span = { start: sourceOffset(token, item.start), end: sourceOffset(token, item.end) };
      switch (item.kind) {
        case 'code':
          codeSpans.push(span);
          break;
        case 'inline':
        case 'image':
        case 'autolink': {
          const destinationSpan = { start: sourceOffset(token, item.destStart), end: sourceOffset(token, item.destEnd) };
          const written = source.slice(destinationSpan.start, destinationSpan.end);
          // An autolink's destination is taken as written: backslashes there escape nothing.
          links.push({ kind: item.kind, written, destination: item.kind === 'autolink' ? written : unescape(written), destinationSpan, span });
          break;
        }
        case 'bare': {
          const written = source.slice(span.start, span.end);
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
          const valueSpan = { start: sourceOffset(token, item.valueStart), end: sourceOffset(token, item.valueEnd) };
          const value = source.slice(valueSpan.start, valueSpan.end);
          if (item.name === 'id' || item.name === 'name') {
            explicitAnchors.push({ id: decodeEntities(value), label: value, span: valueSpan, line: lines.positionAt(valueSpan.start).line });
          } else {
            links.push({ kind: item.name === 'src' ? 'image' : 'html', written: value, destination: decodeEntities(value), destinationSpan: valueSpan, span: valueSpan });
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
      collect(items, token);
      const parent = t > 0 ? tokens[t - 1] : undefined;
      if (options.mentions && parent?.type !== 'heading_open') findMentions(token, items, options.mentions, source, mentions);
      if (parent?.type === 'heading_open') {
        const customId = options.customHeadingIds ? CUSTOM_HEADING_ID.exec(token.content) : null;
        const heading = detach(headingText(customId ? token.content.slice(0, customId.index) : token.content, references));
        const textSpan = { start: sourceOffset(token, 0), end: sourceOffset(token, customId ? customId.index : token.content.length) };
        const headingMap = parent.map ?? map;
        headings.push({ level: Number(parent.tag.slice(1)), text: heading, slug: customId ? detach(customId[1]) : slug(heading), span: lineSpan(headingMap), textSpan, line: headingMap[0] });
      } else if (parent?.type === 'paragraph_open' && parent.level === 0 && !openingParagraph && !MDX_STATEMENTS.test(token.content)) {
        openingParagraph = lineSpan(map);
      }
    } else if (token.type === 'fence' || token.type === 'code_block') {
      codeSpans.push(lineSpan(map));
    } else if (token.type === 'html_block') {
      collect(scanHtml(token.content, LINK_ATTRIBUTES), token);
    }
  }

  if (hasReferences) {
    for (const definition of definitions) links.push(definitionLink(source, definition));
    links.sort((a, b) => a.span.start - b.span.start);
  }

  const anchors = new Map<string, Anchor>();
  for (const heading of headings) {
    if (!anchors.has(heading.slug)) anchors.set(heading.slug, { id: heading.slug, label: heading.text, span: heading.span, line: heading.line });
  }
  for (const anchor of explicitAnchors) if (!anchors.has(anchor.id)) anchors.set(anchor.id, anchor);

  const frontTitle = frontMatter?.data.title;
  const title =
    typeof frontTitle === 'string' && frontTitle.trim() !== ''
      ? frontTitle.trim()
      : headings.find((heading) => heading.level === 1)?.text;

  const imports = renderedImports(text, tokens, lines);
  const outline: PageOutline = { title, headings, anchors, imports, openingParagraph };
  if (options.anchorMakers?.some((maker) => makesAnchors(text, maker, codeSpans))) outline.generatedAnchors = true;
  return { text, lines, frontMatter, outline, links, codeSpans, suppressions: suppressionsOf(text, lines, codeSpans), mentions };
}

/** HTML and JSX in prose, whose words are markup or another element's: `<a href…>…</a>` whole, other tags, `{…}` expressions. */
const NOT_PROSE = /<a\b[^>]*>[\s\S]*?<\/a\s*>|<\/?[A-Za-z][^<>]*>|<!--[\s\S]*?-->|\{[^{}]*\}/gi;

/**
 * The values a paragraph (or table cell) names in its prose, at most once each: not in a
 * link, an image, code or markup. Mentions are rare, so where markup is is worked out only
 * for a paragraph that has one.
 */
function findMentions(token: BlockToken, items: InlineItem[], pattern: MentionPattern, source: string, found: ValueMention[]): void {
  const content = token.content;
  const regex = pattern.regex;
  regex.lastIndex = 0;
  let match = regex.exec(content);
  if (!match) return;
  const skipped: [number, number][] = items.map((item) => [item.start, item.end]);
  NOT_PROSE.lastIndex = 0;
  for (let markup = NOT_PROSE.exec(content); markup; markup = NOT_PROSE.exec(content)) skipped.push([markup.index, markup.index + markup[0].length]);
  const named = new Set<string>();
  for (; match; match = regex.exec(content)) {
    const start = match.index;
    const end = start + match[0].length;
    if (!isWholeWords(content, start, end)) {
      // Part of a longer word: a name may still start inside it.
      regex.lastIndex = start + 1;
      continue;
    }
    const value = pattern.valueOf.get(mentionKey(match[0]));
    if (!value || named.has(value.anchor) || skipped.some(([from, to]) => start < to && from < end)) continue;
    named.add(value.anchor);
    const span = { start: sourceOffset(token, start), end: sourceOffset(token, end) };
    found.push({ span, anchor: value.anchor, written: detach(source.slice(span.start, span.end)) });
  }
}

/** Whether the page renders `<Name` (followed by a space, `/` or `>`), or holds a template's text, outside code. */
function makesAnchors(text: string, maker: string, codeSpans: Span[]): boolean {
  const component = /^[A-Za-z][\w.]*$/.test(maker);
  const tag = component ? `<${maker}` : maker;
  for (let at = text.indexOf(tag); at !== -1; at = text.indexOf(tag, at + 1)) {
    const next = text.charCodeAt(at + tag.length);
    const ends = !component || next === 0x20 || next === 0x2f || next === 0x3e || next === 0x0a || next === 0x0d || next === 0x09;
    if (ends && !codeSpans.some((span) => span.start <= at && at < span.end)) return true;
  }
  return false;
}

/** A link reference definition as a link: checked where it is written, for every reference that uses it. */
function definitionLink(source: string, definition: Definition): PageLink {
  const destinationSpan = { start: definition.destinationStart, end: definition.destinationEnd };
  const written = source.slice(destinationSpan.start, destinationSpan.end);
  return { kind: 'definition', written, destination: unescape(written), destinationSpan, span: { start: definition.start, end: destinationSpan.end } };
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
function renderedImports(text: string, tokens: BlockToken[], lines: LineMap): string[] {
  const imports: string[] = [];
  for (const token of tokens) {
    if (token.type !== 'paragraph_open' || token.level !== 0 || !token.map) continue;
    for (let line = token.map[0]; line < token.map[1]; line++) {
      const start = lines.lineStart(line);
      if (!text.startsWith('import', start)) continue;
      MDX_IMPORT.lastIndex = start;
      const match = MDX_IMPORT.exec(text);
      if (match && new RegExp(`<${match[1]}[\\s/>]`).test(text)) imports.push(match[2]);
    }
  }
  return imports;
}

/** Whether an offset lies in code or a comment, where nothing is a link. */
export function isInCode(page: ParsedPage, offset: number): boolean {
  return page.codeSpans.some((span) => span.start < offset && offset < span.end);
}

function normalizeLabel(label: string): string {
  return inlineMarkdown.utils.normalizeReference(label);
}

function unescape(destination: string): string {
  return inlineMarkdown.utils.unescapeAll(destination);
}

/** An HTML attribute's value as a browser reads it: entities decoded, line breaks as `\n`. */
function decodeEntities(value: string): string {
  const lineBroken = value.includes('\r') ? value.replace(/\r\n?/g, '\n') : value;
  return lineBroken.includes('&') ? inlineMarkdown.utils.unescapeAll(lineBroken) : lineBroken;
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
function headingText(content: string, references: object): string {
  // Both short ways are kept because they pay: markdown-it for every heading made a check at
  // ×20 take 14% longer (3.49 s against 3.05 s, 5 rounds).
  if (!MAYBE_MARKUP.test(content)) return content.trim();
  const plain = plainRendering(content);
  if (plain !== undefined) return plain;
  const parts: string[] = [];
  const visit = (children: Token[] | null) => {
    for (const child of children ?? []) {
      if (child.type === 'text' || child.type === 'code_inline' || child.type === 'html_inline') parts.push(child.content);
      else if (child.type === 'image') visit(child.children);
      // The site's text keeps a line break as one, and its slug drops it.
      else if (child.type === 'softbreak' || child.type === 'hardbreak') parts.push('\n');
    }
  };
  for (const token of inlineMarkdown.parseInline(content, { references })) visit(token.children);
  return parts.join('').trim();
}

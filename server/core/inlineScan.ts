/**
 * Finds links, raw HTML attributes and code inside one block's inline text. markdown-it
 * decides the block structure (what is a paragraph, a heading, a fence); this scanner works
 * inside the text of a single block, where it needs exact offsets that markdown-it's inline
 * tokens do not carry.
 */

/** One thing the scanner found, with offsets into the scanned text. */
export type InlineItem =
  | { kind: 'inline'; start: number; end: number; destStart: number; destEnd: number }
  /** An image with its source written inline: `![alt](src)`. */
  | { kind: 'image'; start: number; end: number; destStart: number; destEnd: number }
  | { kind: 'reference'; start: number; end: number; label: string }
  | { kind: 'autolink'; start: number; end: number; destStart: number; destEnd: number }
  | { kind: 'bare'; start: number; end: number }
  | { kind: 'attribute'; name: string; start: number; end: number; valueStart: number; valueEnd: number }
  | { kind: 'code'; start: number; end: number };

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const AUTOLINK = /<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>/y;
const TAG_OPEN = /<[A-Za-z][\w.:-]*/y;
const ATTRIBUTE =
  /\s+(?:([A-Za-z_:@][\w.:-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|\{\s*(?:"([^"]*)"|'([^']*)'|`([^`$]*)`)\s*\}|\{[^{}]*\}|[^\s"'=<>`{}]+))?|\{[^{}]*\})/y;
const TAG_CLOSE = /\s*\/?>/y;
/** One character that can start something; `h` only where a URL starts. Always one character long, so `test` (which allocates nothing) says where. */
const SIGNIFICANT = /[\\`<![]|h(?=ttps?:\/\/)/g;

/**
 * Scans `text` and reports what it finds, in order. `isReference` says whether a label
 * (as written) names a link reference definition, which decides whether `[x]` is a link.
 * Only attributes named in `attributeNames` are reported.
 */
export function scanInline(
  text: string,
  isReference: (label: string) => boolean,
  attributeNames: ReadonlySet<string>,
): InlineItem[] {
  const items: InlineItem[] = [];
  let i = 0;
  while (i < text.length) {
    // Jump to the next character that can start something; plain text is most of a page.
    SIGNIFICANT.lastIndex = i;
    if (!SIGNIFICANT.test(text)) break;
    i = SIGNIFICANT.lastIndex - 1;
    const char = text[i];
    if (char === '\\' && i + 1 < text.length && ASCII_PUNCTUATION.test(text[i + 1])) {
      i += 2;
    } else if (char === '`') {
      const code = codeSpanAt(text, i);
      if (code.closed) items.push({ kind: 'code', start: i, end: code.end });
      i = code.end;
    } else if (char === '<') {
      i = scanAngle(text, i, items, attributeNames);
    } else if (char === '!' && text[i + 1] === '[') {
      // An image is not a link: its source is a file, and links in its description are its text.
      const image = linkAt(text, i + 1, isReference, true);
      if (image?.kind === 'inline') items.push({ kind: 'image', start: i, end: image.end, destStart: image.destStart, destEnd: image.destEnd });
      i = image ? image.end : i + 2;
    } else if (char === '[') {
      const link = linkAt(text, i, isReference);
      if (link) {
        items.push(link);
        i = link.end;
      } else {
        i++;
      }
    } else if (char === 'h' && startsBareUrl(text, i)) {
      const end = bareUrlEnd(text, i);
      items.push({ kind: 'bare', start: i, end });
      i = end;
    } else {
      i++;
    }
  }
  return items;
}

/** Attribute values (`href`, `id`, ...) of the HTML or JSX tags in a raw HTML block. */
export function scanHtml(text: string, attributeNames: ReadonlySet<string>): InlineItem[] {
  const items: InlineItem[] = [];
  let i = text.indexOf('<');
  while (i !== -1 && i < text.length) {
    const next = scanAngle(text, i, items, attributeNames);
    i = text.indexOf('<', Math.max(next, i + 1));
  }
  return items;
}

function codeSpanAt(text: string, start: number): { end: number; closed: boolean } {
  let runEnd = start;
  while (text[runEnd] === '`') runEnd++;
  const run = runEnd - start;
  let search = runEnd;
  while (search < text.length) {
    const next = text.indexOf('`', search);
    if (next === -1) break;
    let closeEnd = next;
    while (text[closeEnd] === '`') closeEnd++;
    if (closeEnd - next === run) return { end: closeEnd, closed: true };
    search = closeEnd;
  }
  return { end: runEnd, closed: false };
}

/** Comments, autolinks and tags; returns where scanning goes on. */
function scanAngle(text: string, start: number, items: InlineItem[], attributeNames: ReadonlySet<string>): number {
  if (text.startsWith('<!--', start)) {
    const close = text.indexOf('-->', start + 4);
    if (close === -1) return start + 4;
    items.push({ kind: 'code', start, end: close + 3 });
    return close + 3;
  }
  AUTOLINK.lastIndex = start;
  const autolink = AUTOLINK.exec(text);
  if (autolink) {
    const end = start + autolink[0].length;
    items.push({ kind: 'autolink', start, end, destStart: start + 1, destEnd: end - 1 });
    return end;
  }
  TAG_OPEN.lastIndex = start;
  if (!TAG_OPEN.exec(text)) return start + 1;
  let position = TAG_OPEN.lastIndex;
  const found: InlineItem[] = [];
  for (;;) {
    ATTRIBUTE.lastIndex = position;
    const attribute = ATTRIBUTE.exec(text);
    if (!attribute) break;
    const name = attribute[1];
    const valueIndex = [2, 3, 4, 5, 6].find((group) => attribute[group] !== undefined);
    if (name !== undefined && valueIndex !== undefined && attributeNames.has(name)) {
      const value = attribute[valueIndex];
      const valueEnd = findValueEnd(text, position, ATTRIBUTE.lastIndex, value);
      found.push({ kind: 'attribute', name, start: position, end: ATTRIBUTE.lastIndex, valueStart: valueEnd - value.length, valueEnd });
    }
    position = ATTRIBUTE.lastIndex;
  }
  TAG_CLOSE.lastIndex = position;
  if (!TAG_CLOSE.exec(text)) return start + 1;
  items.push(...found);
  return TAG_CLOSE.lastIndex;
}

/** The value sits just before its closing quote, which is the last quote of the attribute. */
function findValueEnd(text: string, from: number, to: number, value: string): number {
  const attribute = text.slice(from, to);
  for (let k = attribute.length - 1; k >= 0; k--) {
    const c = attribute[k];
    if (c === '"' || c === "'" || c === '`') {
      const end = from + k;
      if (text.slice(end - value.length, end) === value) return end;
    }
  }
  return to;
}

/**
 * An inline or reference link starting at the `[` at `start`, or undefined if none is there;
 * with `image`, the part of an image after its `!` (whose description may hold links: they are its text).
 */
function linkAt(text: string, start: number, isReference: (label: string) => boolean, image = false): InlineItem | undefined {
  const close = matchingBracket(text, start);
  if (close === -1) return undefined;
  // Links do not nest: where the text holds one, the inner link is the link and these brackets are text.
  if (!image && text.indexOf('[', start + 1) < close && holdsLink(text.slice(start + 1, close), isReference)) return undefined;
  const after = close + 1;
  if (text[after] === '(') {
    const resource = resourceAt(text, after);
    if (resource) return { kind: 'inline', start, end: resource.end, destStart: resource.destStart, destEnd: resource.destEnd };
  }
  if (text[after] === '[') {
    const labelClose = matchingBracket(text, after);
    if (labelClose !== -1) {
      // A label after the text makes a full or collapsed reference, or nothing: never a shortcut.
      const label = labelClose === after + 1 ? text.slice(start + 1, close) : text.slice(after + 1, labelClose);
      return isReference(label) ? { kind: 'reference', start, end: labelClose + 1, label } : undefined;
    }
  }
  const label = text.slice(start + 1, close);
  if (label.trim() !== '' && isReference(label)) return { kind: 'reference', start, end: after, label };
  return undefined;
}

const NO_ATTRIBUTES: ReadonlySet<string> = new Set();

function holdsLink(text: string, isReference: (label: string) => boolean): boolean {
  return scanInline(text, isReference, NO_ATTRIBUTES).some((item) => item.kind === 'inline' || item.kind === 'reference');
}

/** Where the autolink, HTML tag or comment starting at `start` ends; -1 where none starts there. */
function angleEnd(text: string, start: number): number {
  if (text.startsWith('<!--', start)) {
    const close = text.indexOf('-->', start + 4);
    return close === -1 ? -1 : close + 3;
  }
  AUTOLINK.lastIndex = start;
  const autolink = AUTOLINK.exec(text);
  if (autolink) return start + autolink[0].length;
  TAG_OPEN.lastIndex = start;
  if (!TAG_OPEN.exec(text)) return -1;
  let position = TAG_OPEN.lastIndex;
  for (;;) {
    ATTRIBUTE.lastIndex = position;
    if (!ATTRIBUTE.exec(text)) break;
    position = ATTRIBUTE.lastIndex;
  }
  TAG_CLOSE.lastIndex = position;
  return TAG_CLOSE.exec(text) ? TAG_CLOSE.lastIndex : -1;
}

function matchingBracket(text: string, open: number): number {
  let depth = 0;
  for (let k = open; k < text.length; k++) {
    const c = text[k];
    if (c === '\\') k++;
    else if (c === '`') {
      const code = codeSpanAt(text, k);
      k = code.end - 1;
    } else if (c === '<') {
      // Code spans, autolinks and raw HTML bind tighter than brackets: a `]` inside one closes nothing.
      const end = angleEnd(text, k);
      if (end !== -1) k = end - 1;
    } else if (c === '[') depth++;
    else if (c === ']') {
      depth--;
      if (depth === 0) return k;
    }
  }
  return -1;
}

/** `(destination "title")` starting at the `(` at `open`. */
function resourceAt(text: string, open: number): { end: number; destStart: number; destEnd: number } | undefined {
  let k = skipSpace(text, open + 1);
  let destStart = k;
  let destEnd: number;
  if (text[k] === '<') {
    destStart = k + 1;
    let j = destStart;
    while (j < text.length && text[j] !== '>' && text[j] !== '\n' && text[j] !== '<') j += text[j] === '\\' ? 2 : 1;
    if (text[j] !== '>') return undefined;
    destEnd = j;
    k = j + 1;
  } else {
    let depth = 0;
    let j = k;
    while (j < text.length) {
      const c = text[j];
      if (c === '\\' && j + 1 < text.length) {
        j += 2;
        continue;
      }
      if (c <= ' ') break;
      if (c === '(') depth++;
      if (c === ')') {
        if (depth === 0) break;
        depth--;
      }
      j++;
    }
    destEnd = j;
    k = j;
  }
  const beforeTitle = k;
  k = skipSpace(text, k);
  if (k > beforeTitle && (text[k] === '"' || text[k] === "'" || text[k] === '(')) {
    const closer = text[k] === '(' ? ')' : text[k];
    let j = k + 1;
    while (j < text.length && text[j] !== closer) j += text[j] === '\\' ? 2 : 1;
    if (j >= text.length) return undefined;
    k = skipSpace(text, j + 1);
  }
  if (text[k] !== ')') return undefined;
  return { end: k + 1, destStart, destEnd };
}

function skipSpace(text: string, k: number): number {
  while (k < text.length && (text[k] === ' ' || text[k] === '\t' || text[k] === '\n')) k++;
  return k;
}

function startsBareUrl(text: string, i: number): boolean {
  if (!text.startsWith('http://', i) && !text.startsWith('https://', i)) return false;
  return i === 0 || /[\s(*_~]/.test(text[i - 1]);
}

/** Where a bare URL ends, by GFM's rules for trailing punctuation and parentheses. */
function bareUrlEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && !/[\s<]/.test(text[end])) end++;
  for (;;) {
    const last = text[end - 1];
    if (/[?!.,:*_~'";]/.test(last)) end--;
    else if (last === ')') {
      const slice = text.slice(start, end);
      const opens = slice.split('(').length - 1;
      const closes = slice.split(')').length - 1;
      if (closes > opens) end--;
      else break;
    } else break;
  }
  return end;
}

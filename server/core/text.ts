/** A zero-based line and UTF-16 character, the unit LSP and JavaScript strings share. */
export interface Position {
  line: number;
  character: number;
}

/** A half-open span of a text, as offsets into it. */
export interface Span {
  start: number;
  end: number;
}

/** A half-open span of a text, as positions. */
export interface Range {
  start: Position;
  end: Position;
}

/**
 * Converts between offsets and positions in one text. Lines end at `\r\n`, `\n` or a lone
 * `\r`, as in CommonMark and LSP, so a file with old Mac line endings still maps right.
 */
export class LineMap {
  private lineStarts: Int32Array;
  /** The text's length: kept apart from it so that a map of positions only can outlive it. */
  private length: number;

  constructor(readonly text: string) {
    this.length = text.length;
    if (!text.includes('\r')) {
      // The common case, found with indexOf, which is many times faster than a loop: once to
      // count the lines, once to note where each starts, in a table of the exact size.
      let count = 1;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
      const starts = new Int32Array(count);
      let line = 1;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts[line++] = i + 1;
      this.lineStarts = starts;
      return;
    }
    const starts: number[] = [0];
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
      } else if (code !== 10 /* \n */) {
        continue;
      }
      starts.push(i + 1);
    }
    this.lineStarts = Int32Array.from(starts);
  }

  /**
   * The same map, holding no reference to the text: it converts offsets and positions, but
   * has no line text. What a check keeps of a page it has read, so the text can be freed.
   */
  positionsOnly(): LineMap {
    const map = new LineMap('');
    map.lineStarts = this.lineStarts;
    map.length = this.length;
    return map;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.length;
    const start = this.lineStarts[position.line];
    return Math.min(start + Math.max(0, position.character), this.lineEnd(position.line));
  }

  rangeOf(span: Span): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }

  /** Offset where the line starts. */
  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }

  /** Offset just before the line's terminator. */
  lineEnd(line: number): number {
    if (line + 1 >= this.lineStarts.length) return this.length;
    let end = this.lineStarts[line + 1];
    if (this.text.charCodeAt(end - 1) === 10) end--;
    if (this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }
}

/**
 * A copy of a string that shares no memory with the text it was cut from. V8 keeps a
 * substring of 13 characters or more as a view of its parent, so a heading, anchor or URL
 * kept from a page would keep the whole page alive. A concatenation, once sliced, is a
 * fresh flat string.
 */
export function detach(value: string): string {
  return value.length < 13 ? value : (' ' + value).slice(1);
}

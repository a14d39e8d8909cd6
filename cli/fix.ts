import { closeSync, constants, fchmodSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'fs';
import * as path from 'path';
import { MAX_PAGE_BYTES, readFileInside } from '../server/diskWorkspace';

/** One replacement in a page's text, with the text it replaces: a page changed since it was checked is left alone. */
export interface TextEdit {
  start: number;
  end: number;
  expected: string;
  newText: string;
}

/** What `--fix` did: files written and edits made, and the files it left as they were, with why. */
export interface FixOutcome {
  /** The files written, as they were given. */
  written: string[];
  edits: number;
  problems: string[];
}

/**
 * Applies edits to pages on disk, each file written whole to a new file beside it and moved
 * over the old one, so a reader never sees half of it and nothing is written through a
 * symlink or outside `root`. A file is left as it was when it cannot be read as the check
 * read it, is not UTF-8 exactly, or no longer holds what an edit replaces.
 */
export function applyEdits(editsByFile: Map<string, TextEdit[]>, root: string): FixOutcome {
  const realRoot = realpathSync(root);
  const outcome: FixOutcome = { written: [], edits: 0, problems: [] };
  for (const [file, edits] of editsByFile) {
    const shown = path.relative(root, file);
    const read = readFileInside(file, realRoot, MAX_PAGE_BYTES, 'the site root');
    if ('problem' in read) {
      outcome.problems.push(`Not fixed ${shown}: ${read.problem}`);
      continue;
    }
    const decoded = read.bytes.toString('utf8');
    if (!Buffer.from(decoded, 'utf8').equals(read.bytes)) {
      outcome.problems.push(`Not fixed ${shown}: it is not valid UTF-8, and writing it back would change more than its links`);
      continue;
    }
    const bom = decoded.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
    let text = bom ? decoded.slice(1) : decoded;
    const sorted = [...edits].sort((a, b) => b.start - a.start);
    const stale = sorted.find((edit) => text.slice(edit.start, edit.end) !== edit.expected);
    if (stale) {
      outcome.problems.push(`Not fixed ${shown}: it changed since it was checked`);
      continue;
    }
    for (const edit of sorted) text = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
    const problem = replaceFile(realpathSync(file), bom + text);
    if (problem) {
      outcome.problems.push(`Not fixed ${shown}: ${problem}`);
      continue;
    }
    outcome.written.push(file);
    outcome.edits += edits.length;
  }
  return outcome;
}

/** Writes `text` to a new file in the file's folder and renames it over the file, keeping its mode. */
function replaceFile(real: string, text: string): string | undefined {
  const temporary = path.join(path.dirname(real), `.${path.basename(real)}.handbook-fix-${process.pid}`);
  let descriptor: number | undefined;
  try {
    const mode = statSync(real).mode & 0o7777;
    descriptor = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    const bytes = Buffer.from(text, 'utf8');
    for (let written = 0; written < bytes.length; ) written += writeSync(descriptor, bytes, written, bytes.length - written);
    fchmodSync(descriptor, mode);
    closeSync(descriptor);
    descriptor = undefined;
    renameSync(temporary, real);
    return undefined;
  } catch (error) {
    if (descriptor !== undefined) closeSync(descriptor);
    try {
      unlinkSync(temporary);
    } catch {
      // Never made, or already moved.
    }
    return (error as Error).message;
  }
}

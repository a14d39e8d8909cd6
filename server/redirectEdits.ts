import { existsSync } from 'fs';
import * as path from 'path';
import { redirectAddition, ruleEdits, type MovedUrl, type PageMove } from './core/move';
import type { SiteIndex } from './core/siteIndex';
import { pageUrlOf } from './core/urlRules';
import { readFileInside } from './diskWorkspace';
import { MAX_ROUTES_BYTES, realOrSelf, REDIRECT_FILES } from './siteFiles';

/** A redirect file's edits for a move: its text as read, and what changes in it. */
export interface RedirectFileEdits {
  /** Absolute. */
  file: string;
  text: string;
  edits: { start: number; end: number; newText: string }[];
  /** Rules now pointing at a new URL, and rules added. */
  retargeted: number;
  added: number;
}

/**
 * What a move changes in the site's redirect files: the rules whose destination moved point
 * at the new URL; with `addRedirects`, the first redirect file there is gains a rule from
 * each old URL to the new one. Files are read as every file is (inside the site root).
 */
export function redirectFileEdits(root: string, index: SiteIndex, pages: PageMove[], addRedirects: boolean): RedirectFileEdits[] {
  const rules = index.settings.urlRules;
  const moved: MovedUrl[] = pages.flatMap((move) => {
    const from = index.page('workspace', move.from)?.url;
    const to = pageUrlOf(move.to, rules);
    return from !== undefined && to !== undefined && from !== to ? [{ from, to }] : [];
  });
  const realRoot = realOrSelf(root);
  const textOf = (name: string) => {
    const read = readFileInside(path.join(root, name), realRoot, MAX_ROUTES_BYTES, root);
    return 'problem' in read ? undefined : read.bytes.toString('utf8');
  };
  const byFile = new Map<string, RedirectFileEdits>();
  for (const entry of ruleEdits(index, moved, textOf)) {
    byFile.set(entry.file, { file: path.join(root, entry.file), text: entry.text, edits: entry.edits, retargeted: entry.edits.length, added: 0 });
  }
  if (addRedirects) {
    const name = REDIRECT_FILES.find((candidate) => existsSync(path.join(root, candidate)));
    const text = name === undefined ? undefined : (byFile.get(name)?.text ?? textOf(name));
    const addition = name === undefined || text === undefined ? undefined : redirectAddition(name, text, moved);
    if (name !== undefined && text !== undefined && addition) {
      const entry = byFile.get(name) ?? { file: path.join(root, name), text, edits: [], retargeted: 0, added: 0 };
      entry.edits.push({ start: addition.offset, end: addition.offset, newText: addition.newText });
      entry.added = moved.length;
      byFile.set(name, entry);
    }
  }
  return [...byFile.values()];
}

import { existsSync, mkdirSync, realpathSync, renameSync, statSync } from 'fs';
import * as path from 'path';
import { moveEdits, pagesMoved } from '../server/core/move';
import { isPresetName } from '../server/core/urlRules';
import { DEFAULT_CONFIG, siteUrlProblem } from '../server/config';
import { redirectFileEdits } from '../server/redirectEdits';
import { findContentRoot, realOrSelf } from '../server/siteFiles';
import { detectSite, type UrlRulesSetting } from '../server/siteRules';
import { VERSION } from '../server/version';
import { printable } from './check';
import { normalizeArguments } from './command';
import { applyEdits, type TextEdit } from './fix';
import { SiteCheck } from './siteCheck';

const USAGE = `Usage: handbook-move [options] FROM TO

Moves a page or a folder of pages inside the content folder, and rewrites every link to
them (and their own relative links) so that they still lead where they did.

Options:
  --root DIR           the site root, which holds the content folder (default: .)
  --content-root DIR   the content folder, when it is not found by itself
  --site-url URL       the site's own origin (default: ${DEFAULT_CONFIG.siteUrl})
  --preset NAME        the site generator's URL rules (default: read from its config file)
  --add-redirect       add a redirect from each old URL to the new one to the site's
                       redirect file (_redirects, netlify.toml or vercel.json)
  --dry-run            print the changes as a diff, and change nothing
  --version            the version
  --help               this text

Exit status: 0 moved (or, with --dry-run, would move), 2 bad usage or a move refused.`;

interface MoveOptions {
  root: string;
  contentRoot?: string;
  siteUrl: string;
  urlRules: UrlRulesSetting;
  addRedirect: boolean;
  dryRun: boolean;
  paths: string[];
}

/** Runs a move and returns the exit status; output goes to the given streams. */
export async function runMove(argv: string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const usage = (message: string) => {
    err(`handbook-move: ${printable(message)}\nRun handbook-move --help for usage.\n`);
    return 2;
  };
  const options: MoveOptions = { root: '.', siteUrl: DEFAULT_CONFIG.siteUrl, urlRules: {}, addRedirect: false, dryRun: false, paths: [] };
  const args = normalizeArguments(argv);
  for (let i = 0; i < args.length; i++) {
    const argument = args[i];
    const value = () => args[++i];
    if (argument === '--') {
      options.paths.push(...args.slice(i + 1));
      break;
    } else if (argument === '--help' || argument === '-h') {
      out(USAGE + '\n');
      return 0;
    } else if (argument === '--version') {
      out(`handbook-move ${VERSION}\n`);
      return 0;
    } else if (argument === '--root' || argument === '--content-root' || argument === '--site-url' || argument === '--preset') {
      const given = value();
      if (given === undefined || given.startsWith('--')) return usage(`${argument} needs a value`);
      if (argument === '--root') options.root = given;
      else if (argument === '--content-root') options.contentRoot = given;
      else if (argument === '--site-url') options.siteUrl = given;
      else options.urlRules.preset = given;
    } else if (argument === '--add-redirect') {
      options.addRedirect = true;
    } else if (argument === '--dry-run') {
      options.dryRun = true;
    } else if (argument.startsWith('-')) {
      return usage(`unknown option ${argument}`);
    } else {
      options.paths.push(argument);
    }
  }
  if (options.paths.length !== 2) return usage('give the page or folder to move, and where to');
  const root = path.resolve(options.root);
  if (!isFolder(root)) return usage(`--root ${options.root} is not a folder`);
  const badSiteUrl = siteUrlProblem(options.siteUrl);
  if (badSiteUrl) return usage(`--site-url ${badSiteUrl}`);
  const detected = detectSite(root, options.urlRules, '--preset');
  if (options.urlRules.preset !== undefined && !isPresetName(options.urlRules.preset)) return usage(detected.problems[detected.problems.length - 1]);
  const found = findContentRoot(root, options.contentRoot, '--content-root', detected.contentFolder);
  if (found.problem) return usage(found.problem);
  if (!found.path) return usage(`no content folder in ${root}; point --root or --content-root at it`);
  const contentRoot = realpathSync(found.path);

  // Both ends inside the content folder, and nothing where the move would put it.
  const [from, to] = options.paths.map((given) => path.resolve(given));
  const inside = (absolute: string) => {
    const relative = path.relative(contentRoot, realOrSelf(absolute));
    return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? undefined : relative.split(path.sep).join('/');
  };
  const fromPath = inside(from);
  const toPath = inside(to);
  if (!existsSync(from)) return usage(`no such file or folder: ${options.paths[0]}`);
  if (fromPath === undefined) return usage(`${options.paths[0]} is not inside the content folder ${contentRoot}`);
  if (toPath === undefined) return usage(`${options.paths[1]} is not inside the content folder ${contentRoot}`);
  if (existsSync(to)) return usage(`${options.paths[1]} already exists: the move would replace it`);

  const site = new SiteCheck({ root, contentRoot, routes: [], routesComplete: false, siteUrl: options.siteUrl, rules: detected.rules, tracksLinkers: true });
  await site.load();
  const pages = pagesMoved(site.index, [{ from: fromPath, to: toPath }]);
  const editsByFile = new Map<string, TextEdit[]>();
  const before = new Map<string, string>();
  for (const { page, parsed, edits } of await moveEdits(site.index, pages)) {
    const file = path.join(contentRoot, ...page.path.split('/'));
    before.set(file, parsed.text);
    editsByFile.set(file, edits.map((edit) => ({ start: edit.span.start, end: edit.span.end, expected: parsed.text.slice(edit.span.start, edit.span.end), newText: edit.newText })));
  }
  const linkCount = [...editsByFile.values()].reduce((sum, edits) => sum + edits.length, 0);
  const pageCount = editsByFile.size;
  const redirectFiles = redirectFileEdits(root, site.index, pages, options.addRedirect);
  for (const redirectFile of redirectFiles) {
    before.set(redirectFile.file, redirectFile.text);
    editsByFile.set(redirectFile.file, redirectFile.edits.map((edit) => ({ ...edit, expected: redirectFile.text.slice(edit.start, edit.end) })));
  }
  const shown = (file: string) => path.relative(process.cwd(), file) || file;
  const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
  const rules = redirectFiles.map((file) =>
    [file.retargeted > 0 ? `${plural(file.retargeted, 'redirect rule')} in ${shown(file.file)} pointed at the new URLs` : '', file.added > 0 ? `${plural(file.added, 'redirect')} added to ${shown(file.file)}` : '']
      .filter((part) => part !== '')
      .join('; '),
  );
  const summary = [`${plural(linkCount, 'link')} in ${plural(pageCount, 'file')}`, ...rules].join('; ');

  if (options.dryRun) {
    for (const [file, edits] of editsByFile) out(unifiedDiff(shown(file), before.get(file)!, edits));
    out(`Would move ${shown(from)} to ${shown(to)} (${plural(pages.length, 'page')}): ${summary}\n`);
    return 0;
  }
  const outcome = applyEdits(editsByFile, root);
  for (const problem of outcome.problems) err(`handbook-move: ${printable(problem)}\n`);
  if (outcome.problems.length > 0) {
    err('handbook-move: nothing was moved; the files named above were left as they were\n');
    return 2;
  }
  mkdirSync(path.dirname(to), { recursive: true });
  renameSync(from, to);
  out(`Moved ${shown(from)} to ${shown(to)} (${plural(pages.length, 'page')}): ${summary}\n`);
  return 0;
}

/** The changes to one file as a unified diff with no context lines: one hunk for each run of changed lines. */
export function unifiedDiff(name: string, text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  };
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const groups: { first: number; last: number; edits: TextEdit[] }[] = [];
  for (const edit of sorted) {
    const first = lineOf(edit.start);
    const last = lineOf(edit.end);
    const group = groups[groups.length - 1];
    if (group && first <= group.last + 1) {
      group.last = Math.max(group.last, last);
      group.edits.push(edit);
    } else {
      groups.push({ first, last, edits: [edit] });
    }
  }
  let result = `--- a/${name}\n+++ b/${name}\n`;
  let shift = 0;
  for (const group of groups) {
    const start = lineStarts[group.first];
    const end = group.last + 1 < lineStarts.length ? lineStarts[group.last + 1] : text.length;
    const oldText = text.slice(start, end);
    let newText = oldText;
    for (const edit of [...group.edits].reverse()) newText = newText.slice(0, edit.start - start) + edit.newText + newText.slice(edit.end - start);
    const oldLines = splitLines(oldText);
    const newLines = splitLines(newText);
    result += `@@ -${group.first + 1},${oldLines.length} +${group.first + 1 + shift},${newLines.length} @@\n`;
    result += oldLines.map((line) => `-${line}\n`).join('') + newLines.map((line) => `+${line}\n`).join('');
    shift += newLines.length - oldLines.length;
  }
  return result;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => line.replace(/\r$/, ''));
}

function isFolder(candidate: string): boolean {
  try {
    return statSync(candidate).isDirectory();
  } catch {
    return false;
  }
}

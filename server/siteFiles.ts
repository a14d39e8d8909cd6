import { existsSync, realpathSync, statSync } from 'fs';
import * as path from 'path';
import { parse as parseToml, TomlError } from 'smol-toml';
import type { RedirectRule } from './core/redirects';
import { decodePage, DiskWorkspace, readFileInside } from './diskWorkspace';

/** The handbook this product ships: the values page and the routes its links rely on. */
export const BUNDLED_CONTENT = path.resolve(__dirname, '..', 'content');
export const BUNDLED_ROUTES = path.join(BUNDLED_CONTENT, 'routes.txt');

/** A routes file larger than this is refused: a site's routes fit in far less. */
export const MAX_ROUTES_BYTES = 8 * 1024 * 1024;

/** A path a setting names, resolved, or why it is not used. */
export type SettingPath = { path: string } | { problem: string };

/**
 * The path a setting names (`handbook.contentRoot`, `--routes`), relative to `base` (the site
 * root, unless given), if its real path stays inside the site root: a repository's own
 * settings must not point the tools at files elsewhere on the machine.
 */
export function pathInside(siteRoot: string | undefined, configured: string, setting: string, base = siteRoot): SettingPath {
  if (!siteRoot) return { problem: `${setting} "${configured}" is not used: there is no workspace folder for it to be inside` };
  const resolved = path.resolve(base ?? siteRoot, configured.trim());
  const realRoot = realOrSelf(siteRoot);
  const real = realOrSelf(resolved);
  if (real === realRoot || real.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep)) return { path: resolved };
  return { problem: `${setting} "${configured}" is not used: it is outside ${siteRoot}` };
}

/**
 * The content folder of a site: the configured one (inside the site root), else the one its
 * generator reads (`detected`, relative to the site root), else `contents/`, then `content/`.
 * No `path` when there is none (a folder with no handbook); a `problem` when the configured
 * one is not used.
 */
export function findContentRoot(siteRoot: string | undefined, configured: string | undefined, setting = 'handbook.contentRoot', detected?: string): { path?: string; problem?: string } {
  let problem: string | undefined;
  if (configured && configured.trim() !== '') {
    const inside = pathInside(siteRoot, configured, setting);
    if ('path' in inside) return inside;
    problem = inside.problem;
  }
  if (!siteRoot) return { problem };
  for (const name of detected === undefined ? ['contents', 'content'] : [detected, 'contents', 'content']) {
    const candidate = path.join(siteRoot, name);
    if (isFolder(candidate)) return { path: candidate, problem };
  }
  return { problem };
}

/**
 * Reads a routes file inside `root`: one URL path a line; blank lines and `#` comments are
 * skipped. Throws, with the reason, where it cannot be read as the tools read every file.
 */
export function readRoutesFile(file: string, root: string): string[] {
  const read = readFileInside(file, realOrSelf(root), MAX_ROUTES_BYTES, root);
  if ('problem' in read) throw new Error(read.problem);
  const text = decodePage(read.bytes, file, () => undefined);
  if (text === undefined) throw new Error('it looks binary, not like a list of paths');
  return parseRoutes(text);
}

function parseRoutes(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => (line.startsWith('/') ? line : '/' + line));
}

/** The bundled routes, or none if the bundle lacks its list. */
export function bundledRoutes(): string[] {
  return existsSync(BUNDLED_ROUTES) ? readRoutesFile(BUNDLED_ROUTES, BUNDLED_CONTENT) : [];
}

export function realOrSelf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    // Not there (yet): judged by the folder that holds it, as it would be once made.
    const parent = path.dirname(file);
    return parent === file ? file : path.join(realOrSelf(parent), path.basename(file));
  }
}

function isFolder(candidate: string): boolean {
  try {
    return statSync(candidate).isDirectory();
  } catch {
    return false;
  }
}

/** Folders at the site root whose files the site serves as they are, from its root (Gatsby, Docusaurus and Hugo's `static/`, Next.js's `public/`). */
export const STATIC_FOLDERS = ['static', 'public'];

/** The URL paths of the files in the site's static folders, walked as the content folder is (no hidden folders, no symlinked ones). */
export async function listStaticFiles(siteRoot: string, notice: (message: string) => void): Promise<string[]> {
  const urls: string[] = [];
  for (const folder of STATIC_FOLDERS) {
    const root = path.join(siteRoot, folder);
    if (!isFolder(root)) continue;
    const walked = new DiskWorkspace(root, undefined, notice);
    for (const file of [...(await walked.listPages()), ...(await walked.listFiles())]) urls.push('/' + file);
  }
  return urls;
}

/** Where a site's host rules are read from: Netlify's (in the order it applies them, `_redirects` first), then Vercel's. */
export const REDIRECT_FILES = ['_redirects', 'static/_redirects', 'public/_redirects', 'netlify.toml', 'vercel.json'];

/**
 * The site host's redirect and rewrite rules, read (never run) from the files at the site
 * root that hold them. A file that cannot be read or parsed is a problem naming the file
 * and line; the rules of the others still count. Rules that depend on the request (query
 * parameters, country, language, role) are left out: a link alone cannot meet them.
 */
export function readRedirectRules(siteRoot: string): { rules: RedirectRule[]; problems: string[] } {
  const rules: RedirectRule[] = [];
  const problems: string[] = [];
  const realRoot = realOrSelf(siteRoot);
  for (const name of REDIRECT_FILES) {
    const file = path.join(siteRoot, name);
    if (!existsSync(file)) continue;
    const read = readFileInside(file, realRoot, MAX_ROUTES_BYTES, siteRoot);
    if ('problem' in read) {
      problems.push(`cannot read ${name}: ${read.problem}`);
      continue;
    }
    const text = read.bytes.toString('utf8');
    try {
      rules.push(...(name.endsWith('.toml') ? netlifyTomlRules(text, name) : name.endsWith('.json') ? vercelRules(text, name) : redirectsFileRules(text, name)));
    } catch (error) {
      const where = error instanceof TomlError ? `${name}:${error.line}` : name;
      // A TOML error knows its line; JSON.parse's own message gives the position.
      problems.push(`cannot read the redirects in ${where}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return { rules, problems };
}

/** `[[redirects]]` tables of a netlify.toml, each with the line its table starts on. */
function netlifyTomlRules(text: string, name: string): RedirectRule[] {
  const parsed = parseToml(text) as { redirects?: unknown };
  const tables = Array.isArray(parsed.redirects) ? (parsed.redirects as Record<string, unknown>[]) : [];
  const textLines = text.split(/\r\n|\r|\n/);
  const lines: number[] = [];
  textLines.forEach((line, i) => {
    if (/^\s*\[\[\s*redirects\s*\]\]/.test(line)) lines.push(i + 1);
  });
  const rules: RedirectRule[] = [];
  tables.forEach((table, i) => {
    if (typeof table.from !== 'string' || typeof table.to !== 'string') return;
    if (table.query !== undefined || table.conditions !== undefined) return;
    const status = typeof table.status === 'number' ? table.status : 301;
    const line = lines[i];
    const rule: RedirectRule = { from: table.from, to: table.to, status, force: table.force === true, origin: `${name}:${line ?? '?'}` };
    if (line !== undefined) rule.place = tablePlace(name, textLines, line);
    rules.push(rule);
  });
  return rules;
}

/** The lines of the TOML table that starts at `line`: up to its last key, before the next table or the end. */
function tablePlace(file: string, textLines: string[], line: number): NonNullable<RedirectRule['place']> {
  let end = line;
  for (let i = line; i < textLines.length && !/^\s*\[/.test(textLines[i]); i++) {
    if (textLines[i].trim() !== '' && !textLines[i].trim().startsWith('#')) end = i + 1;
  }
  return { file, line, endLine: end, endColumn: textLines[end - 1].length + 1 };
}

/** One line of a file, as a rule's place. */
function linePlace(file: string, textLines: string[], line: number): NonNullable<RedirectRule['place']> {
  return { file, line, endLine: line, endColumn: (textLines[line - 1] ?? '').length + 1 };
}

/**
 * A vercel.json's `redirects` (which Vercel applies before pages, so every one is forced)
 * and `rewrites` (after pages), each with the line of its `source`, and the redirect that
 * `cleanUrls` makes of `x.html` to `x`. Rules with `has` or `missing` conditions are left out.
 */
function vercelRules(text: string, name: string): RedirectRule[] {
  const parsed = JSON.parse(text) as { redirects?: unknown; rewrites?: unknown; cleanUrls?: unknown };
  const lineAt = (offset: number) => text.slice(0, offset).split(/\r\n|\r|\n/).length;
  const textLines = text.split(/\r\n|\r|\n/);
  const rulesOf = (key: 'redirects' | 'rewrites'): RedirectRule[] => {
    const list = Array.isArray(parsed[key]) ? (parsed[key] as Record<string, unknown>[]) : [];
    let at = text.indexOf(`"${key}"`);
    const rules: RedirectRule[] = [];
    for (const entry of list) {
      at = text.indexOf('"source"', at + 1);
      if (typeof entry.source !== 'string' || typeof entry.destination !== 'string') continue;
      if (entry.has !== undefined || entry.missing !== undefined) continue;
      const status = key === 'rewrites' ? 200 : typeof entry.statusCode === 'number' ? entry.statusCode : entry.permanent === false ? 307 : 308;
      const line = at === -1 ? undefined : lineAt(at);
      const rule: RedirectRule = { from: entry.source, to: entry.destination, status, force: key === 'redirects', origin: `${name}:${line ?? '?'}`, syntax: 'path-to-regexp' };
      if (line !== undefined) rule.place = linePlace(name, textLines, line);
      rules.push(rule);
    }
    return rules;
  };
  // `cleanUrls` serves `x.html` at `x`, and redirects a request for `x.html` there first.
  const clean: RedirectRule[] = [];
  if (parsed.cleanUrls === true) {
    const line = lineAt(text.indexOf('"cleanUrls"'));
    clean.push({ from: '/:path*.html', to: '/:path*', status: 308, force: true, origin: `${name}:${line}`, syntax: 'path-to-regexp', place: linePlace(name, textLines, line) });
  }
  return [...clean, ...rulesOf('redirects'), ...rulesOf('rewrites')];
}

/** Rules of a `_redirects` file: `from [key=:value ...] to [status][!] [conditions]`, one a line. */
function redirectsFileRules(text: string, name: string): RedirectRule[] {
  const rules: RedirectRule[] = [];
  const textLines = text.split(/\r\n|\r|\n/);
  textLines.forEach((line, i) => {
    const words = line.trim().split(/\s+/);
    if (words[0] === '' || words[0].startsWith('#')) return;
    const [from, ...rest] = words;
    // Query parameter conditions stand between the source and the destination.
    if (rest.length > 0 && rest[0].includes('=')) return;
    const [to, code, ...conditions] = rest;
    if (to === undefined) return;
    const status = code && /^\d{3}!?$/.test(code) ? Number(code.replace('!', '')) : 301;
    if (conditions.length > 0 || (code !== undefined && !/^\d{3}!?$/.test(code))) return;
    rules.push({ from, to, status, force: code?.endsWith('!') ?? false, origin: `${name}:${i + 1}`, place: linePlace(name, textLines, i + 1) });
  });
  return rules;
}

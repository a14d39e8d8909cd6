import { destinationOf } from './destination';
import { readLinkTarget } from './linkTarget';
import type { PageLink, ParsedPage } from './page';
import type { PageEdits } from './rename';
import type { IndexedPage, SiteIndex } from './siteIndex';
import { relativeFile, relativeUrl } from './sitePath';
import type { Span } from './text';
import { browserUrlOf, frontMatterSlug, pageUrlOf } from './urlRules';

/** A page that moves: its path before and after, relative to the content root. */
export interface PageMove {
  from: string;
  to: string;
}

/** A page as it is before a move, and where it will be. */
interface Moving {
  page: IndexedPage;
  newPath: string;
  newUrl: string;
}

/**
 * The pages a move of files or folders takes along: a page named as it is, and every page
 * under a folder named, each with its new path. Paths are relative to the content root.
 */
export function pagesMoved(index: SiteIndex, moves: PageMove[]): PageMove[] {
  const moved: PageMove[] = [];
  for (const move of moves) {
    const from = move.from.replace(/\/+$/, '');
    const to = move.to.replace(/\/+$/, '');
    for (const page of index.pages('workspace')) {
      if (page.path === from) moved.push({ from: page.path, to });
      else if (page.path.startsWith(from + '/')) moved.push({ from: page.path, to: to + page.path.slice(from.length) });
    }
  }
  return moved;
}

/**
 * The edits that keep every link to the moved pages working, and the moved pages' own
 * relative links, each in its own form: a site URL or full URL gets the new path, a relative
 * link the new relative path (from where its page will be), a link between files the new
 * file path; anchors, queries and trailing slashes are kept. A link that reaches a moved page
 * through a redirect is left to the redirect. Edits are on the pages as they are now, at
 * their present paths.
 */
export async function moveEdits(index: SiteIndex, moves: PageMove[]): Promise<PageEdits[]> {
  const rules = index.settings.urlRules;
  const moving = new Map<string, Moving>();
  for (const move of moves) {
    const page = index.page('workspace', move.from);
    if (!page) continue;
    const text = await index.textOf(page);
    const slug = text === undefined ? undefined : frontMatterSlug(index.parse(text).frontMatter?.data, rules);
    const newUrl = pageUrlOf(move.to, rules, slug);
    if (newUrl !== undefined) moving.set(page.path, { page, newPath: move.to, newUrl });
  }
  const candidates = new Set<string>();
  for (const { page } of moving.values()) {
    for (const path of index.pathsLinkingTo(page)) candidates.add(path);
  }
  const result: PageEdits[] = [];
  for (const path of [...candidates].sort()) {
    const page = index.page('workspace', path);
    const text = page && (await index.textOf(page));
    if (!page || text === undefined) continue;
    const parsed = index.parse(text);
    const edits = linkEdits(index, page, parsed, moving);
    if (edits.length > 0) result.push({ page, parsed, edits });
  }
  return result;
}

/** The edits of one page's links: those to a moved page, and, if it moves, its own relative ones. */
function linkEdits(index: SiteIndex, page: IndexedPage, parsed: ParsedPage, moving: Map<string, Moving>): { span: Span; newText: string }[] {
  const rules = index.settings.urlRules;
  const self = moving.get(page.path);
  const source = { parsed, url: page.url, path: page.path };
  const edits: { span: Span; newText: string }[] = [];
  for (const link of parsed.links) {
    if (!link.destinationSpan || link.destination.startsWith('#')) continue;
    const destination = destinationOf(index, source, link);
    if (destination?.kind !== 'page' || !destination.page || destination.page.layer !== 'workspace' || destination.redirects) continue;
    const targetMove = moving.get(destination.page.path);
    if (!targetMove && !self) continue;
    const target = index.readLink(link.destination, source);
    if (target.kind !== 'site') continue;
    const raw = link.destination.trim();
    const absolute = raw.startsWith('/') || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(raw);
    if (absolute && !targetMove) continue;
    const newTargetUrl = targetMove?.newUrl ?? destination.page.url;
    const written = link.destination.slice(target.pathSpan.start, target.pathSpan.end);
    // A relative link still right from where its page will be (both moved together) stays as written.
    if (!absolute && stillLeads(index, written, self, page, target.file !== undefined ? (targetMove?.newPath ?? destination.page.path) : undefined, newTargetUrl)) continue;
    let newPath: string;
    if (target.file !== undefined) {
      newPath = encodeURI(relativeFile(self?.newPath ?? page.path, targetMove?.newPath ?? destination.page.path));
    } else if (absolute) {
      newPath = encodeURI(newTargetUrl);
    } else {
      newPath = encodeURI(relativeUrl(browserUrlOf(self?.newUrl ?? page.url, rules), newTargetUrl));
    }
    if (written.endsWith('/') && !newPath.endsWith('/')) newPath += '/';
    if (newPath === written) continue;
    edits.push(pathEdit(link, target.pathSpan, newPath));
  }
  return edits;
}

/** Whether a relative path, read from where its page will be, still names the target's new file (or URL). */
function stillLeads(index: SiteIndex, written: string, self: Moving | undefined, page: IndexedPage, newTargetFile: string | undefined, newTargetUrl: string): boolean {
  const rules = index.settings.urlRules;
  if (newTargetFile !== undefined) {
    const read = readLinkTarget(written, '/' + (self?.newPath ?? page.path), index.settings.siteUrl);
    return read.kind === 'site' && read.path === '/' + newTargetFile;
  }
  const read = readLinkTarget(written, browserUrlOf(self?.newUrl ?? page.url, rules), index.settings.siteUrl);
  return read.kind === 'site' && read.path === newTargetUrl;
}

/** The edit that puts a new path in a link's destination, keeping the rest of it as written. */
function pathEdit(link: PageLink, pathSpan: { start: number; end: number }, newPath: string): { span: Span; newText: string } {
  const span = link.destinationSpan!;
  // Escapes or entities make the written destination differ from the read one: it is written again whole.
  if (link.written !== link.destination) {
    return { span, newText: link.destination.slice(0, pathSpan.start) + newPath + link.destination.slice(pathSpan.end) };
  }
  return { span: { start: span.start + pathSpan.start, end: span.start + pathSpan.end }, newText: newPath };
}

/** A redirect from where a moved page was to where it is: what the host's file gains. */
export interface MovedUrl {
  from: string;
  to: string;
}

/**
 * The text to add to a redirect file so that the old URLs of moved pages reach the new
 * ones, as that file writes a rule: a `[[redirects]]` table at the end of `netlify.toml`, a
 * line at the end of `_redirects`, an entry at the head of `vercel.json`'s `redirects`.
 * Undefined for a `vercel.json` whose `redirects` it cannot find.
 */
export function redirectAddition(fileName: string, text: string, moved: MovedUrl[]): { offset: number; newText: string } | undefined {
  if (moved.length === 0) return undefined;
  const lineBreak = text.includes('\r\n') ? '\r\n' : '\n';
  const ending = text === '' || text.endsWith('\n') ? '' : lineBreak;
  if (fileName.endsWith('netlify.toml')) {
    const tables = moved.map((url) => `[[redirects]]${lineBreak}  from = ${JSON.stringify(url.from)}${lineBreak}  to = ${JSON.stringify(url.to)}${lineBreak}`);
    return { offset: text.length, newText: ending + lineBreak + tables.join(lineBreak) };
  }
  if (fileName.endsWith('vercel.json')) {
    const list = /"redirects"\s*:\s*\[/.exec(text);
    if (!list) return undefined;
    const empty = /^\s*\]/.test(text.slice(list.index + list[0].length));
    const entries = moved.map((url) => `${lineBreak}    { "source": ${JSON.stringify(url.from)}, "destination": ${JSON.stringify(url.to)} }`).join(',');
    return { offset: list.index + list[0].length, newText: entries + (empty ? lineBreak + '  ' : ',') };
  }
  return { offset: text.length, newText: ending + moved.map((url) => `${url.from} ${url.to} 301${lineBreak}`).join('') };
}

/** The edits of one redirect file (relative to the site root), on its text as read. */
export interface RuleFileEdits {
  file: string;
  text: string;
  edits: { start: number; end: number; newText: string }[];
}

/**
 * The edits that point the host's rules at moved pages' new URLs: a rule whose destination
 * is a moved page's old URL (written whole, with nothing filled in from its source) gets the
 * new path, its anchor and host kept. Without them, every link that reached the page through
 * the rule would break. `textOf` reads a redirect file, relative to the site root.
 */
export function ruleEdits(index: SiteIndex, moved: MovedUrl[], textOf: (file: string) => string | undefined): RuleFileEdits[] {
  const newUrlOf = new Map(moved.map((url) => [url.from, url.to]));
  const byFile = new Map<string, RuleFileEdits>();
  for (const { rule } of index.hostRules.ordered) {
    if (!rule.place || /:[A-Za-z_]|\$\d|\*/.test(rule.to)) continue;
    const target = readLinkTarget(rule.to, '/', index.settings.siteUrl);
    if (target.kind !== 'site') continue;
    const newUrl = newUrlOf.get(target.path);
    if (newUrl === undefined) continue;
    let entry = byFile.get(rule.place.file);
    if (!entry) {
      const text = textOf(rule.place.file);
      if (text === undefined) continue;
      byFile.set(rule.place.file, (entry = { file: rule.place.file, text, edits: [] }));
    }
    const at = destinationOffset(entry.text, rule.place, rule.to);
    if (at === undefined) continue;
    const written = rule.to.slice(target.pathSpan.start, target.pathSpan.end);
    const newPath = encodeURI(newUrl) + (written.endsWith('/') && newUrl !== '/' ? '/' : '');
    entry.edits.push({ start: at + target.pathSpan.start, end: at + target.pathSpan.end, newText: newPath });
  }
  return [...byFile.values()].filter((entry) => entry.edits.length > 0);
}

/** Where, in a redirect file, a rule's destination is written: after `to =` (TOML), `"destination":` (JSON), or as the second word of its line. */
function destinationOffset(text: string, place: { line: number; endLine: number }, to: string): number | undefined {
  const lineStarts = [0];
  for (let i = 0; i < text.length && lineStarts.length <= place.endLine; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const start = lineStarts[place.line - 1];
  const end = place.endLine < lineStarts.length ? lineStarts[place.endLine] : text.length;
  if (start === undefined) return undefined;
  const region = text.slice(start, end);
  const escaped = to.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const keyed = new RegExp(`(?:\\bto\\s*=\\s*|"destination"\\s*:\\s*)(["'])${escaped}\\1`).exec(region);
  if (keyed) return start + keyed.index + keyed[0].length - 1 - to.length;
  const words = /^(\s*\S+\s+)(\S+)/.exec(region);
  return words && words[2] === to ? start + words[1].length : undefined;
}

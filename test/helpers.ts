import type { ValueAliases } from '../server/core/values';
import { SiteIndex, type PageSource } from '../server/core/siteIndex';
import { DEFAULT_SITE_SETTINGS } from '../server/core/settings';
import { LineMap } from '../server/core/text';
import type { UrlRules } from '../server/core/urlRules';
import { InMemoryWorkspace } from '../server/core/workspace';
import { spawnSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';

/** The PostHog website's 2022 pages, beside the project in `../shared`; a user's clone has none. */
export const CORPUS = path.join(__dirname, '..', '..', 'shared', 'corpus', 'posthog-2022');

/**
 * Why a test of the corpus is skipped, or false to run it: it runs where the corpus is, and
 * where HANDBOOK_REQUIRE_CORPUS=1 says it must be (CI), so that there it fails, never skips.
 */
export function corpusSkip(): string | false {
  if (existsSync(CORPUS) || process.env.HANDBOOK_REQUIRE_CORPUS === '1') return false;
  return `no corpus at ${CORPUS}`;
}

/** Marks the cursor in a fixture; removed before the text is used. */
export const CURSOR = '$|$';

export function joinLines(...lines: string[]): string {
  return lines.join('\n');
}

/** Splits a fixture at its cursor marker. */
export function atCursor(text: string): { text: string; offset: number } {
  const offset = text.indexOf(CURSOR);
  if (offset === -1) throw new Error('fixture has no cursor marker');
  return { text: text.slice(0, offset) + text.slice(offset + CURSOR.length), offset };
}

export const BUNDLED_VALUES = readFileSync(path.join(__dirname, '..', 'content', 'handbook', 'company', 'values.md'), 'utf8');

/** A site from in-memory pages, with the bundled values page as its bundled layer. */
export async function siteOf(
  pages: Record<string, string>,
  options: { routes?: string[]; routesComplete?: boolean; bundled?: Record<string, string>; bundledRoutes?: string[]; urlRules?: UrlRules; valueAliases?: ValueAliases; findsMentions?: boolean } = {},
): Promise<SiteIndex> {
  const index = new SiteIndex({ ...DEFAULT_SITE_SETTINGS, urlRules: options.urlRules ?? DEFAULT_SITE_SETTINGS.urlRules, valueAliases: options.valueAliases, findsMentions: options.findsMentions });
  await index.load('bundled', new InMemoryWorkspace(options.bundled ?? { 'handbook/company/values.md': BUNDLED_VALUES }), {
    paths: options.bundledRoutes ?? ['/handbook/strategy/strategy', '/handbook/company/culture'],
    complete: false,
  });
  await index.load('workspace', new InMemoryWorkspace(pages), { paths: options.routes ?? [], complete: options.routesComplete ?? false });
  return index;
}

/** A workspace page of the site, as the features see it: its text read through the index, parsed. */
export async function sourceOf(index: SiteIndex, path: string): Promise<PageSource> {
  const page = index.page('workspace', path);
  const text = page && (await index.textOf(page));
  if (!page || text === undefined) throw new Error(`no page ${path}`);
  return { parsed: index.parse(text), url: page.url, path: page.path };
}

/** Polls until `holds` is true, for effects that land a little after the message that causes them. */
export async function waitFor(holds: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await holds())) {
    if (Date.now() > deadline) throw new Error(`still not so after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A text with LSP edits applied (each range as the text was before any of them), as a client applies a WorkspaceEdit's. */
export function applyTextEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lines = new LineMap(text);
  const sorted = [...edits].sort((a, b) => lines.offsetAt(b.range.start) - lines.offsetAt(a.range.start));
  return sorted.reduce((result, edit) => result.slice(0, lines.offsetAt(edit.range.start)) + edit.newText + result.slice(lines.offsetAt(edit.range.end)), text);
}

const CHECK_CLI = path.join(__dirname, '..', 'dist', 'cli.js');

/** handbook-check as built, run in `cwd`: its exit status and output. */
export function runCheck(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CHECK_CLI, ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A second opinion on the corpus check: extracts link destinations with plain regular
 * expressions (no Markdown parser; fenced code blocks dropped by line), resolves them with
 * the same site rules, follows netlify.toml's redirects with its own reading of them (rules
 * as regular expressions, no TOML parser), and compares the broken links, and the links
 * that work through a redirect, with what handbook-check reports: precision and recall.
 * Usage: npx tsx scripts/corpus-audit.ts CORPUS_DIR REPORT.json [vercel]
 * (with `vercel`, the rules are applied as Vercel would apply them written as vercel.json;
 * REPORT.json is then handbook-check's report on a copy of the corpus with that file).
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { readLinkTarget } from '../server/core/linkTarget';
import { DEFAULT_SITE_SETTINGS } from '../server/core/settings';
import { SiteIndex } from '../server/core/siteIndex';
import { DiskWorkspace } from '../server/diskWorkspace';
import { readRoutesFile } from '../server/siteFiles';

async function main(): Promise<void> {
  const [corpus, reportFile, host] = process.argv.slice(2);
  const index = new SiteIndex(DEFAULT_SITE_SETTINGS);
  const disk = new DiskWorkspace(path.join(corpus, 'contents'));
  await index.load('workspace', disk, { paths: readRoutesFile(path.join(corpus, 'routes.txt'), corpus), complete: true });
  const written = netlifyRules(readFileSync(path.join(corpus, 'netlify.toml'), 'utf8'));
  // As Vercel would apply the same rules written as vercel.json: its redirects before what the site serves, its rewrites after.
  const rules =
    host === 'vercel'
      ? [...written.filter((rule) => rule.status !== 200).map((rule) => ({ ...rule, force: true })), ...written.filter((rule) => rule.status === 200).map((rule) => ({ ...rule, force: false }))]
      : written;
  const served = (url: string) => ['page', 'route'].includes(index.resolve(url).kind);
  /** Where the rules take a URL: undefined when none applies; 'loop' past ten hops. */
  const follow = (url: string): { url: string; anchor?: string; redirected: boolean } | 'loop' | 'external' | undefined => {
    let current = url;
    let anchor: string | undefined;
    let redirected = false;
    for (let hop = 0; hop <= 10; hop++) {
      const rule = rules.find((candidate) => (candidate.force || !served(current)) && candidate.pattern.test(current.replace(/\/$/, '') || '/'));
      if (!rule) return hop === 0 ? undefined : { url: current, anchor, redirected };
      const match = rule.pattern.exec(current.replace(/\/$/, '') || '/')!;
      const names = [...rule.from.matchAll(/:(\w+)|\*/g)].map((name) => name[1] ?? 'splat');
      const to = rule.to.replace(/:(\w+)/g, (written, name: string) => (names.includes(name) ? match[names.indexOf(name) + 1] ?? '' : written));
      if (/^https?:/.test(to) && !to.startsWith('https://posthog.com')) return 'external';
      const target = readLinkTarget(to, current, 'https://posthog.com');
      if (target.kind !== 'site') return 'external';
      if (target.anchor) anchor = target.anchor;
      if (rule.status !== 200) redirected = true;
      current = target.path;
    }
    return 'loop';
  };
  const expected = new Set<string>();
  const expectedRedirected = new Set<string>();
  for (const page of index.pages('workspace')) {
    const text = readFileSync(disk.absolutePath(page.path), 'utf8').replace(/^(```|~~~)[^]*?^\1/gm, (block) => block.replace(/[^\n]/g, ' '));
    const pattern = /\]\(\s*<?([^\s)>]+)|(?:href|to)=["']([^"']+)["']|^\s*\[[^\]]+\]:\s*(\S+)/gm;
    for (const match of text.matchAll(pattern)) {
      const written = match[1] ?? match[2] ?? match[3];
      // Images are not links; the regex cannot tell `![alt](src)` apart, their extension can.
      if (/\.(png|jpe?g|gif|svg|webp)$/i.test(written)) continue;
      const line = text.slice(0, match.index).split('\n').length;
      if (written.startsWith('#')) {
        if (!page.outline.anchors.has(decodeURIComponent(written.slice(1))) && written.length > 1) expected.add(`${page.path}:${line} ${written}`);
        continue;
      }
      const target = readLinkTarget(written, page.url, 'https://posthog.com');
      if (target.kind !== 'site') continue;
      const key = `${page.path}:${line} ${written}`;
      const landing = follow(target.path);
      if (landing === 'external') continue;
      if (landing === 'loop') {
        expected.add(key);
        continue;
      }
      if (landing) {
        const final = index.resolve(landing.url);
        const anchor = target.anchor || landing.anchor;
        if (final.kind === 'missing') expected.add(key);
        // The team page's anchors come from its <Team /> component: they are there on the live site.
        else if (final.kind === 'page' && anchor && !final.page.outline.anchors.has(anchor) && landing.url !== '/handbook/company/team') expected.add(key);
        else if (final.kind !== 'unknown' && landing.redirected) expectedRedirected.add(key);
        continue;
      }
      const resolution = index.resolve(target.path);
      if (resolution.kind === 'missing') expected.add(`${page.path}:${line} ${written}`);
      else if (resolution.kind === 'page' && target.anchor && !resolution.page.outline.anchors.has(target.anchor)) {
        if (target.path !== '/handbook/company/team') expected.add(`${page.path}:${line} ${written}`);
      }
    }
  }
  const reported = new Set<string>();
  const reportedRedirected = new Set<string>();
  for (const item of JSON.parse(readFileSync(reportFile, 'utf8')) as { file: string; line: number; target: string; code: string; message: string }[]) {
    // The rules' own findings are read by hand (test/rule-check.test.ts), not here.
    if (!item.code.startsWith('link.')) continue;
    const key = `${item.file.replace(/^contents\//, '')}:${item.line} ${item.target}`;
    (item.code === 'link.redirected' ? reportedRedirected : reported).add(key);
  }
  compare('broken links', expected, reported);
  compare('links through a redirect', expectedRedirected, reportedRedirected);
}

function compare(what: string, oracle: Set<string>, checked: Set<string>): void {
  const both = [...checked].filter((key) => oracle.has(key)).length;
  console.log(`${what}: regex oracle ${oracle.size}, handbook-check ${checked.size}, in both ${both}: precision ${(both / checked.size).toFixed(3)}, recall ${(both / oracle.size).toFixed(3)}`);
  console.log('  only handbook-check:\n    ' + [...checked].filter((k) => !oracle.has(k)).join('\n    '));
  console.log('  only oracle:\n    ' + [...oracle].filter((k) => !checked.has(k)).join('\n    '));
}

/** netlify.toml's `[[redirects]]` tables, read line by line: each `from` as a regular expression. */
function netlifyRules(text: string): { from: string; to: string; status: number; force: boolean; pattern: RegExp }[] {
  const rules: { from: string; to: string; status: number; force: boolean; pattern: RegExp }[] = [];
  for (const table of text.split(/^\s*\[\[redirects\]\]\s*$/m).slice(1)) {
    const value = (key: string) => new RegExp(`^\\s*${key}\\s*=\\s*("?)([^"\\n]*)\\1`, 'm').exec(table.split(/^\s*\[/m)[0])?.[2];
    const from = value('from');
    const to = value('to');
    if (from === undefined || to === undefined) continue;
    const source = from.replace(/\/$/, '') || '/';
    const body = source.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\/\*$/, '(?:/(.*))?').replace(/:\w+/g, '([^/]+)');
    rules.push({ from, to, status: Number(value('status') ?? 301), force: value('force') === 'true', pattern: new RegExp(`^${body}$`) });
  }
  return rules;
}

void main();

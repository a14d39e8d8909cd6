import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as path from 'path';
import type { RedirectRule } from '../server/core/redirects';
import { checkRedirectRules } from '../server/core/ruleCheck';
import { describeRuleFinding } from '../server/messages';
import { tempSite } from './fixtures';
import { CORPUS, corpusSkip, joinLines, siteOf } from './helpers';

const PAGES = {
  'handbook/new.md': joinLines('# New', '## Section'),
  'handbook/exists.md': '# Exists',
  'docs/apps/index.md': '# Apps',
};

/** Rules as a netlify.toml would hold them, each at its own line; `!` after a status forces it. */
function rules(...written: string[]): RedirectRule[] {
  return written.map((line, i) => {
    const [from, to, code = '301'] = line.split(' ');
    return { from, to, status: Number(code.replace('!', '')), force: code.endsWith('!'), origin: `netlify.toml:${i + 1}` };
  });
}

async function ruleFindingsOf(redirects: RedirectRule[]): Promise<string[]> {
  const index = await siteOf(PAGES, { routes: ['/signup'] });
  index.setRedirects(redirects);
  return checkRedirectRules(index).map((finding) => `${finding.rule.origin} ${finding.code}: ${describeRuleFinding(finding)}`);
}

test('rules that send nowhere, loop, repeat, are pre-empted or shadowed are found, each at its line', async () => {
  const found = await ruleFindingsOf(
    rules(
      '/handbook/old /handbook/new#section',
      '/handbook/gone /handbook/nowhere',
      '/handbook/typo /handbook/new#sektion',
      '/handbook/a /handbook/b',
      '/handbook/b /handbook/a',
      '/handbook/old /handbook/new#section',
      '/docs/plugins/* /docs/apps/:splat',
      '/docs/plugins/geoip /docs/apps/geoip',
      '/docs/plugins/:name /docs/apps',
      '/handbook/exists /handbook/new',
      '/handbook/exists /handbook/new 301!',
      '/signup /handbook/new 200',
      '/handbook/via /handbook/gone',
      '/docs/:section/old /docs/apps',
    ),
  );
  assert.deepEqual(found, [
    'netlify.toml:2 redirect.missing-destination: This rule sends `/handbook/gone` to `/handbook/nowhere`, but no page serves `/handbook/nowhere`',
    'netlify.toml:3 redirect.missing-destination: This rule sends `/handbook/typo` to `/handbook/new#sektion`, but `/handbook/new` has no heading or anchor `#sektion`',
    'netlify.toml:4 redirect.loop: The redirects from `/handbook/a` go round in a loop (/handbook/a → /handbook/b by netlify.toml:4 → /handbook/a by netlify.toml:5)',
    'netlify.toml:5 redirect.loop: The redirects from `/handbook/b` go round in a loop (/handbook/b → /handbook/a by netlify.toml:5 → /handbook/b by netlify.toml:4)',
    'netlify.toml:6 redirect.duplicate: This rule never applies: it repeats the rule at netlify.toml:1',
    'netlify.toml:8 redirect.pre-empted: This rule never applies: the rule at netlify.toml:7 (`/docs/plugins/*` to `/docs/apps/:splat`) takes every URL it matches first',
    'netlify.toml:9 redirect.pre-empted: This rule never applies: the rule at netlify.toml:7 (`/docs/plugins/*` to `/docs/apps/:splat`) takes every URL it matches first',
    'netlify.toml:10 redirect.shadowed: This rule never applies: the site serves `/handbook/exists`, and a rule that is not forced applies only where the site serves nothing',
    'netlify.toml:12 redirect.shadowed: This rule never applies: the site serves `/signup`, and a rule that is not forced applies only where the site serves nothing',
    'netlify.toml:13 redirect.missing-destination: This rule sends `/handbook/via` to `/handbook/gone`, and on (/handbook/gone → /handbook/nowhere by netlify.toml:2), but no page serves `/handbook/nowhere`',
  ]);
});

test('a forced rule is not pre-empted by an earlier one that is not, nor a rule for every path by one for a single segment', async () => {
  assert.deepEqual(
    await ruleFindingsOf(rules('/docs/plugins/:name /docs/apps', '/docs/plugins/* /docs/apps', '/handbook/moved /handbook/new', '/handbook/moved /handbook/exists 301!')),
    [],
  );
});

test('handbook-check reports the rules of the corpus netlify.toml, each read by hand', { skip: corpusSkip() }, () => {
  const result = spawnSync(process.execPath, [path.join(__dirname, '..', 'dist', 'cli.js'), '--routes', 'routes.txt', '--format', 'json'], { cwd: CORPUS, encoding: 'utf8' });
  const reported = (JSON.parse(result.stdout) as { file: string; line: number; code: string; severity: string }[])
    .filter((item) => item.file === 'netlify.toml')
    .map((item) => `${item.line} ${item.code} ${item.severity}`);
  assert.deepEqual(reported, [
    // No page at /docs/libraries/community: contents/docs/libraries does not exist.
    '33 redirect.missing-destination warning',
    '125 redirect.duplicate information',
    '133 redirect.duplicate information',
    // /docs/apps/...: not a page of this snapshot, nor a route (see the note on /apps).
    '141 redirect.missing-destination warning',
    '145 redirect.missing-destination warning',
    // contents/docs/integrate/third-party has no metabase page.
    '277 redirect.missing-destination warning',
    // Through the rule at 509 to /docs/self-host/deploy/other#render, a page with no such heading.
    '393 redirect.missing-destination warning',
    '445 redirect.missing-destination warning',
    // /signup is in routes.txt: the site serves it, and the rule is not forced.
    '505 redirect.shadowed information',
    '509 redirect.missing-destination warning',
    '521 redirect.missing-destination warning',
    '537 redirect.duplicate information',
    // contents/docs/self-host/deploy/azure.mdx exists.
    '545 redirect.shadowed information',
    '645 redirect.duplicate information',
    // Same source as the rule at 633, another destination: the later intent never applies.
    '649 redirect.pre-empted warning',
    // A mistyped rule: /handbook/growth/handbook/... exists nowhere.
    '717 redirect.missing-destination warning',
    '725 redirect.missing-destination warning',
    // contents/handbook/design/about-design.md exists.
    '793 redirect.shadowed information',
    '809 redirect.missing-destination warning',
    '817 redirect.missing-destination warning',
    '821 redirect.missing-destination warning',
    '825 redirect.missing-destination warning',
    '830 redirect.missing-destination warning',
    // /docs/tutorials/* at 906 takes it first.
    '925 redirect.pre-empted warning',
    '933 redirect.duplicate information',
  ]);
});

test('a rule finding covers the lines its rule is written on', () => {
  const root = tempSite({
    'contents/handbook/a.md': '# A',
    'netlify.toml': joinLines('[build]', '  command = "x"', '', '[[redirects]]', '  from = "/handbook/b"', '  to = "/handbook/nowhere"', '', '# a comment', '[[redirects]]', '  from = "/handbook/b"', '  to = "/handbook/nowhere"'),
    '_redirects': '/handbook/c   /handbook/gone   301\n',
  });
  const result = spawnSync(process.execPath, [path.join(__dirname, '..', 'dist', 'cli.js'), '--format', 'json'], { cwd: root, encoding: 'utf8' });
  const reported = (JSON.parse(result.stdout) as { file: string; line: number; column: number; endLine: number; endColumn: number; code: string }[]).map(
    (item) => `${item.file}:${item.line}:${item.column}-${item.endLine}:${item.endColumn} ${item.code}`,
  );
  assert.deepEqual(reported, [
    '_redirects:1:1-1:35 redirect.missing-destination',
    'netlify.toml:4:1-6:27 redirect.missing-destination',
    'netlify.toml:9:1-11:27 redirect.duplicate',
  ]);
  assert.equal(result.status, 1);
});

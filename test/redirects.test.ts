import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { checkPage } from '../server/core/diagnostics';
import type { RedirectRule } from '../server/core/redirects';
import { describeFinding } from '../server/messages';
import { readRedirectRules } from '../server/siteFiles';
import { joinLines, siteOf, sourceOf } from './helpers';

const PAGES = {
  'handbook/company/team.md': joinLines('# Team', '## James'),
  'handbook/new.md': joinLines('# New', '## Section'),
  'handbook/exists.md': '# Exists',
  'docs/apps/index.md': '# Apps',
  'docs/apps/geoip.md': '# GeoIP',
};

/** Rules as a netlify.toml would hold them, each at its own line. */
function rules(...written: [string, string, number?, boolean?][]): RedirectRule[] {
  return written.map(([from, to, status = 301, force = false], i) => ({ from, to, status, force, origin: `netlify.toml:${i + 1}` }));
}

/** Each finding of one page as `code target: message`. */
async function findingsOf(page: string, redirects: RedirectRule[]): Promise<string[]> {
  const index = await siteOf({ ...PAGES, 'handbook/page.md': page });
  index.setRedirects(redirects);
  return checkPage(index, await sourceOf(index, 'handbook/page.md')).map((f) => `${f.code} ${f.target}: ${describeFinding(f)}`);
}

test('a link that reaches a page through redirects works, and says where it lands; chains, splats and placeholders are followed', async () => {
  const redirects = rules(
    ['/handbook/old', '/handbook/older'],
    ['/handbook/older', '/handbook/new#section'],
    ['/plugins/*', '/docs/apps/:splat'],
    ['/people/:name/page', '/handbook/:name'],
  );
  assert.deepEqual(await findingsOf('[a](/handbook/old) [b](/plugins/geoip) [c](/people/exists/page/) [d](https://posthog.com/handbook/old#section)', redirects), [
    'link.redirected /handbook/old: `/handbook/old` redirects to `/handbook/new#section` (/handbook/old → /handbook/older by netlify.toml:1 → /handbook/new#section by netlify.toml:2); link there directly',
    'link.redirected /plugins/geoip: `/plugins/geoip` redirects to `/docs/apps/geoip` (/plugins/geoip → /docs/apps/geoip by netlify.toml:3); link there directly',
    'link.redirected /people/exists/page/: `/people/exists/page` redirects to `/handbook/exists` (/people/exists/page → /handbook/exists by netlify.toml:4); link there directly',
    'link.redirected https://posthog.com/handbook/old#section: `/handbook/old` redirects to `/handbook/new#section` (/handbook/old → /handbook/older by netlify.toml:1 → /handbook/new#section by netlify.toml:2); link there directly',
  ]);
});

test('the fix links to where the redirects land, keeping the link\'s form and anchor', async () => {
  const text = '[a](/handbook/old#section) [b](https://posthog.com/handbook/old)';
  const index = await siteOf({ ...PAGES, 'handbook/page.md': text });
  index.setRedirects(rules(['/handbook/old', '/handbook/new']));
  const fixed = checkPage(index, await sourceOf(index, 'handbook/page.md'))
    .sort((x, y) => y.fix!.span.start - x.fix!.span.start)
    .reduce((result, finding) => result.slice(0, finding.fix!.span.start) + finding.fix!.newText + result.slice(finding.fix!.span.end), text);
  assert.equal(fixed, '[a](/handbook/new#section) [b](https://posthog.com/handbook/new)');
});

test('redirects that land nowhere, on a missing anchor, or in a loop are broken, and the message names the chain', async () => {
  const redirects = rules(['/handbook/gone', '/handbook/nowhere'], ['/handbook/a', '/handbook/b'], ['/handbook/b', '/handbook/a'], ['/handbook/moved', '/handbook/new']);
  assert.deepEqual(await findingsOf('[a](/handbook/gone) [b](/handbook/a) [c](/handbook/moved#nope)', redirects), [
    'link.missing-page /handbook/gone: No page at `/handbook/nowhere`, where `/handbook/gone` redirects (/handbook/gone → /handbook/nowhere by netlify.toml:1)',
    'link.redirect-loop /handbook/a: The redirects from `/handbook/a` go round in a loop (/handbook/a → /handbook/b by netlify.toml:2 → /handbook/a by netlify.toml:3)',
    'link.missing-anchor /handbook/moved#nope: No heading or anchor `#nope` in `/handbook/new`, where `/handbook/moved` redirects (/handbook/moved → /handbook/new by netlify.toml:4)',
  ]);
});

test('a page that exists beats a rule unless the rule is forced; the first rule that applies wins; 200 rewrites serve the destination in place', async () => {
  const redirects = rules(
    ['/handbook/exists', '/handbook/new'],
    ['/handbook/company/team', '/handbook/new', 301, true],
    ['/handbook/x', '/handbook/new'],
    ['/handbook/x', '/handbook/exists'],
    ['/handbook/shown', '/handbook/new', 200],
    ['/handbook/elsewhere', 'https://github.com/PostHog'],
    ['/handbook/not-found', '/handbook/new', 404],
  );
  assert.deepEqual(
    await findingsOf('[a](/handbook/exists) [b](/handbook/company/team) [c](/handbook/x) [d](/handbook/shown#section) [e](/handbook/shown#nope) [f](/handbook/elsewhere) [g](/handbook/not-found)', redirects),
    [
      'link.redirected /handbook/company/team: `/handbook/company/team` redirects to `/handbook/new` (/handbook/company/team → /handbook/new by netlify.toml:2); link there directly',
      'link.redirected /handbook/x: `/handbook/x` redirects to `/handbook/new` (/handbook/x → /handbook/new by netlify.toml:3); link there directly',
      'link.missing-anchor /handbook/shown#nope: No heading or anchor `#nope` in `/handbook/new`, where `/handbook/shown` redirects (/handbook/shown → /handbook/new by netlify.toml:5)',
      'link.missing-page /handbook/not-found: No page at `/handbook/not-found`',
    ],
  );
});

test('rules are read from _redirects and netlify.toml at the site root, in the order Netlify applies them, each with its line', () => {
  const site = mkdtempSync(path.join(tmpdir(), 'handbook-redirects-'));
  try {
    writeFileSync(path.join(site, '_redirects'), joinLines('# comment', '/a   /b', '/c /d 302!', '/store id=:id /blog/:id 301', '/fr /fr/home 302 Country=fr', ''));
    writeFileSync(path.join(site, 'netlify.toml'), joinLines('[build]', '  command = "x"', '', '[[redirects]]', '  from = "/e"', '  to = "/f"', '  status = 200', '', '[[redirects]]', '  from = "/g/*"', '  to = "/h/:splat"', '  force = true'));
    const read = readRedirectRules(site);
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.rules.map((rule) => `${rule.origin} ${rule.from} ${rule.to} ${rule.status}${rule.force ? '!' : ''}`), [
      '_redirects:2 /a /b 301',
      '_redirects:3 /c /d 302!',
      'netlify.toml:4 /e /f 200',
      'netlify.toml:9 /g/* /h/:splat 301!',
    ]);
    writeFileSync(path.join(site, 'netlify.toml'), joinLines('[[redirects]]', '  from = "/e', '  to = "/f"'));
    const broken = readRedirectRules(site);
    assert.equal(broken.rules.length, 2);
    assert.match(broken.problems[0], /^cannot read the redirects in netlify\.toml:2: /);
  } finally {
    rmSync(site, { recursive: true, force: true });
  }
});

test('a hover on a redirected link shows the page it lands on, and the rule that took it there', async () => {
  const { hoverAt } = await import('../server/core/hover');
  const text = 'See [team](/handbook/people/team#james).';
  const index = await siteOf({ ...PAGES, 'handbook/page.md': text });
  index.setRedirects(rules(['/handbook/people/team', '/handbook/company/team']));
  const card = await hoverAt(index, await sourceOf(index, 'handbook/page.md'), text.indexOf('team]'));
  assert.equal(card?.markdown, joinLines('**Team**', '', '### James', '', '', '', '---', 'From `/handbook/company/team#james` (handbook/company/team.md). Redirected from `/handbook/people/team` by netlify.toml:1'));
});

test('a chain of 10 redirects is followed; an 11th hop is taken for a loop, as a browser gives up', async () => {
  const chain = (name: string, hops: number): [string, string][] =>
    Array.from({ length: hops }, (_, i) => [`/${name}${i}`, i === hops - 1 ? '/handbook/new' : `/${name}${i + 1}`]);
  const findings = await findingsOf('[a](/ten0) [b](/eleven0)', rules(...chain('ten', 10), ...chain('eleven', 11)));
  assert.deepEqual(findings.map((finding) => finding.split(':')[0]), ['link.redirected /ten0', 'link.redirect-loop /eleven0']);
});

test('vercel.json: redirects apply before pages, rewrites after; path-to-regexp sources fill in their destinations; cleanUrls drops .html', async () => {
  const site = mkdtempSync(path.join(tmpdir(), 'handbook-vercel-'));
  try {
    writeFileSync(path.join(site, 'vercel.json'), JSON.stringify({
      trailingSlash: false,
      cleanUrls: true,
      redirects: [
        { source: '/handbook/exists', destination: '/handbook/new' },
        { source: '/docs/:path*', destination: '/handbook/:path*', permanent: false },
        { source: '/v/:id(\\d+)', destination: '/handbook/company/team' },
        { source: '/only-with-query', destination: '/handbook/new', has: [{ type: 'query', key: 'x' }] },
      ],
      rewrites: [
        { source: '/handbook/company/team', destination: '/handbook/new' },
        { source: '/shown/(.*)', destination: '/handbook/$1' },
      ],
    }, null, 2));
    const read = readRedirectRules(site);
    assert.deepEqual(read.rules.map((rule) => `${rule.origin} ${rule.from} ${rule.status}${rule.force ? '!' : ''}`), [
      'vercel.json:3 /:path*.html 308!',
      'vercel.json:6 /handbook/exists 308!',
      'vercel.json:10 /docs/:path* 307!',
      'vercel.json:15 /v/:id(\\d+) 308!',
      'vercel.json:31 /handbook/company/team 200',
      'vercel.json:35 /shown/(.*) 200',
    ]);
    const page = '[a](/handbook/exists) [b](/docs/new#section) [c](/v/42) [d](/v/x) [e](/handbook/company/team#james) [f](/shown/new#section) [g](/only-with-query) [h](/handbook/new.html#section)';
    assert.deepEqual(await findingsOf(page, read.rules), [
      'link.redirected /handbook/exists: `/handbook/exists` redirects to `/handbook/new` (/handbook/exists → /handbook/new by vercel.json:6); link there directly',
      'link.redirected /docs/new#section: `/docs/new` redirects to `/handbook/new#section` (/docs/new → /handbook/new by vercel.json:10); link there directly',
      'link.redirected /v/42: `/v/42` redirects to `/handbook/company/team` (/v/42 → /handbook/company/team by vercel.json:15); link there directly',
      'link.redirected /handbook/new.html#section: `/handbook/new.html` redirects to `/handbook/new#section` (/handbook/new.html → /handbook/new by vercel.json:3); link there directly',
    ]);
  } finally {
    rmSync(site, { recursive: true, force: true });
  }
});

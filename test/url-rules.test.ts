import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPage } from '../server/core/diagnostics';
import { DEFAULT_SITE_SETTINGS } from '../server/core/settings';
import { SiteIndex } from '../server/core/siteIndex';
import { pageUrlOf, PRESETS, type UrlRules } from '../server/core/urlRules';
import { describeFinding } from '../server/messages';
import { detectSite } from '../server/siteRules';
import { tempSite } from './fixtures';
import { joinLines, siteOf, sourceOf } from './helpers';

/** Each finding of one page as `line:column-column code: message`, with the text its fix writes. */
async function findingsOf(pages: Record<string, string>, pagePath: string, urlRules: UrlRules): Promise<string[]> {
  const index = await siteOf(pages, { urlRules });
  const source = await sourceOf(index, pagePath);
  return checkPage(index, source).map((finding) => {
    const start = source.parsed.lines.positionAt(finding.span.start);
    const fix = finding.fix ? ` [fix: ${source.parsed.text.slice(finding.fix.span.start, finding.fix.span.end)} → ${finding.fix.newText}]` : '';
    return `${start.line + 1}:${start.character + 1} ${finding.code}: ${describeFinding(finding)}${fix}`;
  });
}

test('files map to URLs by each generator: index, README and _index files, front-matter slugs, a URL prefix', () => {
  const cases: [string, UrlRules, unknown, string | undefined][] = [
    ['docs/setup/index.md', PRESETS.posthog, undefined, '/docs/setup'],
    ['docs/setup/README.md', PRESETS.posthog, undefined, '/docs/setup/README'],
    ['people/README.md', PRESETS.github, undefined, '/people'],
    ['README.md', PRESETS.github, undefined, '/'],
    ['people/leave.md', PRESETS.github, undefined, '/people/leave'],
    ['posts/_index.md', PRESETS.hugo, undefined, '/posts'],
    ['posts/first.md', PRESETS.hugo, 'hello-world', '/posts/hello-world'],
    ['posts/first.md', PRESETS.hugo, '/news/hello/', '/news/hello'],
    ['posts/first.md', PRESETS.posthog, 'hello-world', '/posts/first'],
    ['intro.md', PRESETS.docusaurus, undefined, '/docs/intro'],
    ['guides/index.mdx', PRESETS.docusaurus, undefined, '/docs/guides'],
    ['guides/setup.md', PRESETS.docusaurus, '/start', '/docs/start'],
    ['guides/notes.txt', PRESETS.docusaurus, undefined, undefined],
  ];
  for (const [file, rules, slug, url] of cases) assert.equal(pageUrlOf(file, rules, slug), url, `${rules.preset} ${file} ${String(slug)}`);
});

const SDK = {
  'sdk/event-payloads/index.mdx': joinLines(
    '# Event payloads',
    '',
    'See [exception](exception/), [span](./span), [the spec](../overview/#spec) and <Link to="./#span-status">status</Link>.',
    '',
    'Broken: [message](message/) and [interfaces](interfaces).',
    '',
    '## Span status',
  ),
  'sdk/event-payloads/exception.mdx': '# Exception',
  'sdk/event-payloads/span.mdx': '# Span',
  'sdk/overview.mdx': joinLines('# Overview', '## Spec'),
  'sdk/message.mdx': '# Message',
  'sdk/interfaces.mdx': '# Interfaces',
};

test('with a trailing slash, relative links resolve from inside the page, as the browser there does', async () => {
  assert.deepEqual(await findingsOf(SDK, 'sdk/event-payloads/index.mdx', PRESETS.gatsby), [
    '5:19 link.missing-page: No page at `/sdk/event-payloads/message`; did you mean `/sdk/event-payloads/span`? [fix: message/ → /sdk/event-payloads/span]',
    '5:46 link.missing-page: No page at `/sdk/event-payloads/interfaces`; did you mean `/sdk/event-payloads/exception`? [fix: interfaces → /sdk/event-payloads/exception]',
  ]);
  // Without it the same links resolve one folder up, `./#span-status` to the folder itself.
  assert.deepEqual(await findingsOf(SDK, 'sdk/event-payloads/index.mdx', PRESETS.posthog), [
    '3:17 link.missing-page: No page at `/sdk/exception`',
    '3:37 link.missing-page: No page at `/sdk/span`',
    '3:90 link.missing-page: No page at `/sdk`',
  ]);
});

const PEOPLE = {
  'README.md': '# Handbook\n\n[People](people/) and [leave](people/leave.md).',
  'people/README.md': joinLines('# People', '', '[Leave](leave.md#eligibility), [pay](./pay.md#salary), [home](../README.md), [again](../people/)'),
  'people/leave.md': joinLines('# Leave', '', '## Eligibility', '', 'Back to [people](README.md#people).'),
  'people/pay.md': joinLines('# Pay', '', '## Salary'),
  'people/broken.md': joinLines(
    '# Broken',
    '',
    '[a](leav.md#eligibility) [b](leave.md#eligibilty) [c](../policies/leave.md) [d](/people/leave#eligibility) [e](#broken)',
  ),
};

test('links written as paths between files name the file, which must be there, and its anchor', async () => {
  for (const page of ['README.md', 'people/README.md', 'people/leave.md']) {
    assert.deepEqual(await findingsOf(PEOPLE, page, PRESETS.github), [], page);
  }
  assert.deepEqual(await findingsOf(PEOPLE, 'people/broken.md', PRESETS.github), [
    '3:5 link.missing-page: No page file `people/leav.md`; did you mean `leave.md`? [fix: leav.md → leave.md]',
    '3:30 link.missing-anchor: No heading or anchor `#eligibilty` in `people/leave.md`; did you mean `#eligibility`? [fix: eligibilty → eligibility]',
    '3:55 link.missing-page: No page file `policies/leave.md`; did you mean `leave.md`? [fix: ../policies/leave.md → leave.md]',
  ]);
  // Read as site URLs (PostHog's rules), the same file paths are pages no URL serves.
  assert.deepEqual((await findingsOf(PEOPLE, 'people/leave.md', PRESETS.posthog)).length, 1);
});

test('with both, a path ending in .md is a file and the rest are URLs', async () => {
  const pages = {
    'guide/index.md': joinLines('# Guide', '', '[setup](setup.md#install) [setup again](/docs/guide/setup#install) [nope](setup.md#nope) [gone](gone.md)'),
    'guide/setup.md': joinLines('# Setup', '', '## Install {#install}', '', '## Upgrade'),
  };
  assert.deepEqual(await findingsOf(pages, 'guide/index.md', PRESETS.docusaurus), [
    '3:75 link.missing-anchor: No heading or anchor `#nope` in `guide/setup.md`',
    '3:97 link.missing-page: No page file `guide/gone.md`',
  ]);
});

test('a custom heading id is the anchor where the generator reads one, and heading text where it does not', async () => {
  const pages = {
    'a.md': joinLines('# A', '', '## Install it {#install}', '', '[x](#install) [y](#install-it-install)'),
  };
  assert.deepEqual(await findingsOf(pages, 'a.md', PRESETS.docusaurus), [
    '5:19 link.missing-anchor: No heading or anchor `#install-it-install` on this page',
  ]);
  assert.deepEqual(await findingsOf(pages, 'a.md', PRESETS.posthog), [
    '5:5 link.missing-anchor: No heading or anchor `#install` on this page',
  ]);
});

test('a page that renders a component or template making anchors of its own has its anchors unjudged', async () => {
  const pages = {
    'handbook/company/team.mdx': joinLines('# Team', '', '```', '<Team />', '```'),
    'handbook/company/people.mdx': joinLines('# People', '', '<Team />'),
    'handbook/page.md': '[a](/handbook/company/team#james-hawkins) [b](/handbook/company/people#james-hawkins)',
  };
  // The team page names <Team /> only in code: it renders no such component.
  assert.deepEqual(await findingsOf(pages, 'handbook/page.md', PRESETS.posthog), [
    '1:5 link.missing-anchor: No heading or anchor `#james-hawkins` in `/handbook/company/team`',
  ]);
  assert.equal((await findingsOf(pages, 'handbook/page.md', { ...PRESETS.posthog, anchorMakers: [] })).length, 2);
  // Template text a generator expands at build time makes anchors too.
  const templated = { 'team/index.md': joinLines('# Team', '', '{{generator:team_members_list}}'), 'page.md': '[a](team/index.md#carly-jones) [b](team/index.md#nobody)' };
  assert.deepEqual(await findingsOf(templated, 'page.md', { ...PRESETS.github, anchorMakers: ['{{generator:'] }), []);
  assert.equal((await findingsOf(templated, 'page.md', PRESETS.github)).length, 2);
});

test('the rules are read from the generator config a site root holds, never run, and a setting overrides them', () => {
  const detected = (files: Record<string, string>, setting = {}) => {
    const site = detectSite(tempSite(files), setting, '--preset');
    return { preset: site.rules.preset, trailingSlash: site.rules.trailingSlash, links: site.rules.links, prefix: site.rules.urlPrefix, folder: site.contentFolder, evidence: site.evidence, problems: site.problems };
  };
  assert.deepEqual(detected({ 'contents/a.md': '', 'gatsby-config.js': '' }), { preset: 'posthog', trailingSlash: false, links: 'site', prefix: '', folder: 'contents', evidence: 'contents', problems: [] });
  assert.deepEqual(detected({ 'src/docs/a.mdx': '', 'gatsby-config.js': "module.exports = { trailingSlash: 'never' }" }), { preset: 'gatsby', trailingSlash: false, links: 'site', prefix: '', folder: 'src/docs', evidence: 'gatsby-config.js', problems: [] });
  assert.deepEqual(detected({ 'docs/a.md': '', 'docusaurus.config.js': "export default { trailingSlash: true, presets: [['classic', { docs: { routeBasePath: '/' } }]] }" }), { preset: 'docusaurus', trailingSlash: true, links: 'both', prefix: '', folder: 'docs', evidence: 'docusaurus.config.js', problems: [] });
  assert.deepEqual(detected({ 'pages/a.md': '', 'mkdocs.yml': 'site_name: X\ndocs_dir: pages\nuse_directory_urls: false\n' }), { preset: 'mkdocs', trailingSlash: false, links: 'both', prefix: '', folder: 'pages', evidence: 'mkdocs.yml', problems: [] });
  assert.deepEqual(detected({ 'content/a.md': '', 'next.config.mjs': 'export default { trailingSlash: true }' }), { preset: 'nextjs', trailingSlash: true, links: 'files', prefix: '', folder: 'content', evidence: 'next.config.mjs', problems: [] });
  assert.deepEqual(detected({ 'content/a.md': '', 'vercel.json': '{ "trailingSlash": true }' }), { preset: 'posthog', trailingSlash: true, links: 'site', prefix: '', folder: 'content', evidence: 'the default', problems: [] });
  assert.deepEqual(detected({ 'a.md': '' }, { preset: 'github' }), { preset: 'github', trailingSlash: false, links: 'files', prefix: '', folder: undefined, evidence: '--preset', problems: [] });
  assert.deepEqual(detected({ 'contents/a.md': '' }, { preset: 'jekyll', trailingSlash: true }).problems, ['--preset "jekyll" is not a preset: use one of posthog, gatsby, docusaurus, hugo, mkdocs, nextjs, github']);
});

test('a page whose front-matter slug changes leaves its old URL', async () => {
  const index = new SiteIndex({ ...DEFAULT_SITE_SETTINGS, urlRules: PRESETS.docusaurus });
  index.setPage('workspace', 'guide/setup.md', index.parse(joinLines('---', 'slug: /start', '---', '# Setup')));
  assert.equal(index.resolve('/docs/start').kind, 'page');
  index.setPage('workspace', 'guide/setup.md', index.parse(joinLines('---', 'slug: /begin', '---', '# Setup')));
  assert.deepEqual([index.resolve('/docs/start').kind, index.resolve('/docs/begin').kind], ['missing', 'page']);
  assert.deepEqual(index.folder('/docs').map((entry) => entry.segment), ['begin']);
});

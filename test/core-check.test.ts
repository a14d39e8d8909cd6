import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPage } from '../server/core/diagnostics';
import { parsePage } from '../server/core/page';
import { describeFinding } from '../server/messages';
import { SiteIndex } from '../server/core/siteIndex';
import { DEFAULT_SITE_SETTINGS } from '../server/core/settings';
import { InMemoryWorkspace } from '../server/core/workspace';
import { joinLines, siteOf, sourceOf } from './helpers';

const HANDBOOK = {
  'handbook/index.md': '# Handbook\n\nWelcome.',
  'handbook/company/values.md': joinLines('---', 'title: Values', '---', '## Step on toes', 'Do it.', '## Talent compounds', 'Yes.'),
  'handbook/company/team.mdx': joinLines('# Team', '## Co-founder & CEO', 'James.'),
  'handbook/people/benefits/index.md': joinLines('# Benefits', '## Pension', 'Money.'),
  'handbook/people/spending money.md': '# Spending money',
};

/** Each finding of one page as `code target: message`, to compare exactly. */
async function findingsOf(page: string, extra: Record<string, string> = {}, options = {}): Promise<string[]> {
  const index = await siteOf({ ...HANDBOOK, 'handbook/page.md': page, ...extra }, options);
  return checkPage(index, await sourceOf(index, 'handbook/page.md')).map((f) => `${f.code} ${f.target}: ${describeFinding(f)}`);
}

test('good links are not flagged, however they are written', async () => {
  const page = joinLines(
    '[a](/handbook/company/values#step-on-toes) [b](/handbook/company/values/) [c](/handbook/company/values/#talent-compounds)',
    '[d](https://posthog.com/handbook/company/team#co-founder--ceo) [e](/handbook/people/benefits#pension) [f](/handbook)',
    '[g](company/values) [h](./people/benefits) [i](../handbook/company/team) [j](/handbook/people/spending%20money)',
    '[k](/pricing) [l](/signup?plan=free) [m](https://github.com/PostHog) [n](mailto:a@b.c) [o](#local)',
    '[p](/handbook/company/values?x=1#step-on-toes) [q](/handbook/people/benefits/index) ',
    '## Local',
  );
  const findings = await findingsOf(page);
  assert.deepEqual(findings, ['link.missing-page /handbook/people/benefits/index: No page at `/handbook/people/benefits/index`; did you mean `/handbook/people/benefits`?']);
});

test('missing pages and anchors are flagged, with the closest match', async () => {
  const page = joinLines(
    '[a](/handbook/company/valuez) [b](/handbook/company/values#step-on-tos) [c](#nowhere)',
    '[d](https://posthog.com/handbook/company/team#co-founder-ceo) [e](people/benefit)',
    '[f]',
    '',
    '[f]: /handbook/company/teem',
  );
  assert.deepEqual(await findingsOf(page), [
    'link.missing-page /handbook/company/valuez: No page at `/handbook/company/valuez`; did you mean `/handbook/company/values`?',
    'link.missing-anchor /handbook/company/values#step-on-tos: No heading or anchor `#step-on-tos` in `/handbook/company/values`; did you mean `#step-on-toes`?',
    'link.missing-anchor #nowhere: No heading or anchor `#nowhere` on this page',
    'link.missing-anchor https://posthog.com/handbook/company/team#co-founder-ceo: No heading or anchor `#co-founder-ceo` in `/handbook/company/team`; did you mean `#co-founder--ceo`?',
    'link.missing-page people/benefit: No page at `/handbook/people/benefit`; did you mean `/handbook/people/benefits`?',
    'link.missing-page /handbook/company/teem: No page at `/handbook/company/teem`; did you mean `/handbook/company/team`?',
  ]);
});

test('a fix replaces only the part of the destination that is wrong', async () => {
  const text = joinLines('[a](https://posthog.com/handbook/company/valuez/#step-on-toes) [b](/handbook/company/values#step-on-tos)');
  const index = await siteOf({ ...HANDBOOK, 'handbook/page.md': text });
  const fixed = checkPage(index, await sourceOf(index, 'handbook/page.md'))
    .sort((x, y) => y.fix!.span.start - x.fix!.span.start)
    .reduce((result, finding) => result.slice(0, finding.fix!.span.start) + finding.fix!.newText + result.slice(finding.fix!.span.end), text);
  assert.equal(fixed, '[a](https://posthog.com/handbook/company/values#step-on-toes) [b](/handbook/company/values#step-on-toes)');
});

test('links in code are not checked', async () => {
  assert.deepEqual(await findingsOf(joinLines('`[x](/handbook/nope)`', '', '```', '[y](/handbook/nope)', '```')), []);
});

test('index files serve their folder; a page wins over an index for the same URL', async () => {
  const index = await siteOf({ 'docs/index.mdx': '# Docs', 'docs/a.md': '# A page', 'docs/a/index.md': '# A index' });
  const resolution = index.resolve('/docs/a');
  assert.equal(resolution.kind === 'page' && resolution.page.path, 'docs/a.md');
  assert.equal(index.resolve('/docs').kind, 'page');
  index.deletePage('workspace', 'docs/a.md');
  const after = index.resolve('/docs/a');
  assert.equal(after.kind === 'page' && after.page.path, 'docs/a/index.md');
});

test('a routes file adds served paths; a complete one judges every site link', async () => {
  const page = '[a](/careers) [b](/brand/logo.svg) [c](/pricing) [d](/integrations/geoip) [e](/handbook/nope)';
  assert.deepEqual((await findingsOf(page, {}, { routes: ['/careers'] })).map((f) => f.split(':')[0]), [
    'link.missing-page /handbook/nope',
  ]);
  assert.deepEqual((await findingsOf(page, {}, { routes: ['/careers', '/brand/*', '/pricing'], routesComplete: true })).map((f) => f.split(':')[0]), [
    'link.missing-page /integrations/geoip',
    'link.missing-page /handbook/nope',
  ]);
});

test('a `/x/*` route covers /x and all below it, and no other path, among any number of routes', async () => {
  const many = Array.from({ length: 100_000 }, (_, i) => `/x${i}/*`);
  const page = '[a](/brand) [b](/brand/logo/dark.svg) [c](/brandnew) [d](/x99999/deep/path) [e](/x100000/y) [f](/handbook/nope)';
  assert.deepEqual((await findingsOf(page, {}, { routes: ['/brand/*', ...many], routesComplete: true })).map((f) => f.split(':')[0]), [
    'link.missing-page /brandnew',
    'link.missing-page /x100000/y',
    'link.missing-page /handbook/nope',
  ]);
  assert.deepEqual(await findingsOf('[a](/anything/at/all)', {}, { routes: ['/*'], routesComplete: true }), []);
});

test('did-you-mean in a folder of thousands of pages compares a bounded few, and still finds a typo', async () => {
  const crowd = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`handbook/crowd/page-${i}.md`, `# Page ${i}`]));
  // The 1,000 names nearest in sorted order are compared: those sharing the most of its start.
  assert.deepEqual(await findingsOf('[a](/handbook/crowd/page-4321x)', crowd), [
    'link.missing-page /handbook/crowd/page-4321x: No page at `/handbook/crowd/page-4321x`; did you mean `/handbook/crowd/page-4321`?',
  ]);
});

test('with no handbook in the workspace, only links to the bundled values page are checked', async () => {
  const index = await siteOf({ 'blog/post.md': joinLines(
    '[a](/handbook/company/values#talent-compounds) [b](/handbook/company/values#not-a-value)',
    '[c](/handbook/engineering/anything) [d](/handbook/values#step-on-toes) [e](/blog/missing)',
  ) });
  const findings = checkPage(index, await sourceOf(index, 'blog/post.md')).map((f) => f.target);
  assert.deepEqual(findings, ['/handbook/company/values#not-a-value', '/blog/missing']);
});

test('the bundled content checks clean on its own', async () => {
  const { BUNDLED_VALUES } = await import('./helpers');
  const index = await siteOf({ 'handbook/company/values.md': BUNDLED_VALUES });
  assert.deepEqual(checkPage(index, await sourceOf(index, 'handbook/company/values.md')), []);
});

test('files outside the content folder check site-absolute links and skip relative ones', async () => {
  const index = await siteOf(HANDBOOK);
  const outside = parsePage('[a](/handbook/company/valuez) [b](relative/page)');
  assert.deepEqual(checkPage(index, { parsed: outside }).map((f) => f.target), ['/handbook/company/valuez']);
});

test('the reverse index knows who links to a page', async () => {
  const index = await siteOf({ ...HANDBOOK, 'handbook/a.md': '[v](/handbook/company/values#step-on-toes)', 'handbook/b.md': '[v](https://posthog.com/handbook/company/values/)' });
  assert.deepEqual([...index.linkersOf(['/handbook/company/values'])].sort(), ['handbook/a.md', 'handbook/b.md']);
  const change = index.setPage('workspace', 'handbook/company/values.md', parsePage('## Step on toes renamed'));
  assert.deepEqual(change.affectedUrls, ['/handbook/company/values', '/handbook/values']);
  assert.deepEqual(index.setPage('workspace', 'handbook/company/values.md', parsePage('## Step on toes renamed\n\nMore words.')).affectedUrls, []);
});

test('a heading changed in an imported MDX page re-checks the links into the pages that render it', async () => {
  const index = await siteOf({
    ...HANDBOOK,
    'handbook/deploy.mdx': joinLines("import Steps from './snippets/steps'", '', '# Deploy', '', '<Steps />'),
    'handbook/outer.mdx': joinLines("import Deploy from './deploy'", '', '<Deploy />'),
    'handbook/snippets/steps.mdx': '## Install',
    'handbook/a.md': '[install](/handbook/deploy#install)',
    'handbook/b.md': '[install](/handbook/outer#install)',
    'handbook/c.md': '[steps](/handbook/snippets/steps#install)',
  });
  const linkers = (urls: string[]) => [...index.linkersOf(urls)].sort();
  // Renamed in the snippet: its own linkers, and those of the pages that render it, directly or not.
  const renamed = index.setPage('workspace', 'handbook/snippets/steps.mdx', parsePage('## Set up'));
  assert.deepEqual(renamed.affectedUrls.sort(), ['/handbook/deploy', '/handbook/outer', '/handbook/snippets/steps']);
  assert.deepEqual(linkers(renamed.affectedUrls), ['handbook/a.md', 'handbook/b.md', 'handbook/c.md']);
  assert.deepEqual(checkPage(index, await sourceOf(index, 'handbook/a.md')).map((f) => f.code), ['link.missing-anchor']);
  // An import line taken out changes the anchors the importer shows; its own headings did not change.
  const unimported = index.setPage('workspace', 'handbook/outer.mdx', parsePage('<Deploy />'));
  assert.deepEqual(unimported.affectedUrls, ['/handbook/outer']);
  // The snippet deleted: the same pages depend on it.
  assert.deepEqual(index.deletePage('workspace', 'handbook/snippets/steps.mdx').affectedUrls.sort(), ['/handbook/deploy', '/handbook/snippets/steps']);
  // A page no one imports changes only its own URL.
  assert.deepEqual(index.setPage('workspace', 'handbook/company/team.mdx', parsePage('# Team')).affectedUrls, ['/handbook/company/team']);
});

test('the index keeps an outline of each page: its anchors answer for links into it, and a change takes its links out of the reverse index', async () => {
  const index = await siteOf({ ...HANDBOOK, 'handbook/b.md': '[a](/handbook/a#here) [x](/handbook/a#gone)' });
  index.setPage('workspace', 'handbook/a.md', parsePage('# A\n\n## Here\n\n[v](/handbook/company/values)'));
  assert.deepEqual([...index.page('workspace', 'handbook/a.md')!.outline.anchors.keys()], ['a', 'here']);
  assert.deepEqual(checkPage(index, await sourceOf(index, 'handbook/b.md')).map((f) => f.target), ['/handbook/a#gone']);
  assert.deepEqual([...index.linkersOf(['/handbook/company/values'])], ['handbook/a.md']);
  index.setPage('workspace', 'handbook/a.md', parsePage('# A\n\n## Here'));
  assert.deepEqual([...index.linkersOf(['/handbook/company/values'])], []);
});

test('links of the pages a load read join the reverse index bit by bit, or all at once when it is asked', async () => {
  const index = await siteOf({
    'handbook/a.md': '[b](/handbook/b) [x](https://github.com/x) [self](#top)',
    'handbook/c.md': '[b](https://www.posthog.com/handbook/b/) [d](../handbook/d#e)',
    'handbook/e.md': '[b](b)',
    'handbook/g.md': '[d](/handbook/d)',
    'handbook/h.md': '[b](/handbook/b)',
  });
  assert.equal(index.indexPendingLinks(1), 4);
  // An editor opens h before its links were indexed: what it holds now is what counts.
  index.setPage('workspace', 'handbook/h.md', parsePage('Nothing linked.'));
  // Pages changed, or gone, before their links were indexed leave nothing behind.
  index.setPage('workspace', 'handbook/c.md', parsePage('[d](/handbook/d)'));
  index.deletePage('workspace', 'handbook/e.md');
  assert.equal(index.indexPendingLinks(0), 1);
  assert.deepEqual([...index.linkersOf(['/handbook/b'])], ['handbook/a.md']);
  assert.deepEqual([...index.linkersOf(['/handbook/d'])].sort(), ['handbook/c.md', 'handbook/g.md']);
  assert.equal(index.indexPendingLinks(), 0);
  // A page set from an editor is indexed at once.
  index.setPage('workspace', 'handbook/f.md', parsePage('[b](/handbook/b)'));
  assert.equal(index.indexPendingLinks(0), 0);
  assert.deepEqual([...index.linkersOf(['/handbook/b'])].sort(), ['handbook/a.md', 'handbook/f.md']);
});

test('headings of an MDX page imported and rendered as a component are anchors of the page', async () => {
  const index = await siteOf({
    'docs/deploy/aws.mdx': joinLines(
      "import ClusterRequirements from './snippets/cluster-requirements'",
      "import NotRendered from './snippets/unused'",
      '',
      '# AWS',
      '',
      '<ClusterRequirements />',
    ),
    'docs/deploy/snippets/cluster-requirements.mdx': '#### Cluster requirements\n\nKubernetes.',
    'docs/deploy/snippets/unused.mdx': '## Unused heading',
    'docs/page.md': '[a](/docs/deploy/aws#cluster-requirements) [b](/docs/deploy/aws#unused-heading) [c](/docs/deploy/aws#aws)',
  });
  assert.deepEqual(checkPage(index, await sourceOf(index, 'docs/page.md')).map((f) => f.target), ['/docs/deploy/aws#unused-heading']);
  const aws = await sourceOf(index, 'docs/deploy/aws.mdx');
  assert.deepEqual([...index.anchorsOf(aws.parsed.outline, aws.path).keys()], ['aws', 'cluster-requirements']);
});

test('a link after a tab in a list item is read where it is written, and CRLF, CR or tabs move no finding', async () => {
  // The tab continues the item: `[b](/handbook/company/values)` is a link, not text ending in `)`.
  assert.deepEqual(await findingsOf(joinLines('- Read this:', '\t[b](/handbook/company/values)')), []);

  const lf = joinLines('- Read this:', '\t[b](/handbook/company/valuez) and', '  > [c](#nowhere)', '', '| x | [d](/handbook/company/teem) |', '|---|---|');
  const where = async (text: string) => {
    const index = await siteOf({ ...HANDBOOK, 'handbook/page.md': text });
    const source = await sourceOf(index, 'handbook/page.md');
    return checkPage(index, source).map((finding) => {
      const range = source.parsed.lines.rangeOf(finding.span);
      return `${finding.code} ${text.slice(finding.span.start, finding.span.end)} ${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
    });
  };
  const expected = [
    'link.missing-page /handbook/company/valuez 1:5-1:29',
    'link.missing-anchor #nowhere 2:8-2:16',
    'link.missing-page /handbook/company/teem 4:10-4:32',
  ];
  assert.deepEqual(await where(lf), expected);
  assert.deepEqual(await where(lf.replace(/\n/g, '\r\n')), expected);
  assert.deepEqual(await where(lf.replace(/\n/g, '\r')), expected);
  // Indented by a tab instead of two spaces: the same links, one column less where the tab is.
  assert.deepEqual(await where(lf.replace('  > [c]', '\t> [c]')), [expected[0], 'link.missing-anchor #nowhere 2:7-2:15', expected[2]]);
});

test('a load that a later one supersedes stops before its next page', async () => {
  const pages = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`handbook/p${i}.md`, `# P${i}`]));
  const index = new SiteIndex(DEFAULT_SITE_SETTINGS);
  let read = 0;
  await index.load('workspace', new InMemoryWorkspace(pages), undefined, () => read++, () => read >= 3);
  assert.deepEqual([...index.pages('workspace')].map((page) => page.path), ['handbook/p0.md', 'handbook/p1.md', 'handbook/p2.md']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'path';
import GithubSlugger from 'github-slugger';
import { pageSlugger } from '../server/core/slug';
import { normalizeUrlPath } from '../server/core/sitePath';
import { pageUrlOf } from '../server/core/urlRules';
import { DiskWorkspace } from '../server/diskWorkspace';
import { readLinkTarget } from '../server/core/linkTarget';

test('slugs match the site: github-slugger, repeats numbered per page', () => {
  const slug = pageSlugger();
  const cases: [string, string][] = [
    ['Co-founder & CEO', 'co-founder--ceo'],
    ['Co-founder & CEO', 'co-founder--ceo-1'],
    ['Step on toes', 'step-on-toes'],
    ["We haven't built our defining feature yet", 'we-havent-built-our-defining-feature-yet'],
    ['Step on toes', 'step-on-toes-1'],
    ['Step on toes', 'step-on-toes-2'],
    ['Ünïcödé 🚀 heading', new GithubSlugger().slug('Ünïcödé 🚀 heading')],
  ];
  for (const [heading, expected] of cases) assert.equal(slug(heading), expected, heading);
  assert.equal(pageSlugger()('Step on toes'), 'step-on-toes', 'a new page starts its own count');
});

test('files map to URLs: only `index` maps to its folder, case kept', () => {
  const cases: [string, string | undefined][] = [
    ['handbook/company/values.md', '/handbook/company/values'],
    ['handbook/company/values.mdx', '/handbook/company/values'],
    ['handbook/index.md', '/handbook'],
    ['handbook/engineering/index.mdx', '/handbook/engineering'],
    ['index.md', '/'],
    ['handbook/Index.md', '/handbook/Index'],
    ['handbook/reindex.md', '/handbook/reindex'],
    ['docs/API/Overview.md', '/docs/API/Overview'],
    ['handbook/notes.txt', undefined],
  ];
  for (const [file, url] of cases) assert.equal(pageUrlOf(file), url, file);
});

test('URL paths normalize as a browser would, never above the root', () => {
  assert.equal(normalizeUrlPath('/a/b/'), '/a/b');
  assert.equal(normalizeUrlPath('/a/./b/../c'), '/a/c');
  assert.equal(normalizeUrlPath('/../../etc/passwd'), '/etc/passwd');
  assert.equal(normalizeUrlPath('/'), '/');
});

test('link destinations are read the way the site reads them', () => {
  const page = '/handbook/company/values';
  const site = 'https://posthog.com';
  const read = (raw: string, from: string | null = page) => {
    const target = readLinkTarget(raw, from ?? undefined, site);
    return target.kind === 'site' ? `${target.path}${target.anchor !== undefined ? '#' + target.anchor : ''}` : target.kind;
  };
  const cases: [string, string][] = [
    ['/handbook/company/values#step-on-toes', '/handbook/company/values#step-on-toes'],
    ['/handbook/company/values/', '/handbook/company/values'],
    ['/handbook/company/values/#step-on-toes', '/handbook/company/values#step-on-toes'],
    ['/handbook/company/values?ref=nav#talent-compounds', '/handbook/company/values#talent-compounds'],
    ['/handbook/company/co%2Dfounder%20notes', '/handbook/company/co-founder notes'],
    ['/handbook/company/values#co-founder%20ceo', '/handbook/company/values#co-founder ceo'],
    ['https://posthog.com/handbook/people/benefits', '/handbook/people/benefits'],
    ['https://www.posthog.com/handbook/people/benefits#x', '/handbook/people/benefits#x'],
    ['http://posthog.com', '/'],
    ['//posthog.com/handbook', '/handbook'],
    ['culture', '/handbook/company/culture'],
    ['./culture#x', '/handbook/company/culture#x'],
    ['../people/benefits', '/handbook/people/benefits'],
    ['../../../../../etc/passwd', '/etc/passwd'],
    ['https://github.com/PostHog/posthog', 'external'],
    ['mailto:hey@posthog.com', 'external'],
    ['file:///etc/passwd', 'external'],
  ];
  for (const [raw, expected] of cases) assert.equal(read(raw), expected, raw);
  assert.equal(read('culture', null), 'unresolvable', 'a relative link needs a page URL');
  assert.equal(read('/handbook', null), '/handbook');
});

test('the path and anchor spans point into the destination as written', () => {
  const target = readLinkTarget('https://posthog.com/handbook/x/#anchor', undefined, 'https://posthog.com');
  assert.equal(target.kind, 'site');
  if (target.kind !== 'site') return;
  assert.deepEqual(target.pathSpan, { start: 19, end: 31 });
  assert.deepEqual(target.anchorSpan, { start: 32, end: 38 });
});

test('a page path joined to its content folder is path.join\'s, whatever the root looks like', () => {
  for (const root of ['/site/contents', '/site/contents/', '/', '/site/../other/contents', 'relative/contents', '/site//contents']) {
    const disk = new DiskWorkspace(root);
    for (const page of ['index.md', 'handbook/company/values.md', 'a b/ü.mdx', 'handbook/.hidden/x.md', '../escape.md', 'a//b.md']) {
      assert.equal(disk.absolutePath(page), path.join(root, ...page.split('/')), `${root} + ${page}`);
    }
  }
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ValuesReport } from '../cli/valuesReport';
import { tempSite } from './fixtures';
import { CORPUS, corpusSkip, joinLines, runCheck } from './helpers';

const run = (cwd: string, ...args: string[]) => runCheck(args, cwd);

const at = (place: { file: string; line: number; column: number }) => `${place.file}:${place.line}:${place.column}`;

describe('handbook-check --values', () => {
  test('reports each value\'s citing pages, links to old anchors and unlinked mentions, and the values no page cites', () => {
    const root = tempSite({
      '.handbook.json': JSON.stringify({ values: { aliases: { 'step-on-toes': ['Tread on toes'], nobody: ['Ghost'] } } }),
      'contents/handbook/company/values.md': joinLines('# Values', '', '## Step on toes', '', 'Pick.', '', '## Be kind', '', 'Always.'),
      'contents/handbook/a.md': joinLines('# A', '', '[x](/handbook/company/values#step-on-toes) and we tread on toes.'),
      'contents/handbook/b.md': joinLines('# B', '', '[y](/handbook/company/values#tread-on-toes)', '', '<!-- handbook-ignore-next-line -->', 'We step on toes.'),
    });
    const json = run(root, '--values', '--format', 'json');
    assert.equal(json.status, 0, json.stderr);
    assert.equal(json.stderr, 'handbook-check: .handbook.json values.aliases names "nobody", which is no value of the values page; its aliases are not used\n');
    const report = JSON.parse(json.stdout) as ValuesReport;
    assert.equal(report.valuesPage, 'contents/handbook/company/values.md');
    assert.deepEqual(
      report.values.map((value) => ({ ...value, links: value.links.map(at), oldLinks: value.oldLinks.map(at), mentions: value.mentions.map(at) })),
      [
        {
          name: 'Step on toes',
          anchor: 'step-on-toes',
          oldNames: ['Tread on toes'],
          oldAnchors: ['tread-on-toes'],
          pages: ['contents/handbook/a.md', 'contents/handbook/b.md'],
          links: ['contents/handbook/a.md:3:1'],
          oldLinks: ['contents/handbook/b.md:3:1'],
          // The suppressed one is left out, as in the check.
          mentions: ['contents/handbook/a.md:3:51'],
        },
        { name: 'Be kind', anchor: 'be-kind', oldNames: [], oldAnchors: [], pages: [], links: [], oldLinks: [], mentions: [] },
      ],
    );
    assert.deepEqual(report.uncited, ['Be kind']);
    const text = run(root, '--values');
    assert.equal(text.status, 0);
    assert.equal(
      text.stdout,
      joinLines(
        '2 values in contents/handbook/company/values.md, cited by 2 pages',
        '',
        'value         pages  links  old links  unlinked mentions',
        'Step on toes      2      1          1                  1',
        'Be kind           0      0          0                  0',
        '',
        'Step on toes (#step-on-toes; was Tread on toes)',
        '  links:',
        '    contents/handbook/a.md:3:1',
        '  links to an old anchor:',
        '    contents/handbook/b.md:3:1',
        '  unlinked mentions:',
        '    contents/handbook/a.md:3:51',
        '',
        'Be kind (#be-kind)',
        '  cited by no page',
        '',
        'No page cites: Be kind',
        '',
      ),
    );
  });

  test('a site with no values page reports on the bundled values', () => {
    const root = tempSite({ 'contents/handbook/a.md': '[x](/handbook/company/values#talent-compounds), and everyone codes.' });
    const report = JSON.parse(run(root, '--values', '--format', 'json').stdout) as ValuesReport;
    assert.equal(report.valuesPage, 'bundled');
    const cited = report.values.filter((value) => value.pages.length > 0 || value.mentions.length > 0).map((value) => [value.name, value.links.map(at), value.mentions.map(at)]);
    assert.deepEqual(cited, [
      ['Everyone codes', [], ['contents/handbook/a.md:1:53']],
      ['Talent compounds', ['contents/handbook/a.md:1:1'], []],
    ]);
  });

  test('takes no paths, --fix or CI formats', () => {
    const root = tempSite({ 'contents/a.md': '# A' });
    for (const args of [['--values', 'contents/a.md'], ['--values', '--fix'], ['--values', '--format', 'sarif']]) {
      const result = run(root, ...args);
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, /--values reports on the whole site, as text or json/);
    }
  });

  // Counted by hand for two values, from `grep -rniP 'step\s+on\s+toes'` and the links to
  // `values#step-on-toes` (and the same for talent compounds), each hit read:
  // - Step on toes. Of its seven prose hits, the heading of why-small-teams.md (a link
  //   too) is not prose; the other six are mentions: culture.md:76, operations-hiring.md:21,
  //   and the quoted "step on toes" of four hiring pages. Four pages link to its anchor.
  // - Talent compounds. Of its four hits, three are link text (ceo-diary-5.md,
  //   hiring-process/index.md:24, people.md:22), which are its three links; one is a mention
  //   (hiring-process/index.md:210).
  test('on the PostHog corpus, the table an owner reads, counted by hand for two values', { skip: corpusSkip() }, () => {
    const result = run(CORPUS, '--routes', 'routes.txt', '--values', '--format', 'json');
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as ValuesReport;
    const byName = new Map(report.values.map((value) => [value.name, value]));
    const toes = byName.get('Step on toes')!;
    assert.deepEqual(toes.links.map(at).sort(), [
      'contents/blog/automating-a-software-company-with-github-actions.md:165:95',
      'contents/blog/seed-grow-scale-devrel.mdx:49:666',
      'contents/handbook/engineering/development-process.md:30:31',
      'contents/handbook/people/feedback.md:11:31',
    ]);
    assert.deepEqual(toes.mentions.map((place) => `${place.file}:${place.line}`), [
      'contents/handbook/company/culture.md:76',
      'contents/handbook/people/hiring-process/design-hiring.md:65',
      'contents/handbook/people/hiring-process/engineering-hiring.md:69',
      'contents/handbook/people/hiring-process/marketing-hiring.md:61',
      'contents/handbook/people/hiring-process/operations-hiring.md:21',
      'contents/handbook/people/hiring-process/operations-hiring.md:64',
    ]);
    const talent = byName.get('Talent compounds')!;
    assert.deepEqual(talent.pages.sort(), ['contents/blog/ceo-diary-5.md', 'contents/handbook/people/hiring-process/index.md', 'contents/handbook/people/team-structure/people.md']);
    assert.deepEqual(talent.mentions.map((place) => `${place.file}:${place.line}`), ['contents/handbook/people/hiring-process/index.md:210']);
    // The 2022 values page's six values, in its order; one no page cites.
    assert.deepEqual(report.values.map((value) => [value.name, value.pages.length, value.mentions.length]), [
      ['We are open source', 1, 0],
      ["We haven't built our defining feature yet", 0, 0],
      ['Everyone codes', 1, 2],
      ['Step on toes', 4, 6],
      ['Bias for action', 1, 7],
      ['Talent compounds', 3, 1],
    ]);
    assert.deepEqual(report.uncited, ["We haven't built our defining feature yet"]);
  });
});

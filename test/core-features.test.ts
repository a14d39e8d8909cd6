import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completeAt } from '../server/core/completion';
import { hoverAt } from '../server/core/hover';
import { atCursor, joinLines, siteOf, sourceOf } from './helpers';

const HANDBOOK = {
  'handbook/index.md': '# Handbook',
  'handbook/company/values.md': joinLines(
    '---',
    'title: Values',
    '---',
    'What we value.',
    '## Step on toes',
    'Pick the most important thing.',
    '### Even when',
    'It is awkward.',
    '## Talent compounds',
    'Work with the best.',
  ),
  'handbook/company/team.md': joinLines('# Team', '', 'The people of PostHog.', '', '## Co-founder & CEO', 'James runs things.'),
  'handbook/people/benefits.md': '# Benefits',
  'pricing-notes.md': '# Pricing notes',
};

async function hoverOn(fixture: string, pages: Record<string, string> = HANDBOOK) {
  const { text, offset } = atCursor(fixture);
  const index = await siteOf({ ...pages, 'handbook/page.md': text });
  return hoverAt(index, await sourceOf(index, 'handbook/page.md'), offset);
}

async function completionsAt(fixture: string) {
  const { text, offset } = atCursor(fixture);
  const index = await siteOf({ ...HANDBOOK, 'handbook/page.md': text });
  return completeAt(index, await sourceOf(index, 'handbook/page.md'), offset).entries.map((entry) => {
    const replaced = text.slice(entry.span.start, entry.span.end);
    return `${entry.kind} ${entry.label}${entry.detail ? ` (${entry.detail})` : ''} [${replaced}]`;
  });
}

test('hover on a value link, on its text or its target, shows the value and its definition', async () => {
  for (const fixture of ['See [step $|$on toes](/handbook/company/values#step-on-toes).', 'See [step on toes](/handbook/company/val$|$ues#step-on-toes).']) {
    const card = await hoverOn(fixture);
    assert.equal(
      card?.markdown,
      joinLines(
        '**Value: Step on toes**',
        '',
        'Pick the most important thing.',
        '### Even when',
        'It is awkward.',
        '',
        '---',
        'From `/handbook/company/values#step-on-toes` (handbook/company/values.md)',
      ),
    );
  }
});

test('hover on a link to another page shows its title and the linked section, or its opening paragraph', async () => {
  assert.equal(
    (await hoverOn('[ceo](/handbook/company/team#co-found$|$er--ceo)'))?.markdown,
    joinLines('**Team**', '', '### Co-founder & CEO', '', 'James runs things.', '', '---', 'From `/handbook/company/team#co-founder--ceo` (handbook/company/team.md)'),
  );
  assert.equal(
    (await hoverOn('[team](https://posthog.com/handbook/company/te$|$am/)'))?.markdown,
    joinLines('**Team**', '', 'The people of PostHog.', '', '---', 'From `/handbook/company/team` (handbook/company/team.md)'),
  );
});

test('hover over plain text, an external link or a missing page shows nothing', async () => {
  assert.equal(await hoverOn('Just te$|$xt [x](/handbook/company/team)'), undefined);
  assert.equal(await hoverOn('[gh](https://git$|$hub.com)'), undefined);
  assert.equal(await hoverOn('[gone](/handbook/go$|$ne)'), undefined);
});

test('with no handbook, value hovers come from the bundled values', async () => {
  const card = await hoverOn('[x](/handbook/company/values#talent-com$|$pounds)', {});
  assert.match(card!.markdown, /^\*\*Value: Talent compounds\*\*\n\nGetting into PostHog is a huge challenge\./);
  assert.match(card!.markdown, /From `\/handbook\/company\/values#talent-compounds` \(bundled handbook\)$/);
});

test('paths complete segment by segment, with page titles', async () => {
  assert.deepEqual(await completionsAt('See [x](/handbook/$|$'), ['folder company []', 'page page []', 'folder people []']);
  assert.deepEqual(await completionsAt('See [x](/handbook/company/va$|$'), [
    'page team (Team) [va]',
    'page values (Values) [va]',
  ]);
  assert.deepEqual(await completionsAt('<Link to="/handbook/people/$|$'), ['page benefits (Benefits) []']);
  assert.deepEqual(await completionsAt('<a href="https://posthog.com/handbook/$|$'), ['folder company []', 'page page []', 'folder people []']);
  assert.deepEqual(await completionsAt('[x](company/$|$'), ['page team (Team) []', 'page values (Values) []']);
});

test('a folder with no page of its own inserts its slash and leads on to the next segment; one that is a page does not', async () => {
  const { text, offset } = atCursor('See [x](/$|$');
  const index = await siteOf({ ...HANDBOOK, 'handbook/page.md': text });
  const { entries } = completeAt(index, await sourceOf(index, 'handbook/page.md'), offset);
  assert.deepEqual(
    entries.map((entry) => `${entry.kind} ${entry.insertText}${entry.leadsOn ? ' …' : ''}`),
    ['folder handbook', 'page pricing-notes'],
  );
  const { text: deeper, offset: deeperOffset } = atCursor('See [x](/handbook/$|$');
  const deeperIndex = await siteOf({ ...HANDBOOK, 'handbook/page.md': deeper });
  assert.deepEqual(
    completeAt(deeperIndex, await sourceOf(deeperIndex, 'handbook/page.md'), deeperOffset).entries.map((entry) => `${entry.kind} ${entry.insertText}${entry.leadsOn ? ' …' : ''}`),
    ['folder company/ …', 'page page', 'folder people/ …'],
  );
});

test('anchors complete after #, with their heading text; on the values page, the values first, named as values', async () => {
  assert.deepEqual(await completionsAt('[x](/handbook/company/values#st$|$'), [
    'anchor step-on-toes (Value: Step on toes) [st]',
    'anchor talent-compounds (Value: Talent compounds) [st]',
    'anchor even-when (Even when) [st]',
  ]);
  assert.deepEqual(await completionsAt(joinLines('## Here', '[x](#$|$')), ['anchor here (Here) []']);
});

test('no completion in code or outside a link destination', async () => {
  assert.deepEqual(await completionsAt('`[x](/handbook/$|$`'), []);
  assert.deepEqual(await completionsAt('Plain /handbook/$|$'), []);
});

test('a folder of thousands of pages completes at most 500 at a time, those starting with what is typed, marked incomplete', async () => {
  const crowd = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`handbook/crowd/page-${i}.md`, `# Page ${i}`]));
  const completions = async (fixture: string) => {
    const { text, offset } = atCursor(fixture);
    const index = await siteOf({ ...crowd, 'handbook/page.md': text });
    return completeAt(index, await sourceOf(index, 'handbook/page.md'), offset);
  };
  const all = await completions('[x](/handbook/crowd/$|$');
  assert.equal(all.entries.length, 500);
  assert.equal(all.incomplete, true);
  const typed = await completions('[x](/handbook/crowd/page-19$|$');
  assert.deepEqual(typed.entries.map((entry) => entry.label).sort(), Array.from({ length: 2000 }, (_, i) => `page-${i}`).filter((name) => name.startsWith('page-19')).sort());
  assert.equal(typed.incomplete, true);
  const few = await completions('[x](/handbook/$|$');
  assert.deepEqual([few.entries.map((entry) => entry.label), few.incomplete], [['company', 'crowd', 'page'], false]);
});

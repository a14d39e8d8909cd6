import { test } from 'node:test';
import assert from 'node:assert/strict';
import { citationsOf } from '../server/core/citations';
import { completeAt } from '../server/core/completion';
import { checkPage, type Finding } from '../server/core/diagnostics';
import { hoverAt } from '../server/core/hover';
import { PRESETS } from '../server/core/urlRules';
import { atCursor, joinLines, siteOf, sourceOf } from './helpers';

const VALUES = joinLines(
  '---',
  'title: Values',
  '---',
  '',
  'Step on toes is how we work.',
  '',
  '## Step on toes',
  '',
  'Pick the most important thing.',
  '',
  "## We haven't built our defining feature yet",
  '',
  'We never stop.',
  '',
  '## Talent compounds',
  '',
  'Work with the best.',
);

const ALIASES = { 'step-on-toes': ['Tread on toes', '#toes'], 'Talent compounds': ['Talent density'] };

async function findingsOf(page: string, aliases: Record<string, string[]> = ALIASES, values = VALUES): Promise<Finding[]> {
  const index = await siteOf({ 'handbook/company/values.md': values, 'handbook/page.md': page }, { valueAliases: aliases });
  return checkPage(index, await sourceOf(index, 'handbook/page.md'));
}

/** Each finding as `code "the words or destination it covers" → the fix`. */
async function described(page: string, aliases?: Record<string, string[]>, values?: string): Promise<string[]> {
  return (await findingsOf(page, aliases, values)).map((finding) => `${finding.code} ${JSON.stringify(page.slice(finding.span.start, finding.span.end))}${finding.fix ? ` → ${JSON.stringify(finding.fix.newText)}` : ''}`);
}

test('prose that names a value is a hint whose fix wraps its words, exactly, as a link to the value', async () => {
  assert.deepEqual(await described(joinLines('# Page', '', 'We like to step on toes here.')), [
    'value.unlinked-mention "step on toes" → "[step on toes](/handbook/company/values#step-on-toes)"',
  ]);
});

test('a mention is found case-insensitively, across a soft line break, with either apostrophe, and by an old name', async () => {
  assert.deepEqual(await described(joinLines('We TALENT', 'Compounds.', '', "> we haven’t built our defining", '> feature yet', '', 'Talent density matters.')), [
    'value.unlinked-mention "TALENT\\nCompounds" → "[TALENT\\nCompounds](/handbook/company/values#talent-compounds)"',
    'value.unlinked-mention "we haven’t built our defining\\n> feature yet" → "[we haven’t built our defining\\n> feature yet](/handbook/company/values#we-havent-built-our-defining-feature-yet)"',
    'value.unlinked-mention "Talent density" → "[Talent density](/handbook/company/values#talent-compounds)"',
  ]);
});

test('no mention in code, headings, front matter, links, images, HTML, part-words, or twice in a paragraph', async () => {
  const page = joinLines(
    '---',
    'title: Step on toes',
    '---',
    '# Step on toes',
    '',
    '`step on toes` and [we step on toes](/elsewhere) and ![step on toes](/a.png) and <a href="/x">step on toes</a> and <Tip text="step on toes" />.',
    '',
    '```',
    'step on toes',
    '```',
    '',
    '    step on toes',
    '',
    'Footstep on toesies. Step on toes, then step on toes again.',
    '',
    '- step on toes',
  );
  assert.deepEqual(await described(page), [
    'value.unlinked-mention "Step on toes" → "[Step on toes](/handbook/company/values#step-on-toes)"',
    'value.unlinked-mention "step on toes" → "[step on toes](/handbook/company/values#step-on-toes)"',
  ]);
});

test('with mentions off, pages are not read for them at all', async () => {
  const index = await siteOf({ 'handbook/company/values.md': VALUES, 'handbook/page.md': 'We step on toes.' }, { findsMentions: false });
  const source = await sourceOf(index, 'handbook/page.md');
  assert.deepEqual(source.parsed.mentions, []);
  assert.deepEqual(checkPage(index, source), []);
});

test('the values page names its values without a hint', async () => {
  const index = await siteOf({ 'handbook/company/values.md': VALUES });
  assert.deepEqual(checkPage(index, await sourceOf(index, 'handbook/company/values.md')), []);
});

test('with no values page of its own, a site finds mentions of the bundled values', async () => {
  const index = await siteOf({ 'handbook/page.md': 'We believe talent compounds.' });
  assert.deepEqual(
    checkPage(index, await sourceOf(index, 'handbook/page.md')).map((finding) => [finding.code, finding.value, finding.fix?.newText]),
    [['value.unlinked-mention', 'Talent compounds', '[talent compounds](/handbook/company/values#talent-compounds)']],
  );
});

test('a site whose links are paths between files links a mention by the path to the values file', async () => {
  const rules = { ...PRESETS.github };
  const index = await siteOf({ 'handbook/company/values.md': VALUES, 'handbook/people/page.md': 'We step on toes.' }, { urlRules: rules });
  assert.deepEqual(checkPage(index, await sourceOf(index, 'handbook/people/page.md')).map((finding) => finding.fix?.newText), ['[step on toes](../company/values.md#step-on-toes)']);
});

test('a link to an old anchor of a value is value.renamed, fixed to its anchor now, in every form of link', async () => {
  assert.deepEqual(
    await described(joinLines('[a](/handbook/company/values#tread-on-toes) [b](https://posthog.com/handbook/company/values#toes) [c](/handbook/values#talent-density)')),
    [
      'value.renamed "/handbook/company/values#tread-on-toes" → "step-on-toes"',
      'value.renamed "https://posthog.com/handbook/company/values#toes" → "step-on-toes"',
      'value.renamed "/handbook/values#talent-density" → "talent-compounds"',
    ],
  );
  const [finding] = await findingsOf('[a](/handbook/company/values#tread-on-toes)');
  assert.equal(finding.value, 'Step on toes');
  assert.equal(finding.anchor, 'tread-on-toes');
});

test('a missing value anchor with no alias suggests the closest value first, even where another heading is closer', async () => {
  const values = joinLines(VALUES, '', '### Talent compound', '', 'A sub-section.');
  assert.deepEqual(await described('[a](/handbook/company/values#talent-compound-)', {}, values), [
    'link.missing-anchor "/handbook/company/values#talent-compound-" → "talent-compounds"',
  ]);
});

test('the values page is checked: two values with one slug, and a value with nothing under it', async () => {
  const values = joinLines('# Values', '', '## Step on toes', '', 'One.', '', '## Step on Toes', '', 'Two.', '', '## Be kind', '', '## Ship', '', 'Ship it.');
  const index = await siteOf({ 'handbook/company/values.md': values });
  const source = await sourceOf(index, 'handbook/company/values.md');
  assert.deepEqual(
    checkPage(index, source).map((finding) => [finding.code, values.slice(finding.span.start, finding.span.end), finding.firstLine]),
    [
      ['value.duplicate', 'Step on Toes', 2],
      ['value.no-definition', 'Be kind', undefined],
    ],
  );
});

test('hover on a mention shows the value and its definition', async () => {
  const { text, offset } = atCursor('We step on t$|$oes.');
  const index = await siteOf({ 'handbook/company/values.md': VALUES, 'handbook/page.md': text });
  const card = await hoverAt(index, await sourceOf(index, 'handbook/page.md'), offset);
  assert.ok(card);
  assert.deepEqual(card.span, { start: 3, end: 15 });
  assert.equal(
    card.markdown,
    joinLines('**Value: Step on toes**', '', 'Pick the most important thing.', '', '---', 'From `/handbook/company/values#step-on-toes` (handbook/company/values.md). Not linked here: the quick fix links it.'),
  );
});

test('hover on a link to an old anchor shows the value it is now, and says it was renamed', async () => {
  const { text, offset } = atCursor('See [x](/handbook/company/values#tread-$|$on-toes).');
  const index = await siteOf({ 'handbook/company/values.md': VALUES, 'handbook/page.md': text }, { valueAliases: ALIASES });
  const card = await hoverAt(index, await sourceOf(index, 'handbook/page.md'), offset);
  assert.ok(card?.markdown.startsWith('`#tread-on-toes` is an old anchor of this value; it is `#step-on-toes` now.\n\n**Value: Step on toes**\n\nPick the most important thing.'), card?.markdown);
});

test('in link text, values complete to the whole link, over the `]` the editor closed the bracket with', async () => {
  const { text, offset } = atCursor('See [Ste$|$] here.');
  const index = await siteOf({ 'handbook/company/values.md': VALUES, 'handbook/page.md': text });
  const { entries } = completeAt(index, await sourceOf(index, 'handbook/page.md'), offset);
  assert.deepEqual(
    entries.map((entry) => [entry.kind, entry.label, entry.filterText, entry.insertText, text.slice(entry.span.start, entry.span.end)]),
    [
      ['value', 'Step on toes', '[Step on toes', '[Step on toes](/handbook/company/values#step-on-toes)', '[Ste]'],
      ['value', "We haven't built our defining feature yet", "[We haven't built our defining feature yet", "[We haven't built our defining feature yet](/handbook/company/values#we-havent-built-our-defining-feature-yet)", '[Ste]'],
      ['value', 'Talent compounds', '[Talent compounds', '[Talent compounds](/handbook/company/values#talent-compounds)', '[Ste]'],
    ],
  );
  for (const written of ['See ![alt$|$', 'See [done](x) and [x]$|$(', '`[x$|$`', 'See [x$|$](/a)']) {
    const at = atCursor(written);
    const other = await siteOf({ 'handbook/company/values.md': VALUES, 'handbook/page.md': at.text });
    assert.deepEqual(completeAt(other, await sourceOf(other, 'handbook/page.md'), at.offset).entries, [], written);
  }
});

test('who cites each value: links to its anchor, links to an old one, one count a page, the values page not counted', async () => {
  const index = await siteOf(
    {
      'handbook/company/values.md': joinLines(VALUES, '', 'See [toes](#step-on-toes).'),
      'handbook/a.md': '[x](/handbook/company/values#step-on-toes) [y](/handbook/company/values#step-on-toes) [z][ref]\n\n[ref]: /handbook/company/values#talent-compounds',
      'handbook/b.md': '[x](../handbook/company/values#tread-on-toes)',
      'handbook/c.md': '[x](/handbook/company/values)',
    },
    { valueAliases: ALIASES },
  );
  const citations = await citationsOf(index, index.values()!);
  assert.deepEqual(
    citations.map((cited) => [cited.value.anchor, cited.links.map((found) => found.page.path), cited.oldLinks.map((found) => found.page.path), cited.pages]),
    [
      ['step-on-toes', ['handbook/a.md', 'handbook/a.md'], ['handbook/b.md'], ['handbook/a.md', 'handbook/b.md']],
      ['we-havent-built-our-defining-feature-yet', [], [], []],
      ['talent-compounds', ['handbook/a.md'], [], ['handbook/a.md']],
    ],
  );
});

test('alias keys that name no value are said, not used', async () => {
  const index = await siteOf({ 'handbook/company/values.md': VALUES }, { valueAliases: { 'be-nice': ['Be kind'] } });
  assert.deepEqual(index.values()?.unmatchedAliases, ['be-nice']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareRenameAt, renameAt, type PageEdits } from '../server/core/rename';
import { PRESETS } from '../server/core/urlRules';
import { joinLines, siteOf, sourceOf } from './helpers';

/** Each page's text once the edits are made. */
function applied(pages: PageEdits[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const { page, parsed, edits } of pages) {
    const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
    result[page.path] = sorted.reduce((text, edit) => text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end), parsed.text);
  }
  return result;
}

async function rename(pages: Record<string, string>, path: string, marker: string, newText: string, options = {}) {
  const index = await siteOf(pages, options);
  const source = await sourceOf(index, path);
  const offset = source.parsed.text.indexOf(marker);
  assert.notEqual(offset, -1, marker);
  return renameAt(index, source, offset + 1, newText);
}

test('renaming one of two repeated headings moves the links to both, as their -1 shifts', async () => {
  const pages = {
    'handbook/setup.md': joinLines('# Setup', '', '## Install', '', 'First.', '', '## Install', '', 'Again.'),
    'handbook/page.md': '[first](/handbook/setup#install) [second](/handbook/setup#install-1) [top](/handbook/setup)',
  };
  const edits = await rename(pages, 'handbook/setup.md', '## Install', 'Prepare');
  assert.deepEqual(applied(edits as PageEdits[]), {
    'handbook/setup.md': joinLines('# Setup', '', '## Prepare', '', 'First.', '', '## Install', '', 'Again.'),
    'handbook/page.md': '[first](/handbook/setup#prepare) [second](/handbook/setup#install) [top](/handbook/setup)',
  });
});

test('a heading an MDX page imports and renders: links to the importing page follow it too', async () => {
  const pages = {
    'handbook/snippets/steps.mdx': joinLines('## Step one', '', 'Do it.'),
    'handbook/guide.mdx': joinLines("import Steps from './snippets/steps'", '', '# Guide', '', '<Steps />'),
    'handbook/page.md': '[one](/handbook/guide#step-one) [direct](/handbook/snippets/steps#step-one)',
  };
  const edits = await rename(pages, 'handbook/snippets/steps.mdx', 'Step one', 'First step');
  assert.deepEqual(applied(edits as PageEdits[]), {
    'handbook/snippets/steps.mdx': joinLines('## First step', '', 'Do it.'),
    'handbook/page.md': '[one](/handbook/guide#first-step) [direct](/handbook/snippets/steps#first-step)',
  });
});

test('a heading with a custom id keeps its anchor: only its text changes', async () => {
  const pages = {
    'guide/setup.md': joinLines('# Setup', '', '## Install it {#install}'),
    'guide/index.md': '[install](setup.md#install)',
  };
  const edits = await rename(pages, 'guide/setup.md', 'Install it', 'Install everything', { urlRules: PRESETS.docusaurus });
  assert.deepEqual(applied(edits as PageEdits[]), { 'guide/setup.md': joinLines('# Setup', '', '## Install everything {#install}') });
});

test('renames that would confuse anchors, or a page whose anchors a component makes, are refused with the reason', async () => {
  const pages = {
    'handbook/company/values.md': joinLines('# Values', '', '## Step on toes', '', '## Bias', '', '<a id="hiring"></a>'),
    'handbook/company/team.mdx': joinLines('# Team', '', '## People', '', '<Team />'),
  };
  assert.deepEqual(await rename(pages, 'handbook/company/values.md', '## Bias', 'Step on toes'), {
    refused: '`#step-on-toes` is already an anchor of handbook/company/values.md: links to the two would be confused.',
  });
  assert.deepEqual(await rename(pages, 'handbook/company/values.md', '## Bias', 'Hiring'), {
    refused: '`#hiring` is already an anchor of handbook/company/values.md: links to the two would be confused.',
  });
  assert.deepEqual(await rename(pages, 'handbook/company/values.md', '## Bias', 'Two\nlines'), { refused: 'A heading is one line of text, and not an empty one.' });
  assert.deepEqual(await rename(pages, 'handbook/company/team.mdx', '## People', 'Everyone'), {
    refused: 'handbook/company/team.mdx renders a component that makes anchors at build time: links to it cannot all be known.',
  });
  // Changing only its case keeps its slug: not a collision with itself.
  const recased = await rename(pages, 'handbook/company/values.md', '## Step on toes', 'Step On Toes');
  assert.deepEqual(applied(recased as PageEdits[]), { 'handbook/company/values.md': joinLines('# Values', '', '## Step On Toes', '', '## Bias', '', '<a id="hiring"></a>') });
  const index = await siteOf(pages);
  const source = await sourceOf(index, 'handbook/company/values.md');
  assert.equal(await prepareRenameAt(index, source, source.parsed.text.indexOf('<a id')), undefined);
});

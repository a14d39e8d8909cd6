import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'path';
import { LspClient } from './lspClient';
import { tempSite } from './fixtures';
import { applyTextEdits, joinLines, waitFor } from './helpers';

interface Position { line: number; character: number }
interface Range { start: Position; end: Position }
interface TextEdit { range: Range; newText: string }
interface CodeAction { title: string; edit: { changes: Record<string, TextEdit[]> } }

const VALUES = joinLines('---', 'title: Values', '---', '', '## Step on toes', '', 'Pick the most important thing.', '', '## Talent compounds', '', 'Work with the best.', '', '## Be kind', '', 'Always.');

const SITE = {
  '.handbook.json': JSON.stringify({ values: { aliases: { 'step-on-toes': ['Tread on toes'] } } }, null, 2),
  'contents/handbook/company/values.md': VALUES,
  'contents/handbook/culture.md': joinLines('# Culture', '', 'We [step](/handbook/company/values#step-on-toes) and [compound](/handbook/company/values#talent-compounds).'),
  'contents/handbook/hiring.md': joinLines('# Hiring', '', 'See [toes](/handbook/company/values#step-on-toes).'),
};

describe('values-aware writing over stdio', { concurrency: false }, () => {
  let root: string;
  let client: LspClient;

  before(async () => {
    root = tempSite(SITE);
    client = new LspClient(root);
    const { capabilities } = await client.initialize({ handbook: {} });
    assert.ok(capabilities.codeLensProvider);
    assert.deepEqual((capabilities.completionProvider as { triggerCharacters: string[] }).triggerCharacters, ['/', '#', '[']);
  });
  after(() => client.stop());

  test('a mention is a hint, and its code action wraps exactly its words as a link to the value', async () => {
    const uri = client.uri('contents/handbook/mention.md');
    const text = joinLines('# Mention', '', 'Here we step on', 'toes, daily.');
    await client.open(uri, text);
    const published = await client.forVersion(uri, 1);
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.severity, d.range, d.message]),
      [['value.unlinked-mention', 4, { start: { line: 2, character: 8 }, end: { line: 3, character: 4 } }, '"Step on toes" is one of the company\'s values: link it to `/handbook/company/values#step-on-toes`']],
    );
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: published.diagnostics[0].range, context: { diagnostics: published.diagnostics } });
    assert.deepEqual(actions.map((action) => [action.title, action.edit.changes[uri]]), [
      ['Link to the value Step on toes', [{ range: { start: { line: 2, character: 8 }, end: { line: 3, character: 4 } }, newText: '[step on\ntoes](/handbook/company/values#step-on-toes)' }]],
    ]);
    const fixed = applyTextEdits(text, actions[0].edit.changes[uri]);
    assert.equal(fixed, joinLines('# Mention', '', 'Here we [step on', 'toes](/handbook/company/values#step-on-toes), daily.'));
    const version = await client.change(uri, fixed);
    assert.deepEqual((await client.forVersion(uri, version)).diagnostics, []);
  });

  test('hover on a mention shows the value and its definition', async () => {
    const uri = client.uri('contents/handbook/hover.md');
    await client.open(uri, 'Talent compounds, we say.');
    const hover = await client.request<{ contents: { value: string }; range: Range }>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
    assert.deepEqual(hover.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 16 } });
    assert.match(hover.contents.value, /^\*\*Value: Talent compounds\*\*\n\nWork with the best\.\n/);
  });

  test('after `[`, a value completes to the whole link', async () => {
    const uri = client.uri('contents/handbook/complete.md');
    await client.open(uri, 'We [');
    const items = await client.request<{ label: string; filterText: string; textEdit: TextEdit }[]>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 4 }, context: { triggerKind: 2, triggerCharacter: '[' } });
    assert.deepEqual(items.map((item) => [item.label, item.filterText, item.textEdit]), [
      ['Step on toes', '[Step on toes', { range: { start: { line: 0, character: 3 }, end: { line: 0, character: 4 } }, newText: '[Step on toes](/handbook/company/values#step-on-toes)' }],
      ['Talent compounds', '[Talent compounds', { range: { start: { line: 0, character: 3 }, end: { line: 0, character: 4 } }, newText: '[Talent compounds](/handbook/company/values#talent-compounds)' }],
      ['Be kind', '[Be kind', { range: { start: { line: 0, character: 3 }, end: { line: 0, character: 4 } }, newText: '[Be kind](/handbook/company/values#be-kind)' }],
    ]);
  });

  test('a link to an alias from the config file is value.renamed, and its fix links the value\'s anchor now', async () => {
    const uri = client.uri('contents/handbook/old.md');
    const text = 'We [tread](/handbook/company/values#tread-on-toes).';
    await client.open(uri, text);
    const published = await client.forVersion(uri, 1);
    assert.deepEqual(published.diagnostics.map((d) => [d.code, d.severity, d.message]), [
      ['value.renamed', 2, '`#tread-on-toes` is an old anchor of the value "Step on toes"; link to `#step-on-toes`'],
    ]);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: published.diagnostics[0].range, context: { diagnostics: published.diagnostics } });
    assert.deepEqual(actions.map((action) => action.title), ['Change to `step-on-toes`']);
    assert.equal(applyTextEdits(text, actions[0].edit.changes[uri]), 'We [tread](/handbook/company/values#step-on-toes).');
  });

  test('each value\'s heading has a code lens with the pages that cite it; references there list them', async () => {
    const uri = client.uri('contents/handbook/company/values.md');
    await client.open(uri, VALUES);
    const lenses = await client.request<{ range: Range; command: { title: string; command: string; arguments: unknown[] } }[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(lenses.map((lens) => [lens.range.start.line, lens.command.title, lens.command.command, lens.command.arguments]), [
      [4, 'cited by 4 pages', 'handbook.showCitations', [uri, { line: 4, character: 3 }]],
      [8, 'cited by 1 page', 'handbook.showCitations', [uri, { line: 8, character: 3 }]],
      [12, 'cited by no page', 'handbook.showCitations', [uri, { line: 12, character: 3 }]],
    ]);
    // A new citation elsewhere, unsaved: the client is asked for the lenses again, and they count it.
    const refreshes = client.codeLensRefreshes;
    const citing = client.uri('contents/handbook/citing.md');
    await client.open(citing, 'See [kind](/handbook/company/values#be-kind).');
    await waitFor(async () => client.codeLensRefreshes > refreshes);
    const recounted = await client.request<{ command: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(recounted[2].command.title, 'cited by 1 page');
    await client.change(citing, 'No link now.');
    await waitFor(async () => (await client.request<{ command: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri } }))[2].command.title === 'cited by no page');
    // The lens's command lists the references at the heading: links to the old anchor too.
    const places = await client.request<{ uri: string }[]>('textDocument/references', { textDocument: { uri }, position: { line: 4, character: 3 }, context: { includeDeclaration: false } });
    // The mention linked by the first test's fix cites it now too.
    assert.deepEqual(places.map((place) => path.relative(root, new URL(place.uri).pathname)).sort(), ['contents/handbook/culture.md', 'contents/handbook/hiring.md', 'contents/handbook/mention.md', 'contents/handbook/old.md']);
  });

  test('handbook/values answers each value with its definition, its link from the asking page, and its citations', async () => {
    const answer = await client.request<{ valuesPage: { path: string; bundled: boolean }; values: { name: string; definition: string; link: string; pages: number; citations: { path: string; range: Range }[]; oldCitations: { path: string }[] }[] }>('handbook/values', {
      textDocument: { uri: client.uri('contents/handbook/culture.md') },
    });
    assert.deepEqual(answer.values.map((value) => (value as unknown as { destination: string }).destination), ['/handbook/company/values#step-on-toes', '/handbook/company/values#talent-compounds', '/handbook/company/values#be-kind']);
    assert.deepEqual(answer.valuesPage, { uri: client.uri('contents/handbook/company/values.md'), path: 'handbook/company/values.md', bundled: false });
    assert.deepEqual(
      answer.values.map((value) => [value.name, value.definition, value.link, value.pages, value.citations.map((c) => `${c.path}:${c.range.start.line}`), value.oldCitations.map((c) => c.path)]),
      [
        ['Step on toes', 'Pick the most important thing.', '[Step on toes](/handbook/company/values#step-on-toes)', 4, ['handbook/culture.md:2', 'handbook/hiring.md:2', 'handbook/mention.md:2'], ['handbook/old.md']],
        ['Talent compounds', 'Work with the best.', '[Talent compounds](/handbook/company/values#talent-compounds)', 1, ['handbook/culture.md:2'], []],
        ['Be kind', 'Always.', '[Be kind](/handbook/company/values#be-kind)', 0, [], []],
      ],
    );
  });

  test('renaming a value on the values page, unsaved, re-reads the open pages for mentions and tells the client', async () => {
    const mention = client.uri('contents/handbook/kind.md');
    await client.open(mention, 'Be kind and be generous.');
    assert.deepEqual((await client.forVersion(mention, 1)).diagnostics.map((d) => d.code), ['value.unlinked-mention']);
    let told = 0;
    client.connection.onNotification('handbook/valuesChanged', () => told++);
    const values = client.uri('contents/handbook/company/values.md');
    await client.change(values, VALUES.replace('## Be kind', '## Be generous'));
    // The mention is of the new name now, further along the line.
    await client.diagnostics(mention, (p) => p.diagnostics.length === 1 && p.diagnostics[0].range.start.character === 12);
    await waitFor(async () => told > 0);
  });

  test('a bad aliases setting in the config file is a message naming the file, line and key', async () => {
    const other = tempSite({ ...SITE, '.handbook.json': joinLines('{', '  "values": { "aliases": { "step-on-toes": "Tread" , "x": 3 } }', '}') });
    const second = new LspClient(other);
    try {
      await second.initialize({ handbook: {} });
      await waitFor(async () => second.shown.length > 0);
      assert.match(second.shown[0], /^Handbook: \.handbook\.json:2: "values" must be an object with "aliases"/);
      // The defaults carry on: the values are still there, with no aliases.
      const uri = second.uri('contents/handbook/old.md');
      await second.open(uri, '[x](/handbook/company/values#tread-on-toes)');
      assert.deepEqual((await second.forVersion(uri, 1)).diagnostics.map((d) => d.code), ['link.missing-anchor']);
    } finally {
      await second.stop();
    }
  });
});

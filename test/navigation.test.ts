import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'fs';
import * as path from 'path';
import { LineMap } from '../server/core/text';
import { LspClient } from './lspClient';
import { tempSite } from './fixtures';
import { applyTextEdits, atCursor, joinLines } from './helpers';

interface Position { line: number; character: number }
interface Range { start: Position; end: Position }
interface TextEdit { range: Range; newText: string }

const VALUES = joinLines('---', 'title: Values', '---', '', 'What we value.', '', '## Step on toes', '', 'Pick the important thing.', '', '## Talent compounds', '', 'Work with the best.', '', '### In hiring', '', 'Hire well.');

/** Pages that link to the values in every form the site reads. */
const PAGES = {
  'netlify.toml': joinLines('[[redirects]]', '  from = "/old-values"', '  to = "/handbook/company/values"'),
  'contents/handbook/company/values.md': VALUES,
  'contents/handbook/company/culture.md': joinLines(
    '# Culture',
    '',
    'We [step on toes](/handbook/company/values#step-on-toes) and [compound](https://posthog.com/handbook/company/values#talent-compounds).',
    '',
    'Also [toes again][toes] and [the values](values) and [old toes](/old-values#step-on-toes).',
    '',
    '[toes]: ./values#step-on-toes',
  ),
  'contents/handbook/people/hiring.md': joinLines('# Hiring', '', 'See [talent](../company/values#talent-compounds) and [toes](/handbook/company/values/#step-on-toes).'),
};

const positionIn = (text: string, marker: string, after = 0): Position => new LineMap(text).positionAt(text.indexOf(marker) + after);

describe('navigation over stdio', { concurrency: false }, () => {
  let root: string;
  let client: LspClient;
  const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

  before(async () => {
    root = tempSite(PAGES);
    client = new LspClient(root);
    const { capabilities } = await client.initialize({ handbook: {} });
    assert.deepEqual(
      ['documentLinkProvider', 'definitionProvider', 'referencesProvider', 'documentSymbolProvider', 'workspaceSymbolProvider', 'renameProvider'].filter((name) => !capabilities[name]),
      [],
    );
  });
  after(() => client.stop());

  test('document links open the page at the heading they name, with its title and section', async () => {
    const uri = client.uri('contents/handbook/company/culture.md');
    await client.open(uri, read('contents/handbook/company/culture.md'));
    const links = await client.request<{ range: Range; target: string; tooltip: string }[]>('textDocument/documentLink', { textDocument: { uri } });
    const values = client.uri('contents/handbook/company/values.md');
    assert.deepEqual(
      links.map((link) => [link.range.start.line, link.range.start.character, link.target.replace(values, 'VALUES'), link.tooltip]),
      [
        [2, 18, 'VALUES#L7', 'Values › Step on toes'],
        [2, 72, 'VALUES#L11', 'Values › Talent compounds'],
        [4, 5, 'VALUES#L7', 'Values › Step on toes'],
        [4, 41, 'VALUES#L1', 'Values'],
        [4, 64, 'VALUES#L7', 'Values › Step on toes'],
        [6, 8, 'VALUES#L7', 'Values › Step on toes'],
      ],
    );
  });

  test('go to definition on a link\'s text or target lands on its heading', async () => {
    const uri = client.uri('contents/handbook/company/culture.md');
    const text = read('contents/handbook/company/culture.md');
    for (const position of [positionIn(text, 'step on toes]'), positionIn(text, 'values#step-on-toes', 3), positionIn(text, 'old toes')]) {
      const location = await client.request<{ uri: string; range: Range }>('textDocument/definition', { textDocument: { uri }, position });
      assert.deepEqual(location, { uri: client.uri('contents/handbook/company/values.md'), range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } } });
    }
    assert.equal(await client.request('textDocument/definition', { textDocument: { uri }, position: { line: 0, character: 3 } }), null);
  });

  test('find references from a heading lists every link to its anchor, in every form, and from the title every link to the page', async () => {
    const uri = client.uri('contents/handbook/company/values.md');
    await client.open(uri, VALUES);
    const at = (position: Position, includeDeclaration: boolean) =>
      client.request<{ uri: string; range: Range }[]>('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration } });
    const shown = (locations: { uri: string; range: Range }[]) =>
      locations.map((location) => `${path.relative(root, new URL(location.uri).pathname)}:${location.range.start.line + 1}:${location.range.start.character + 1}`);
    assert.deepEqual(shown(await at(positionIn(VALUES, 'Step on toes'), true)), [
      'contents/handbook/company/values.md:7:4',
      'contents/handbook/company/culture.md:3:4',
      'contents/handbook/company/culture.md:5:6',
      'contents/handbook/company/culture.md:5:54',
      'contents/handbook/company/culture.md:7:1',
      'contents/handbook/people/hiring.md:3:54',
    ]);
    assert.deepEqual(shown(await at(positionIn(VALUES, 'Talent'), false)), ['contents/handbook/company/culture.md:3:62', 'contents/handbook/people/hiring.md:3:5']);
    // From a link: every link to the same heading, this one included.
    const hiring = read('contents/handbook/people/hiring.md');
    await client.open(client.uri('contents/handbook/people/hiring.md'), hiring);
    const fromLink = await client.request<{ uri: string; range: Range }[]>('textDocument/references', {
      textDocument: { uri: client.uri('contents/handbook/people/hiring.md') },
      position: positionIn(hiring, '[talent]', 2),
      context: { includeDeclaration: false },
    });
    assert.deepEqual(shown(fromLink), ['contents/handbook/company/culture.md:3:62', 'contents/handbook/people/hiring.md:3:5']);
    // From the first line: every link to the page, to a section of it or not.
    assert.deepEqual(shown(await at({ line: 0, character: 0 }, false)), [
      'contents/handbook/company/culture.md:3:4',
      'contents/handbook/company/culture.md:3:62',
      'contents/handbook/company/culture.md:5:6',
      'contents/handbook/company/culture.md:5:29',
      'contents/handbook/company/culture.md:5:54',
      'contents/handbook/company/culture.md:7:1',
      'contents/handbook/people/hiring.md:3:5',
      'contents/handbook/people/hiring.md:3:54',
    ]);
  });

  test('the outline is the heading tree, and a workspace search finds values first', async () => {
    const uri = client.uri('contents/handbook/company/values.md');
    const symbols = await client.request<{ name: string; range: Range; selectionRange: Range; children: { name: string }[] }[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(
      symbols.map((symbol) => [symbol.name, symbol.range.start.line, symbol.range.end.line, symbol.selectionRange.start.character, symbol.children.map((child) => child.name)]),
      [
        ['Step on toes', 6, 8, 3, []],
        ['Talent compounds', 10, 16, 3, ['In hiring']],
      ],
    );
    const found = await client.request<{ name: string; kind: number; containerName: string }[]>('workspace/symbol', { query: 'to' });
    assert.deepEqual(found.map((symbol) => [symbol.name, symbol.kind, symbol.containerName ?? null]), [
      ['Step on toes', 14, 'Value · Values'],
      ['Talent compounds', 14, 'Value · Values'],
    ]);
    assert.deepEqual((await client.request<{ name: string }[]>('workspace/symbol', { query: 'hir' })).map((symbol) => symbol.name), ['In hiring', 'Hiring']);
  });

  test('renaming a heading edits it and every link to it, in its own form, unsaved pages included', async () => {
    const culture = client.uri('contents/handbook/company/culture.md');
    // Unsaved: a new link to the heading, not on disk.
    const unsaved = read('contents/handbook/company/culture.md') + '\n\nAnd [once more](#nowhere) [toes](/handbook/company/values#step-on-toes).\n';
    await client.change(culture, unsaved);
    const values = client.uri('contents/handbook/company/values.md');
    const position = positionIn(VALUES, 'on toes');
    const prepared = await client.request<{ range: Range; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri: values }, position });
    assert.deepEqual(prepared, { range: { start: { line: 6, character: 3 }, end: { line: 6, character: 15 } }, placeholder: 'Step on toes' });
    const edit = await client.request<{ changes: Record<string, TextEdit[]> }>('textDocument/rename', { textDocument: { uri: values }, position, newName: 'Step on feet' });
    assert.deepEqual(Object.keys(edit.changes).sort(), [culture, values, client.uri('contents/handbook/people/hiring.md')].sort());
    assert.equal(applyTextEdits(VALUES, edit.changes[values]), VALUES.replace('## Step on toes', '## Step on feet'));
    assert.equal(applyTextEdits(unsaved, edit.changes[culture]), joinLines(
      '# Culture',
      '',
      'We [step on toes](/handbook/company/values#step-on-feet) and [compound](https://posthog.com/handbook/company/values#talent-compounds).',
      '',
      'Also [toes again][toes] and [the values](values) and [old toes](/old-values#step-on-feet).',
      '',
      '[toes]: ./values#step-on-feet',
      '',
      'And [once more](#nowhere) [toes](/handbook/company/values#step-on-feet).',
      '',
    ));
    assert.equal(applyTextEdits(read('contents/handbook/people/hiring.md'), edit.changes[client.uri('contents/handbook/people/hiring.md')]), joinLines('# Hiring', '', 'See [talent](../company/values#talent-compounds) and [toes](/handbook/company/values/#step-on-feet).'));
    // Nothing was written: the edit is the editor's to apply.
    assert.equal(read('contents/handbook/company/values.md'), VALUES);
  });

  test('a rename from the #anchor of a link renames the heading; one that would collide is refused with the reason', async () => {
    const hiring = client.uri('contents/handbook/people/hiring.md');
    const text = read('contents/handbook/people/hiring.md');
    // Open since the references test: its text as on disk.
    await client.change(hiring, text);
    const position = positionIn(text, '#talent-compounds', 3);
    const prepared = await client.request<{ range: Range; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri: hiring }, position });
    assert.deepEqual(prepared.placeholder, 'Talent compounds');
    assert.deepEqual(prepared.range, { start: positionIn(text, 'talent-compounds'), end: positionIn(text, 'talent-compounds', 'talent-compounds'.length) });
    const edit = await client.request<{ changes: Record<string, TextEdit[]> }>('textDocument/rename', { textDocument: { uri: hiring }, position, newName: 'Talent multiplies' });
    assert.equal(applyTextEdits(text, edit.changes[hiring]), text.replace('#talent-compounds', '#talent-multiplies'));
    assert.equal(applyTextEdits(VALUES, edit.changes[client.uri('contents/handbook/company/values.md')]), VALUES.replace('## Talent compounds', '## Talent multiplies'));
    await assert.rejects(
      client.request('textDocument/rename', { textDocument: { uri: hiring }, position, newName: 'Step on toes' }),
      /`#step-on-toes` is already an anchor of handbook\/company\/values.md: links to the two would be confused/,
    );
    const { text: cursorText, offset } = atCursor('# Hiring\n\nNot a link $|$here.');
    await client.change(hiring, cursorText);
    assert.equal(await client.request('textDocument/prepareRename', { textDocument: { uri: hiring }, position: new LineMap(cursorText).positionAt(offset) }), null);
  });
});

describe('moving pages over stdio', { concurrency: false }, () => {
  const MOVING = {
    'netlify.toml': joinLines('[[redirects]]', '  from = "/handbook/older"', '  to = "/handbook/people/pay"'),
    'contents/handbook/company/values.md': joinLines('# Values', '', 'Take [leave](/handbook/people/leave).'),
    'contents/handbook/people/leave.md': joinLines('# Leave', '', '## Eligibility', '', 'See [values](../company/values) and [pay](pay#salary), [here](#eligibility).'),
    'contents/handbook/people/pay.md': joinLines(
      '# Pay',
      '',
      '## Salary',
      '',
      '[leave](leave#eligibility) [abs](/handbook/people/leave/) [full](https://posthog.com/handbook/people/leave) [ref]',
      '',
      '[ref]: <./leave>',
    ),
  };
  let root: string;
  let client: LspClient;
  const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
  const editedBy = (edit: { changes: Record<string, TextEdit[]> }) =>
    Object.fromEntries(Object.entries(edit.changes).map(([uri, edits]) => [path.relative(root, new URL(uri).pathname), applyTextEdits(read(path.relative(root, new URL(uri).pathname)), edits)]));

  before(async () => {
    root = tempSite(MOVING);
    client = new LspClient(root);
    const { capabilities } = await client.initialize({ handbook: { moves: { addRedirects: true } } });
    assert.ok((capabilities.workspace as { fileOperations?: { willRename?: object } }).fileOperations?.willRename);
  });
  after(() => client.stop());

  test('moving a page updates every link to it and its own relative links, and adds a redirect', async () => {
    const edit = await client.request<{ changes: Record<string, TextEdit[]> }>('workspace/willRenameFiles', {
      files: [{ oldUri: client.uri('contents/handbook/people/leave.md'), newUri: client.uri('contents/handbook/people/policies/leave.md') }],
    });
    assert.deepEqual(editedBy(edit), {
      'contents/handbook/company/values.md': joinLines('# Values', '', 'Take [leave](/handbook/people/policies/leave).'),
      'contents/handbook/people/leave.md': joinLines('# Leave', '', '## Eligibility', '', 'See [values](../../company/values) and [pay](../pay#salary), [here](#eligibility).'),
      'contents/handbook/people/pay.md': joinLines(
        '# Pay',
        '',
        '## Salary',
        '',
        '[leave](policies/leave#eligibility) [abs](/handbook/people/policies/leave/) [full](https://posthog.com/handbook/people/policies/leave) [ref]',
        '',
        '[ref]: <policies/leave>',
      ),
      'netlify.toml': joinLines('[[redirects]]', '  from = "/handbook/older"', '  to = "/handbook/people/pay"', '', '[[redirects]]', '  from = "/handbook/people/leave"', '  to = "/handbook/people/policies/leave"', ''),
    });
  });

  test('moving a folder moves the links to every page under it; links between them hold as they are', async () => {
    const edit = await client.request<{ changes: Record<string, TextEdit[]> }>('workspace/willRenameFiles', {
      files: [{ oldUri: client.uri('contents/handbook/people'), newUri: client.uri('contents/handbook/team') }],
    });
    const edited = editedBy(edit);
    assert.deepEqual(Object.keys(edited).sort(), ['contents/handbook/company/values.md', 'contents/handbook/people/pay.md', 'netlify.toml']);
    // The rule that sends /handbook/older to the pay page follows it.
    assert.ok(edited['netlify.toml'].startsWith(joinLines('[[redirects]]', '  from = "/handbook/older"', '  to = "/handbook/team/pay"', '')), edited['netlify.toml']);
    assert.equal(edited['contents/handbook/company/values.md'], joinLines('# Values', '', 'Take [leave](/handbook/team/leave).'));
    assert.equal(edited['contents/handbook/people/pay.md'], read('contents/handbook/people/pay.md').replace('/handbook/people/leave/', '/handbook/team/leave/').replace('posthog.com/handbook/people/leave', 'posthog.com/handbook/team/leave'));
    assert.match(edited['netlify.toml'], /from = "\/handbook\/people\/leave"\n  to = "\/handbook\/team\/leave"\n\n\[\[redirects\]\]\n  from = "\/handbook\/people\/pay"\n  to = "\/handbook\/team\/pay"\n$/);
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, unlinkSync } from 'fs';
import * as path from 'path';
import { LineMap } from '../server/core/text';
import { LspClient, SERVER } from './lspClient';
import { SITE, tempSite, writeFile } from './fixtures';
import { atCursor, joinLines, waitFor } from './helpers';

interface Hover { contents: { kind: string; value: string } }
interface CompletionItem { label: string; detail?: string; textEdit: { newText: string } }
interface CodeAction { title: string; edit: { changes: Record<string, { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]> } }

const positionOf = (fixture: string) => {
  const { text, offset } = atCursor(fixture);
  return { text, position: new LineMap(text).positionAt(offset) };
};

describe('handbook-ls over stdio', { concurrency: false }, () => {
  let root: string;
  let client: LspClient;

  before(async () => {
    assert.ok(existsSync(SERVER), 'run `npm run build` first: dist/server.js is missing');
    root = tempSite(SITE);
    client = new LspClient(root);
    const result = await client.initialize({ handbook: {} });
    assert.deepEqual((result.capabilities.completionProvider as { triggerCharacters: string[] }).triggerCharacters, ['/', '#', '[']);
  });
  after(() => client.stop());

  test('hover on a value link, on its text and on its target, shows the value and its definition', async () => {
    const uri = client.uri('contents/handbook/hover.md');
    const fixture = 'We [step on $|$toes](/handbook/company/values#step-on-toes) daily.';
    const { text, position } = positionOf(fixture);
    await client.open(uri, text);
    for (const character of [position.character, text.indexOf('values#') + 2]) {
      const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character } });
      assert.equal(hover.contents.kind, 'markdown');
      assert.equal(
        hover.contents.value,
        joinLines('**Value: Step on toes**', '', 'Pick the most *important* thing and work on it.', '', '---', 'From `/handbook/company/values#step-on-toes` (handbook/company/values.md)'),
      );
    }
  });

  test('paths complete segment by segment, anchors after #', async () => {
    const uri = client.uri('contents/handbook/complete.md');
    await client.open(uri, '');
    const complete = async (fixture: string) => {
      const { text, position } = positionOf(fixture);
      await client.change(uri, text);
      const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position });
      return items.map((item) => `${item.label}${item.detail ? ` (${item.detail})` : ''}`);
    };
    assert.deepEqual(await complete('[x](/handbook/$|$'), ['company', 'complete', 'hover', 'people']);
    assert.deepEqual(await complete('[x](/handbook/company/$|$'), ['team (Team)', 'values (Values)']);
    assert.deepEqual(await complete('[x](/handbook/company/values#$|$'), ['step-on-toes (Value: Step on toes)', 'talent-compounds (Value: Talent compounds)']);
    assert.deepEqual(await complete('<Link to="/handbook/people/$|$"'), ['benefits (Benefits)']);
    // This client named no command to show completions again, so no item runs one.
    const { text, position } = positionOf('[x](/handbook/$|$');
    await client.change(uri, text);
    const items = await client.request<(CompletionItem & { command?: unknown })[]>('textDocument/completion', { textDocument: { uri }, position });
    assert.deepEqual(items.map((item) => [item.textEdit.newText, item.command]), [['company/', undefined], ['complete', undefined], ['hover', undefined], ['people/', undefined]]);
  });

  test('broken links are underlined with a did-you-mean, and fixing the text clears them', async () => {
    const uri = client.uri('contents/handbook/broken.md');
    const text = joinLines(
      '[a](/handbook/company/valuez) [b](/handbook/company/values#step-on-tos)',
      '[ok](/handbook/company/values#talent-compounds) [slash](/handbook/company/team/) [route](/pricing) [unknown](/signup)',
      '`[code](/handbook/nope)`',
      '```',
      '[fenced](/handbook/nope)',
      '```',
    );
    await client.open(uri, text);
    const first = await client.forVersion(uri, 1);
    assert.deepEqual(
      first.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.character} ${d.code} ${d.message}`),
      [
        '0:4-28 link.missing-page No page at `/handbook/company/valuez`; did you mean `/handbook/company/values`?',
        '0:34-70 link.missing-anchor No heading or anchor `#step-on-tos` in `/handbook/company/values`; did you mean `#step-on-toes`?',
      ],
    );
    const version = await client.change(uri, text.replace('valuez', 'values').replace('step-on-tos', 'step-on-toes'));
    assert.deepEqual((await client.forVersion(uri, version)).diagnostics, []);
  });

  test('a page with thousands of broken links gets 1,000 diagnostics, the last saying how many more there are', async () => {
    const uri = client.uri('contents/handbook/many.md');
    await client.open(uri, Array.from({ length: 2500 }, (_, i) => `[x](/handbook/nope-${i})`).join('\n'));
    const published = await client.forVersion(uri, 1);
    assert.equal(published.diagnostics.length, 1000);
    assert.equal(published.diagnostics[998].range.start.line, 998);
    const last = published.diagnostics[999];
    assert.deepEqual([last.range.start.line, last.code, last.message], [999, 'diagnostics.more', '1501 more problems in this page are not shown here; handbook-check lists them all.']);
  });

  test('a page of more links than an edit can afford has its first 20,000 checked, and says where checking stops', async () => {
    const uri = client.uri('contents/handbook/huge.md');
    const text = Array.from({ length: 25_000 }, (_, i) => (i === 24_000 ? '[x](/handbook/nope-late)' : '[v](/handbook/company/values)')).join('\n');
    await client.open(uri, text);
    const published = await client.forVersion(uri, 1);
    assert.deepEqual(
      published.diagnostics.map((d) => `${d.range.start.line} ${d.code} ${d.message}`),
      ['20000 diagnostics.link-budget This page has 25000 links; the links from here on are not checked as you type. handbook-check checks them all.'],
    );
  });

  test('a redirect file written or changed re-checks the open pages: a link through a rule is a note, not a missing page', async () => {
    const uri = client.uri('contents/handbook/via-redirect.md');
    await client.open(uri, '[old](/handbook/old-values#step-on-toes)');
    assert.deepEqual((await client.forVersion(uri, 1)).diagnostics.map((d) => d.code), ['link.missing-page']);
    writeFile(root, 'netlify.toml', '[[redirects]]\n  from = "/handbook/old-values"\n  to = "/handbook/company/values"\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('netlify.toml'), type: 1 }] });
    const noted = await client.diagnostics(uri, (p) => p.diagnostics[0]?.code === 'link.redirected');
    assert.deepEqual(noted.diagnostics.map((d) => [d.severity, d.message]), [
      [3, '`/handbook/old-values` redirects to `/handbook/company/values#step-on-toes` (/handbook/old-values → /handbook/company/values by netlify.toml:1); link there directly'],
    ]);
    // The rules are checked too, in the file they are written in: a second rule sends nowhere.
    writeFile(root, 'netlify.toml', '[[redirects]]\n  from = "/handbook/old-values"\n  to = "/handbook/company/values"\n\n[[redirects]]\n  from = "/handbook/older"\n  to = "/handbook/gone"\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('netlify.toml'), type: 2 }] });
    const rules = await client.diagnostics(client.uri('netlify.toml'), (p) => p.diagnostics.length > 0);
    assert.deepEqual(rules.diagnostics.map((d) => [d.range, d.severity, d.code, d.message]), [
      [{ start: { line: 4, character: 0 }, end: { line: 6, character: 23 } }, 2, 'redirect.missing-destination', 'This rule sends `/handbook/older` to `/handbook/gone`, but no page serves `/handbook/gone`'],
    ]);
    unlinkSync(path.join(root, 'netlify.toml'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('netlify.toml'), type: 3 }] });
    await client.diagnostics(uri, (p) => p.diagnostics[0]?.code === 'link.missing-page');
    await client.diagnostics(client.uri('netlify.toml'), (p) => p.diagnostics.length === 0);
  });

  test('an image added or removed on disk re-checks the open pages that show it', async () => {
    writeFile(root, 'contents/handbook/images/logo.png', 'png');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('contents/handbook/images/logo.png'), type: 1 }] });
    const uri = client.uri('contents/handbook/shows-image.md');
    await client.open(uri, '![logo](images/logo.png) ![new](images/new.png)');
    const missing = await client.diagnostics(uri, (p) => p.diagnostics.length === 1);
    assert.deepEqual(missing.diagnostics.map((d) => [d.code, d.range.start.character, d.message]), [
      ['link.missing-file', 32, 'No file `handbook/images/new.png` in the content folder; did you mean `images/logo.png`?'],
    ]);
    writeFile(root, 'contents/handbook/images/new.png', 'png');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('contents/handbook/images/new.png'), type: 1 }] });
    await client.diagnostics(uri, (p) => p.diagnostics.length === 0);
    unlinkSync(path.join(root, 'contents/handbook/images/new.png'));
    unlinkSync(path.join(root, 'contents/handbook/images/logo.png'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: client.uri('contents/handbook/images/new.png'), type: 3 }, { uri: client.uri('contents/handbook/images/logo.png'), type: 3 }],
    });
  });

  test('the quick fix edits the target to the suggestion', async () => {
    const uri = client.uri('contents/handbook/fix.md');
    const text = 'See [team](/handbook/company/teem#co-founder-ceo).';
    await client.open(uri, text);
    const published = await client.forVersion(uri, 1);
    assert.equal(published.diagnostics.length, 1);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: published.diagnostics[0].range,
      context: { diagnostics: published.diagnostics },
    });
    assert.equal(actions.length, 1);
    assert.equal(actions[0].title, 'Change to `/handbook/company/team`');
    const [edit] = actions[0].edit.changes[uri];
    const lines = new LineMap(text);
    const fixed = text.slice(0, lines.offsetAt(edit.range.start)) + edit.newText + text.slice(lines.offsetAt(edit.range.end));
    assert.equal(fixed, 'See [team](/handbook/company/team#co-founder-ceo).');
    const version = await client.change(uri, fixed);
    const after = await client.forVersion(uri, version);
    assert.deepEqual(after.diagnostics.map((d) => d.message), ['No heading or anchor `#co-founder-ceo` in `/handbook/company/team`; did you mean `#co-founder--ceo`?']);
  });

  test('renaming a heading in another open page re-checks the pages that link to it', async () => {
    const linking = client.uri('contents/handbook/linking.md');
    await client.open(linking, '[pension](/handbook/people/benefits#pension)');
    assert.deepEqual((await client.forVersion(linking, 1)).diagnostics, []);
    const benefits = client.uri('contents/handbook/people/benefits.mdx');
    await client.open(benefits, SITE['contents/handbook/people/benefits.mdx']);
    await client.change(benefits, SITE['contents/handbook/people/benefits.mdx'].replace('## Pension', '## Retirement'));
    const broken = await client.diagnostics(linking, (p) => p.diagnostics.length === 1);
    assert.match(broken.diagnostics[0].message, /No heading or anchor `#pension` in `\/handbook\/people\/benefits`/);
    await client.change(benefits, SITE['contents/handbook/people/benefits.mdx']);
    await client.diagnostics(linking, (p) => p.diagnostics.length === 0);
  });

  test('renaming a heading in an open MDX snippet re-checks the pages that link to the page rendering it', async () => {
    writeFile(root, 'contents/handbook/deploy.mdx', joinLines("import Steps from './snippets/steps'", '', '# Deploy', '', '<Steps />'));
    writeFile(root, 'contents/handbook/snippets/steps.mdx', '## Install');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: client.uri('contents/handbook/deploy.mdx'), type: 1 }, { uri: client.uri('contents/handbook/snippets/steps.mdx'), type: 1 }],
    });
    const linking = client.uri('contents/handbook/links-deploy.md');
    await client.open(linking, '[install](/handbook/deploy#install)');
    await client.diagnostics(linking, (p) => p.diagnostics.length === 0);
    const snippet = client.uri('contents/handbook/snippets/steps.mdx');
    await client.open(snippet, '## Install');
    await client.change(snippet, '## Installs');
    const broken = await client.diagnostics(linking, (p) => p.diagnostics.length === 1);
    assert.equal(broken.diagnostics[0].message, 'No heading or anchor `#install` in `/handbook/deploy`; did you mean `#installs`?');
    await client.change(snippet, '## Install');
    await client.diagnostics(linking, (p) => p.diagnostics.length === 0);
  });

  test('a page created or deleted on disk re-checks the pages that link to it', async () => {
    const uri = client.uri('contents/handbook/new-link.md');
    await client.open(uri, '[new](/handbook/people/new-page)');
    assert.equal((await client.forVersion(uri, 1)).diagnostics.length, 1);
    const file = writeFile(root, 'contents/handbook/people/new-page.md', '# New page');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('contents/handbook/people/new-page.md'), type: 1 }] });
    await client.diagnostics(uri, (p) => p.diagnostics.length === 0);
    unlinkSync(file);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('contents/handbook/people/new-page.md'), type: 3 }] });
    await client.diagnostics(uri, (p) => p.diagnostics.length === 1);
  });

  test('hover on a link into a page no editor shows gives its section, read from disk as it is now', async () => {
    const uri = client.uri('contents/handbook/section-hover.md');
    const { text, position } = positionOf('Ask [the $|$CEO](/handbook/company/team#co-founder--ceo).');
    await client.open(uri, text);
    const hover = async () => (await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position })).contents.value;
    assert.equal(await hover(), joinLines('**Team**', '', '### Co-founder & CEO', '', 'James.', '', '---', 'From `/handbook/company/team#co-founder--ceo` (handbook/company/team.md)'));
    const team = 'contents/handbook/company/team.md';
    writeFile(root, team, SITE[team].replace('James.', 'James Hawkins.'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri(team), type: 2 }] });
    await waitFor(async () => (await hover()).includes('James Hawkins.'));
    writeFile(root, team, SITE[team]);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri(team), type: 2 }] });
    await waitFor(async () => !(await hover()).includes('Hawkins'));
  });

  test('a bad request is answered, and the server keeps serving', async () => {
    const unknown = await client.request('textDocument/hover', { textDocument: { uri: 'file:///not/open.md' }, position: { line: 0, character: 0 } });
    assert.equal(unknown, null);
    const uri = client.uri('contents/handbook/hover.md');
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 9999, character: -5 } });
    assert.equal(hover, null);
    const still = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 8 } });
    assert.match(still.contents.value, /Value: Step on toes/);
  });
});

describe('handbook-ls for a client that names its command to show completions again', () => {
  test('a completed folder runs it, so the next segment is offered at once', async () => {
    const root = tempSite(SITE);
    const client = new LspClient(root);
    try {
      await client.initialize({ handbook: {}, suggestCommand: 'editor.action.triggerSuggest' });
      const uri = client.uri('contents/handbook/complete.md');
      const { text, position } = positionOf('[x](/handbook/$|$');
      await client.open(uri, text);
      const items = await client.request<(CompletionItem & { command?: { command: string } })[]>('textDocument/completion', { textDocument: { uri }, position });
      assert.deepEqual(items.map((item) => `${item.textEdit.newText} ${item.command?.command ?? '-'}`), [
        'company/ editor.action.triggerSuggest',
        'complete -',
        'people/ editor.action.triggerSuggest',
      ]);
    } finally {
      await client.stop();
    }
  });
});

describe('handbook-ls in a folder with no handbook', () => {
  test('hover on a value link answers from the bundled values, and links into /handbook are not flagged', async () => {
    const root = tempSite({ 'README.md': '# Not a handbook' });
    const client = new LspClient(root);
    try {
      await client.initialize();
      const uri = client.uri('notes.md');
      const { text, position } = positionOf('[talent](/handbook/company/values#talent-$|$compounds) and [x](/handbook/engineering/anything)');
      await client.open(uri, text);
      const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position });
      assert.match(hover.contents.value, /^\*\*Value: Talent compounds\*\*\n\nGetting into PostHog is a huge challenge/);
      assert.match(hover.contents.value, /\(bundled handbook\)$/);
      assert.deepEqual((await client.forVersion(uri, 1)).diagnostics, []);
    } finally {
      await client.stop();
    }
  });
});

describe('settings from every kind of client', () => {
  test('settings a client keeps apart (Neovim\'s `settings`) are pulled at start; an empty push asks again, never resets', async () => {
    const root = tempSite({ ...SITE, 'alt-content/handbook/alt-only.md': '# Only here\n' });
    const client = new LspClient(root);
    client.configuration = { handbook: { contentRoot: 'alt-content' } };
    try {
      await client.initialize({});
      const uri = client.uri('notes.md');
      await client.open(uri, '[alt](/handbook/alt-only)');
      await client.diagnostics(uri, (p) => p.diagnostics.length === 0);
      assert.ok(client.configurationPulls >= 1);
      // eglot sends `{ settings: {} }` on connect, and others `null`: the settings stay.
      for (const settings of [{}, null]) {
        const pulls = client.configurationPulls;
        await client.connection.sendNotification('workspace/didChangeConfiguration', { settings });
        await waitFor(async () => client.configurationPulls > pulls);
      }
      const version = await client.change(uri, '[alt](/handbook/alt-only) ');
      assert.deepEqual((await client.forVersion(uri, version)).diagnostics, []);
      // A push with settings is taken as it is.
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { handbook: { contentRoot: 'contents' } } });
      await client.diagnostics(uri, (p) => p.diagnostics.length === 1);
    } finally {
      await client.stop();
    }
  });
});

test('a folder with no handbook is said so in the editor, with where it looked and how to point it', async () => {
  const root = tempSite({ 'notes.md': '# Notes' });
  const client = new LspClient(root);
  try {
    await client.initialize({ handbook: {} });
    await waitFor(async () => client.shown.length > 0);
    assert.deepEqual(client.shown, [
      `Handbook: no handbook in ${root} (looked for contents/, content/): hovers and checks answer from the bundled values only. Point handbook.contentRoot, or contentRoot in .handbook.json, at the content folder.`,
    ]);
  } finally {
    await client.stop();
  }
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { LineMap } from '../server/core/text';
import { LspClient } from './lspClient';
import { CORPUS, corpusSkip } from './helpers';

const CLI = path.join(__dirname, '..', 'dist', 'cli.js');
const MOVE = path.join(__dirname, '..', 'dist', 'move.js');

interface TextEdit { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }

/**
 * A second opinion on where the corpus's links go, with no Markdown parser: destinations
 * taken by regular expressions (fenced and inline code blanked), resolved by the URL parser
 * against each page's URL on posthog.com.
 */
function corpusLinks(contents: string): { file: string; pageUrl: string; written: string; path: string; hash: string }[] {
  const links = [];
  for (const file of pageFiles(contents)) {
    const pageUrl = urlOf(file);
    const text = readFileSync(path.join(contents, file), 'utf8')
      .replace(/^(```|~~~)[^]*?^\1/gm, (block) => block.replace(/[^\n]/g, ' '))
      .replace(/`[^`\n]*`/g, (code) => code.replace(/./g, ' '));
    for (const match of text.matchAll(/\]\(\s*<?([^\s)>]+)|(?:href|to)=["']([^"']+)["']|^\s*\[[^\]]+\]:\s*<?([^\s>]+)/gm)) {
      const written = match[1] ?? match[2] ?? match[3];
      let url: URL;
      try {
        url = new URL(written, 'https://posthog.com' + pageUrl);
      } catch {
        continue;
      }
      if (url.host !== 'posthog.com' && url.host !== 'www.posthog.com') continue;
      links.push({ file, pageUrl, written, path: decodeURIComponent(url.pathname).replace(/(.)\/$/, '$1'), hash: decodeURIComponent(url.hash.slice(1)) });
    }
  }
  return links;
}

/** Every page file under the content folder, relative to it. */
function pageFiles(contents: string): string[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const full = path.join(folder, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.mdx?$/.test(name)) files.push(path.relative(contents, full).split(path.sep).join('/'));
    }
  };
  walk(contents);
  return files;
}

function urlOf(file: string): string {
  return '/' + file.replace(/\.mdx?$/, '').replace(/(^|\/)index$/, '');
}

/** handbook-check's findings on a site, as `code file:line` (with the value a mention names), with a path renamed where a move put it. */
function findings(root: string, rename: (file: string) => string = (file) => file): string[] {
  const result = spawnSync(process.execPath, [CLI, '--routes', 'routes.txt', '--format', 'json'], { cwd: root, encoding: 'utf8' });
  return (JSON.parse(result.stdout) as { file: string; line: number; code: string; message: string }[])
    .map((f) => `${f.code} ${rename(f.file)}:${f.line}${f.code === 'value.unlinked-mention' ? ' ' + /^"[^"]+"/.exec(f.message)![0] : ''}`)
    .sort();
}

function copyOfCorpus(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'handbook-refactor-'));
  cpSync(CORPUS, root, { recursive: true });
  process.on('exit', () => rmSync(root, { recursive: true, force: true }));
  return root;
}

describe('refactoring the PostHog corpus', { skip: corpusSkip(), concurrency: false }, () => {
  test('renaming three much-linked headings edits exactly the links a second count finds, and nothing new breaks', async () => {
    const root = copyOfCorpus();
    const before = findings(root);
    const client = new LspClient(root);
    try {
      await client.initialize({ handbook: { routesFile: 'routes.txt' } });
      const renames = [
        { file: 'contents/docs/user-guides/sso.mdx', heading: 'SAML', to: 'SAML single sign-on', anchor: 'saml', url: '/docs/user-guides/sso' },
        { file: 'contents/handbook/people/hiring-process/index.md', heading: 'PostHog SuperDay', to: 'The SuperDay', anchor: 'posthog-superday', url: '/handbook/people/hiring-process' },
        { file: 'contents/handbook/company/values.md', heading: 'Step on toes', to: 'Step on some toes', anchor: 'step-on-toes', url: '/handbook/company/values' },
      ];
      const links = corpusLinks(path.join(root, 'contents'));
      for (const rename of renames) {
        const text = readFileSync(path.join(root, rename.file), 'utf8');
        const uri = client.uri(rename.file);
        await client.open(uri, text);
        const at = text.indexOf(`# ${rename.heading}\n`);
        assert.notEqual(at, -1, `${rename.file} has no heading ${rename.heading}`);
        const edit = await client.request<{ changes: Record<string, TextEdit[]> }>('textDocument/rename', {
          textDocument: { uri },
          position: new LineMap(text).positionAt(at + 3),
          newName: rename.to,
        });
        const expected = links.filter((link) => link.path === rename.url && link.hash === rename.anchor).map((link) => link.file).sort();
        const edited = Object.entries(edit.changes)
          .flatMap(([changed, edits]) => edits.filter((e) => e.newText !== rename.to).map(() => path.relative(path.join(root, 'contents'), new URL(changed).pathname)))
          .sort();
        assert.deepEqual(edited, expected, rename.heading);
        for (const [changed, edits] of Object.entries(edit.changes)) {
          const file = new URL(changed).pathname;
          const lines = new LineMap(readFileSync(file, 'utf8'));
          const sorted = [...edits].sort((a, b) => lines.offsetAt(b.range.start) - lines.offsetAt(a.range.start));
          writeFileSync(file, sorted.reduce((result, e) => result.slice(0, lines.offsetAt(e.range.start)) + e.newText + result.slice(lines.offsetAt(e.range.end)), readFileSync(file, 'utf8')));
        }
        await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: Object.keys(edit.changes).map((changed) => ({ uri: changed, type: 2 })) });
        await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      }
    } finally {
      await client.stop();
    }
    // A value renamed has a new name: prose that used the old one no longer names it.
    const stillMentioned = before.filter((finding) => !finding.endsWith(' "Step on toes"'));
    assert.equal(before.length - stillMentioned.length, 6);
    assert.deepEqual(findings(root), stillMentioned);
  });

  test('moving the people folder edits exactly the links a second count finds, and the site checks as before', () => {
    const moved = new Set(pageFiles(path.join(CORPUS, 'contents')).filter((file) => file.startsWith('handbook/people/')).map(urlOf));
    const all = corpusLinks(path.join(CORPUS, 'contents'));
    // A link into the folder needs an edit, unless it is relative and on a page that moves along.
    const expected = all.filter((link) => moved.has(link.path) && !link.written.startsWith('#') && !(moved.has(link.pageUrl) && !/^([a-z]+:|\/)/i.test(link.written)));
    const expectedFiles = [...new Set(expected.map((link) => `contents/${link.file}`))].sort();
    // The rules that send a URL to a moved page, read as lines of netlify.toml.
    const rules = [...readFileSync(path.join(CORPUS, 'netlify.toml'), 'utf8').matchAll(/^\s*to\s*=\s*"([^"#]+)/gm)].filter((match) => moved.has(match[1].replace(/(.)\/$/, '$1')));

    // Tried on the corpus itself: --dry-run writes nothing.
    const dry = spawnSync(process.execPath, [MOVE, 'contents/handbook/people', 'contents/handbook/team', '--dry-run'], { cwd: CORPUS, encoding: 'utf8' });
    assert.equal(dry.status, 0, dry.stderr);
    const diffFiles = [...dry.stdout.matchAll(/^--- a\/(.+)$/gm)].map((match) => match[1]).sort();
    assert.deepEqual(diffFiles, [...expectedFiles, 'netlify.toml'].sort());
    const summary = `(28 pages): ${expected.length} links in ${expectedFiles.length} files; ${rules.length} redirect rules in netlify.toml pointed at the new URLs\n`;
    assert.ok(dry.stdout.endsWith(`Would move contents/handbook/people to contents/handbook/team ${summary}`), dry.stdout.slice(-300));

    const root = copyOfCorpus();
    const before = findings(root, (file) => file.replace('contents/handbook/people/', 'contents/handbook/team/'));
    // The rules retargeted, the links that reached a page through one still reach it.
    const moving = spawnSync(process.execPath, [MOVE, 'contents/handbook/people', 'contents/handbook/team'], { cwd: root, encoding: 'utf8' });
    assert.equal(moving.status, 0, moving.stderr);
    assert.equal(moving.stdout, `Moved contents/handbook/people to contents/handbook/team ${summary}`);
    assert.deepEqual(findings(root), before);
    const refused = spawnSync(process.execPath, [MOVE, 'contents/handbook/team', 'contents/handbook/company'], { cwd: root, encoding: 'utf8' });
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /contents\/handbook\/company already exists: the move would replace it/);
  });
});

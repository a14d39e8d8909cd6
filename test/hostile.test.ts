import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import GithubSlugger from 'github-slugger';
import { checkPage } from '../server/core/diagnostics';
import { parsePage } from '../server/core/page';
import { SiteIndex } from '../server/core/siteIndex';
import { DEFAULT_SITE_SETTINGS } from '../server/core/settings';
import { DiskWorkspace } from '../server/diskWorkspace';
import { LineMap } from '../server/core/text';
import { LspClient } from './lspClient';
import { hostileSite, ranMarker, UNICODE_HEADINGS, writeOversizedPage } from './hostileSite';

const CLI = path.join(__dirname, '..', 'dist', 'cli.js');

/** What every surface must report for the hostile site, as `file:line:column code target`. */
const EXPECTED = [
  'contents/handbook/bom.md:6:5 link.missing-page /handbook/nope-bom',
  'contents/handbook/cr.md:3:9 link.missing-page /handbook/nope-cr',
  'contents/handbook/crlf.md:3:9 link.missing-page /handbook/nope-crlf',
  'contents/handbook/escapes.md:1:41 link.missing-page ..\\..\\..\\secret',
  'contents/handbook/front-matter-coffee.md:1:1 frontmatter.invalid null',
  'contents/handbook/front-matter-javascript.md:1:1 frontmatter.invalid null',
  'contents/handbook/front-matter-javascript.md:5:10 link.missing-page /handbook/nope',
  'contents/handbook/front-matter-js.md:1:1 frontmatter.invalid null',
  'contents/handbook/front-matter-js.md:5:10 link.missing-page /handbook/nope',
  'contents/handbook/front-matter-yaml.md:4:1 frontmatter.invalid null',
  'contents/handbook/invalid-utf8.md:5:5 link.missing-page /handbook/nope-utf8',
  'contents/handbook/links-to-big.md:1:75 link.missing-anchor /handbook/big#section-3000',
  'contents/handbook/long-line.md:1:200005 link.missing-page /handbook/nope-long',
  'contents/handbook/nul.md:1:25 link.missing-page /handbook/nope-nul',
  'contents/handbook/tabs.md:3:17 link.missing-page /handbook/nope-tabs',
  'contents/handbook/unicode-links.md:1:91 link.missing-anchor /handbook/caf%C3%A9#thé',
  'contents/handbook/unresolvable.md:1:52 link.missing-page /handbook/nope-unresolvable',
];

const EXPECTED_NOTICES = [
  /Skipped \S+\/contents\/handbook\/binary\.md: it looks binary/,
  /Skipped \S+\/contents\/handbook\/leak\.md: it links to \S+\/secret\.md, outside the content folder/,
  /Skipped \S+\/contents\/handbook\/dangling\.md: ENOENT/,
  /Skipped \S+\/contents\/handbook\/oversized\.md: \d+ bytes is over the 16777216-byte limit/,
];

let root: string;
before(() => {
  root = hostileSite();
  writeOversizedPage(root);
});

describe('hostile input through the core', () => {
  test('every page parses, and every span lies inside its page', async () => {
    const disk = new DiskWorkspace(path.join(root, 'contents'));
    const paths = await disk.listPages();
    assert.ok(!paths.some((p) => p.includes('node_modules') || p.startsWith('handbook/loop/')), 'walked where it should not');
    for (const page of paths) {
      const text = await disk.readPage(page);
      if (text === undefined) continue;
      const parsed = parsePage(text);
      for (const link of parsed.links) {
        assert.ok(link.span.start >= 0 && link.span.end <= text.length && link.span.start <= link.span.end, `${page}: span out of the page`);
      }
    }
  });

  test('anchors of a 6 MB page with 3,000 repeated headings resolve', async () => {
    const index = new SiteIndex(DEFAULT_SITE_SETTINGS);
    await index.load('workspace', new DiskWorkspace(path.join(root, 'contents')));
    const big = index.page('workspace', 'handbook/big.md')!;
    assert.ok((await index.textOf(big))!.length > 6_000_000);
    assert.equal(big.outline.anchors.size, 3000);
    assert.ok(big.outline.anchors.has('section-299') && big.outline.anchors.has('section-2999'));
    const linking = index.page('workspace', 'handbook/links-to-big.md')!;
    const parsed = parsePage((await index.textOf(linking))!);
    assert.deepEqual(checkPage(index, { parsed, url: linking.url }).map((f) => f.target), ['/handbook/big#section-3000']);
  });

  test('headings with emoji, accents, CJK, RTL and combining marks slug exactly as github-slugger does', async () => {
    const page = parsePage(UNICODE_HEADINGS.map((heading) => `## ${heading}`).join('\n\n'));
    const slugger = new GithubSlugger();
    assert.deepEqual([...page.outline.anchors.keys()], UNICODE_HEADINGS.map((heading) => slugger.slug(heading)));
  });

  test('no link reaches the file outside the content folder', async () => {
    const index = new SiteIndex(DEFAULT_SITE_SETTINGS);
    await index.load('workspace', new DiskWorkspace(path.join(root, 'contents')));
    for (const page of index.pages('workspace')) assert.ok(!(await index.textOf(page))?.includes('TOP SECRET'), `${page.path} holds the secret`);
  });
});

describe('hostile input through handbook-check', () => {
  test('reports what it should, skips what is not a page with a notice, runs nothing', () => {
    const result = spawnSync(process.execPath, [CLI, '--format', 'json'], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 1, result.stderr);
    const findings: { file: string; line: number; column: number; code: string; target: string | null }[] = JSON.parse(result.stdout);
    assert.deepEqual(findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.code} ${f.target}`), EXPECTED);
    for (const notice of EXPECTED_NOTICES) assert.match(result.stderr, notice);
    assert.ok(!existsSync(ranMarker(root)), 'JavaScript front matter ran');
    assert.ok(!result.stdout.includes('TOP SECRET'));
  });
});

describe('hostile input through handbook-ls', () => {
  test('each page gets the same findings as in CI, hovers never show outside files, nothing runs', async () => {
    const client = new LspClient(root);
    try {
      await client.initialize({ handbook: {} });
      const byFile = new Map<string, string[]>();
      for (const line of EXPECTED) {
        const file = line.slice(0, line.indexOf(':'));
        byFile.set(file, [...(byFile.get(file) ?? []), line]);
      }
      const folder = path.join(root, 'contents', 'handbook');
      for (const name of readdirSync(folder).filter((n) => n.endsWith('.md') && !['binary.md', 'leak.md', 'dangling.md', 'oversized.md'].includes(n))) {
        const file = `contents/handbook/${name}`;
        const uri = client.uri(file);
        await client.open(uri, readFileSync(path.join(root, file), 'utf8'));
        const published = await client.forVersion(uri, 1);
        const got = published.diagnostics.map((d) => {
          const data = d as { code?: string; range: { start: { line: number; character: number } } };
          return `${file}:${data.range.start.line + 1}:${data.range.start.character + 1} ${data.code}`;
        });
        const want = (byFile.get(file) ?? []).map((line) => line.split(' ').slice(0, 2).join(' '));
        // The editor's text keeps a BOM the CLI drops, which shifts nothing but the first line.
        assert.deepEqual(got, want, file);
      }
      const escapes = client.uri('contents/handbook/escapes.md');
      const text = readFileSync(path.join(root, 'contents/handbook/escapes.md'), 'utf8');
      const lines = new LineMap(text);
      for (let offset = 0; offset < text.length; offset += 3) {
        const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: escapes }, position: lines.positionAt(offset) });
        assert.ok(!hover || !hover.contents.value.includes('TOP SECRET'), `hover at ${offset} shows the secret`);
      }
      assert.ok(!existsSync(ranMarker(root)), 'JavaScript front matter ran');
    } finally {
      await client.stop();
    }
  });
});

describe('reads that a repository could turn against the tools', () => {
  test('a page swapped for a FIFO, or a device, is skipped at once, and a folder swapped for a symlink out of the site after the listing is not followed', async () => {
    const site = mkdtempSync(path.join(tmpdir(), 'handbook-swap-'));
    const outside = mkdtempSync(path.join(tmpdir(), 'handbook-outside-'));
    try {
      mkdirSync(path.join(site, 'handbook', 'team'), { recursive: true });
      writeFileSync(path.join(site, 'handbook', 'team', 'page.md'), '# Inside');
      writeFileSync(path.join(site, 'handbook', 'ok.md'), '# Ok');
      mkdirSync(path.join(outside, 'team'));
      writeFileSync(path.join(outside, 'team', 'page.md'), '# Secret from outside');
      writeFileSync(path.join(site, 'handbook', 'fifo.md'), '# Soon a FIFO');
      symlinkSync('/dev/zero', path.join(site, 'handbook', 'zero.md'));
      const notices: string[] = [];
      const disk = new DiskWorkspace(site, undefined, (message) => notices.push(message));
      assert.deepEqual(await disk.listPages(), ['handbook/fifo.md', 'handbook/ok.md', 'handbook/team/page.md', 'handbook/zero.md']);
      // As a `git checkout` could, between the listing and the read.
      rmSync(path.join(site, 'handbook', 'fifo.md'));
      assert.equal(spawnSync('mkfifo', [path.join(site, 'handbook', 'fifo.md')]).status, 0);
      rmSync(path.join(site, 'handbook', 'team'), { recursive: true });
      symlinkSync(path.join(outside, 'team'), path.join(site, 'handbook', 'team'));
      assert.equal(await disk.readPage('handbook/fifo.md'), undefined);
      assert.equal(await disk.readPage('handbook/zero.md'), undefined);
      assert.equal(await disk.readPage('handbook/team/page.md'), undefined);
      assert.equal(await disk.readPage('handbook/ok.md'), '# Ok');
      assert.deepEqual(notices.map((notice) => notice.replace(site, 'SITE').replace(outside, 'OUTSIDE')), [
        'Skipped SITE/handbook/fifo.md: not a regular file',
        'Skipped SITE/handbook/zero.md: it links to /dev/zero, outside the content folder',
        'Skipped SITE/handbook/team/page.md: it is OUTSIDE/team/page.md, outside the content folder',
      ]);
    } finally {
      rmSync(site, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('settings a repository carries', () => {
  test('a content root or routes file outside the workspace is refused, with one message naming the setting, and the defaults carry on', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'handbook-parent-'));
    const site = path.join(parent, 'site');
    mkdirSync(path.join(site, 'contents', 'handbook'), { recursive: true });
    writeFileSync(path.join(site, 'contents', 'handbook', 'page.md'), '# Page');
    mkdirSync(path.join(parent, 'private'));
    writeFileSync(path.join(parent, 'private', 'diary.md'), '# Secret diary');
    writeFileSync(path.join(parent, 'routes.txt'), '/secret-route\n');
    const client = new LspClient(site);
    try {
      await client.initialize({ handbook: { contentRoot: '..', routesFile: '../routes.txt' } });
      const uri = client.uri('contents/handbook/new.md');
      await client.open(uri, '[x](/');
      const items = await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 5 } });
      assert.deepEqual(items.map((item) => item.label), ['handbook']);
      assert.deepEqual(client.shown.map((message) => message.replace(site, 'SITE')), [
        'Handbook: handbook.contentRoot ".." is not used: it is outside SITE; the default content folder is used.',
        'Handbook: handbook.routesFile "../routes.txt" is not used: it is outside SITE.',
      ]);
    } finally {
      await client.stop();
      rmSync(parent, { recursive: true, force: true });
    }
  });

  test('a routes file that is /dev/zero or a FIFO is refused at once, by the server and the CLI', async () => {
    const site = mkdtempSync(path.join(tmpdir(), 'handbook-routes-'));
    mkdirSync(path.join(site, 'contents', 'handbook'), { recursive: true });
    writeFileSync(path.join(site, 'contents', 'handbook', 'page.md'), '[v](/handbook/company/values#step-on-toes)');
    symlinkSync('/dev/zero', path.join(site, 'zero.txt'));
    assert.equal(spawnSync('mkfifo', [path.join(site, 'fifo.txt')]).status, 0);
    try {
      const refusals = [
        ['zero.txt', `handbook-check: --routes "zero.txt" is not used: it is outside ${site}`, `Handbook: handbook.routesFile "zero.txt" is not used: it is outside ${site}.`],
        ['fifo.txt', 'handbook-check: cannot read --routes fifo.txt: not a regular file', `Handbook: cannot read the routes file ${path.join(site, 'fifo.txt')}: not a regular file`],
      ];
      for (const [routes, byCli, byServer] of refusals) {
        const result = spawnSync(process.execPath, [CLI, '--routes', routes], { cwd: site, encoding: 'utf8', timeout: 10_000 });
        assert.equal(result.status, 2, result.stderr);
        assert.equal(result.stderr.split('\n')[0], byCli);
        const client = new LspClient(site);
        try {
          await client.initialize({ handbook: { routesFile: routes } });
          const uri = client.uri('contents/handbook/page.md');
          await client.open(uri, '[v](/handbook/company/values#step-on-toes)');
          const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
          assert.match(hover.contents.value, /^\*\*Value: Step on toes\*\*/);
          assert.deepEqual(client.shown, [byServer]);
        } finally {
          await client.stop();
        }
      }
    } finally {
      rmSync(site, { recursive: true, force: true });
    }
  });
});

describe('handbook-check output and arguments a repository could turn against it', () => {
  const brokenSite = () => {
    const site = mkdtempSync(path.join(tmpdir(), 'handbook-cli-'));
    mkdirSync(path.join(site, 'contents', 'handbook'), { recursive: true });
    for (let i = 0; i < 400; i++) writeFileSync(path.join(site, 'contents', 'handbook', `page-${i}.md`), `[x](/handbook/nope-${i})`);
    return site;
  };

  test('into a pipe closed early it ends quietly with the status of its findings; into a full disk, one line and status 2', () => {
    const site = brokenSite();
    try {
      const closed = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" | head -c 10 > /dev/null; echo "\${PIPESTATUS[0]}"`], { cwd: site, encoding: 'utf8', timeout: 20_000 });
      assert.equal(closed.stderr, '');
      assert.equal(closed.stdout.trim(), '1');
      const full = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" > /dev/full`], { cwd: site, encoding: 'utf8', timeout: 20_000 });
      assert.equal(full.status, 2);
      assert.equal(full.stderr, 'handbook-check: cannot write the output: ENOSPC: no space left on device, write\n');
    } finally {
      rmSync(site, { recursive: true, force: true });
    }
  });

  test('a line break in a file name or a link cannot forge a finding line; a named FIFO or device is skipped at once', () => {
    const site = mkdtempSync(path.join(tmpdir(), 'handbook-cli-'));
    try {
      mkdirSync(path.join(site, 'contents', 'handbook'), { recursive: true });
      writeFileSync(path.join(site, 'contents', 'handbook', 'a\nb.md'), '[x](/handbook/nope)\n\n<a href="/handbook/x\ncontents/forged.md:1:1  link.missing-page  forged">y</a>');
      assert.equal(spawnSync('mkfifo', [path.join(site, 'fifo.md')]).status, 0);
      symlinkSync('/dev/zero', path.join(site, 'zero.md'));
      const result = spawnSync(process.execPath, [CLI], { cwd: site, encoding: 'utf8', timeout: 20_000 });
      assert.deepEqual(result.stdout.split('\n'), [
        'contents/handbook/a\\nb.md:1:5  link.missing-page  No page at `/handbook/nope`; did you mean `/handbook/a\\nb`?',
        'contents/handbook/a\\nb.md:3:10  link.missing-page  No page at `/handbook/x\\ncontents/forged.md:1:1  link.missing-page  forged`',
        '2 problems in 1 page (contents, posthog URL rules)',
        '',
      ]);
      const named = spawnSync(process.execPath, [CLI, 'fifo.md', 'zero.md'], { cwd: site, encoding: 'utf8', timeout: 20_000 });
      assert.equal(named.status, 0);
      assert.deepEqual(named.stderr.replaceAll(site, 'SITE').split('\n'), [
        'handbook-check: Skipped SITE/fifo.md: not a regular file',
        'handbook-check: Skipped SITE/zero.md: it links to /dev/zero, outside the site root',
        '',
      ]);
    } finally {
      rmSync(site, { recursive: true, force: true });
    }
  });
});

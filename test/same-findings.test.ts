import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';
import { LspClient } from './lspClient';
import { tempSite } from './fixtures';
import { joinLines } from './helpers';

const CLI = path.join(__dirname, '..', 'dist', 'cli.js');

/** A Gatsby site served with trailing slashes, with redirects and images: every kind of page finding once. */
const GATSBY_SITE = {
  'gatsby-config.js': "module.exports = { trailingSlash: 'always' };",
  'netlify.toml': joinLines('[[redirects]]', '  from = "/old-setup"', '  to = "/sdk/setup"', '', '[[redirects]]', '  from = "/loop-a"', '  to = "/loop-b"', '', '[[redirects]]', '  from = "/loop-b"', '  to = "/loop-a"'),
  'static/img/hero.png': 'png',
  'src/docs/sdk/index.mdx': joinLines(
    '---',
    'title: SDK',
    '---',
    '',
    '[setup](setup/) [setup, relative to the slash](./setup/#install) [gone](gone/) [anchor](setup/#nope)',
    '',
    '[old](/old-setup) [loop](/sdk/loop) ![hero](/img/hero.png) ![missing](/img/hero.jpg) ![beside](diagram.png)',
    '',
    '<Link to="./#about">about</Link> <Link to="./#abuot">typo</Link>',
    '',
    '## About',
  ),
  'src/docs/sdk/setup.mdx': joinLines('# Setup', '', '## Install', '', 'See [the loop](/loop-a).'),
  'src/docs/sdk/diagram.svg': 'svg',
  'src/docs/sdk/broken.mdx': joinLines('---', 'title: [unclosed', '---', '', 'Body.'),
};

test('the text and JSON output and the editor give the same findings, URL rules, redirects and files included', async () => {
  const root = tempSite(GATSBY_SITE);
  const json = spawnSync(process.execPath, [CLI, '--format', 'json'], { cwd: root, encoding: 'utf8' });
  const text = spawnSync(process.execPath, [CLI], { cwd: root, encoding: 'utf8' });
  const fromJson = (JSON.parse(json.stdout) as { file: string; line: number; column: number; code: string; message: string }[])
    .filter((f) => f.file.startsWith('src/'))
    .map((f) => `${f.file}:${f.line}:${f.column} ${f.code} ${f.message}`);
  const fromText = text.stdout
    .trim()
    .split('\n')
    .slice(0, -1)
    .map((line) => line.replace(/^(\S+)  (\S+)  /, '$1 $2 '))
    .filter((line) => line.startsWith('src/'));
  assert.deepEqual(fromJson, [
    'src/docs/sdk/broken.mdx:3:1 frontmatter.invalid Front matter is not valid YAML: unexpected end of the stream within a flow collection (line 3, column 1)',
    'src/docs/sdk/index.mdx:5:73 link.missing-page No page at `/sdk/gone`',
    'src/docs/sdk/index.mdx:5:89 link.missing-anchor No heading or anchor `#nope` in `/sdk/setup`',
    'src/docs/sdk/index.mdx:7:7 link.redirected `/old-setup` redirects to `/sdk/setup` (/old-setup → /sdk/setup by netlify.toml:1); link there directly',
    'src/docs/sdk/index.mdx:7:26 link.missing-page No page at `/sdk/loop`',
    'src/docs/sdk/index.mdx:7:71 link.missing-file No file served at `/img/hero.jpg`; did you mean `/img/hero.png`?',
    'src/docs/sdk/index.mdx:7:96 link.missing-file No file `sdk/diagram.png` in the content folder; did you mean `diagram.svg`?',
    'src/docs/sdk/index.mdx:9:44 link.missing-anchor No heading or anchor `#abuot` in `/sdk`; did you mean `#about`?',
    'src/docs/sdk/setup.mdx:5:16 link.redirect-loop The redirects from `/loop-a` go round in a loop (/loop-a → /loop-b by netlify.toml:5 → /loop-a by netlify.toml:9)',
  ]);
  assert.deepEqual(fromText, fromJson);

  const client = new LspClient(root);
  try {
    await client.initialize({ handbook: {} });
    const fromEditor: string[] = [];
    for (const file of ['src/docs/sdk/broken.mdx', 'src/docs/sdk/index.mdx', 'src/docs/sdk/setup.mdx']) {
      const uri = client.uri(file);
      await client.open(uri, readFileSync(path.join(root, file), 'utf8'));
      const published = await client.forVersion(uri, 1);
      for (const d of published.diagnostics) fromEditor.push(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`);
    }
    assert.deepEqual(fromEditor, fromJson);
    // The redirect rules' own findings, in the file they are written in.
    const rulesFromCli = (JSON.parse(json.stdout) as { file: string; line: number; endLine: number; code: string; message: string }[])
      .filter((f) => f.file === 'netlify.toml')
      .map((f) => `${f.line}-${f.endLine} ${f.code} ${f.message}`);
    assert.deepEqual(rulesFromCli, [
      '5-7 redirect.loop The redirects from `/loop-a` go round in a loop (/loop-a → /loop-b by netlify.toml:5 → /loop-a by netlify.toml:9)',
      '9-11 redirect.loop The redirects from `/loop-b` go round in a loop (/loop-b → /loop-a by netlify.toml:9 → /loop-b by netlify.toml:5)',
    ]);
    const rules = await client.diagnostics(client.uri('netlify.toml'), (p) => p.diagnostics.length > 0);
    assert.deepEqual(rules.diagnostics.map((d) => `${d.range.start.line + 1}-${d.range.end.line + 1} ${d.code} ${d.message}`), rulesFromCli);
  } finally {
    await client.stop();
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { SERVER } from './lspClient';
import { handbookLsOnPath, SITE, tempSite } from './fixtures';
import { joinLines } from './helpers';

const hasNeovim = spawnSync('nvim', ['--version']).status === 0;
const required = process.env.HANDBOOK_REQUIRE_NEOVIM === '1';

/** The README's Neovim setup, as a user would paste it. */
function readmeSnippet(): string {
  const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('Neovim (0.7 and later)'));
  const block = /```lua\n([^]*?)```/.exec(section);
  assert.ok(block, 'the README has no Neovim snippet');
  return block[1];
}

test('the README\'s Neovim setup gets hover, diagnostics and completion on .md and .mdx pages, its settings applied', { skip: !hasNeovim && !required ? 'nvim is not installed (apt-get install neovim)' : false }, () => {
  assert.ok(hasNeovim, 'HANDBOOK_REQUIRE_NEOVIM=1 but nvim is not installed');
  const page = joinLines(
    'We [step on toes](/handbook/company/values#step-on-toes).',
    '',
    'See [team](/handbook/company/teem) and [the shop](/shop).',
    '',
    'More in [x](/handbook/',
  );
  const root = tempSite({ ...SITE, 'contents/handbook/nvim.md': page, 'contents/handbook/nvim.mdx': page });
  // `handbook-ls` on the PATH, as a global install puts it there.
  const bin = handbookLsOnPath(root, SERVER);
  const init = path.join(root, 'init.lua');
  writeFileSync(init, readmeSnippet());
  const out = path.join(root, 'nvim-result.json');
  const result = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${init}`, '-c', `luafile ${path.join(__dirname, 'neovim', 'client.lua')}`], {
    cwd: root,
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, HANDBOOK_ROOT: root, HANDBOOK_OUT: out },
    encoding: 'utf8',
    timeout: 90_000,
  });
  assert.equal(result.status, 0, result.stderr);
  const received = JSON.parse(readFileSync(out, 'utf8'));
  for (const kind of ['md', 'mdx']) {
    const got = received[kind];
    assert.equal(got.filetype, kind === 'md' ? 'markdown' : 'mdx');
    assert.match(got.hover, /^\*\*Value: Step on toes\*\*\n\nPick the most \*important\* thing and work on it\./, kind);
    // `/shop` is missing only because the settings' routes file lists what the site serves: the settings reached the server.
    assert.deepEqual(got.diagnostics, ['3:12 No page at `/handbook/company/teem`; did you mean `/handbook/company/team`?', '3:51 No page at `/shop`'], kind);
    assert.deepEqual(got.completion, ['company', 'nvim', 'people'], kind);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';
import { SERVER } from './lspClient';
import { SITE, tempSite } from './fixtures';
import { joinLines } from './helpers';

const hasNeovim = spawnSync('nvim', ['--version']).status === 0;
const required = process.env.HANDBOOK_REQUIRE_NEOVIM === '1';

test('Neovim\'s built-in client gets the hover and the diagnostic from handbook-ls --stdio', { skip: !hasNeovim && !required ? 'nvim is not installed (apt-get install neovim)' : false }, () => {
  assert.ok(hasNeovim, 'HANDBOOK_REQUIRE_NEOVIM=1 but nvim is not installed');
  const root = tempSite({
    ...SITE,
    'contents/handbook/nvim.md': joinLines('We [step on toes](/handbook/company/values#step-on-toes).', '', 'See [team](/handbook/company/teem).'),
  });
  const out = path.join(root, 'nvim-result.json');
  const result = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${path.join(__dirname, 'neovim', 'client.lua')}`], {
    env: { ...process.env, HANDBOOK_ROOT: root, HANDBOOK_OUT: out, HANDBOOK_NODE: process.execPath, HANDBOOK_SERVER: SERVER },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(result.status, 0, result.stderr);
  const received = JSON.parse(readFileSync(out, 'utf8'));
  assert.match(received.hover, /^\*\*Value: Step on toes\*\*\n\nPick the most \*important\* thing and work on it\./);
  assert.deepEqual(received.diagnostics, ['3:12 No page at `/handbook/company/teem`; did you mean `/handbook/company/team`?']);
});

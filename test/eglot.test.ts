import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { SERVER } from './lspClient';
import { handbookLsOnPath, SITE, tempSite } from './fixtures';
import { joinLines } from './helpers';

const hasEmacs = spawnSync('emacs', ['--batch', '--eval', "(progn (require 'eglot) (require 'markdown-mode))"]).status === 0;
const required = process.env.HANDBOOK_REQUIRE_EMACS === '1';

/** The README's eglot setup, as a user would paste it. */
function readmeSnippet(): string {
  const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const block = /```elisp\n([^]*?)```/.exec(readme.slice(readme.indexOf('Emacs (eglot')));
  assert.ok(block, 'the README has no eglot snippet');
  return block[1];
}

test('the README\'s eglot setup gets hover, diagnostics and completion on .md and .mdx pages, its settings applied', { skip: !hasEmacs && !required ? 'emacs with eglot and markdown-mode is not installed (apt-get install emacs-nox elpa-eglot elpa-markdown-mode)' : false }, () => {
  assert.ok(hasEmacs, 'HANDBOOK_REQUIRE_EMACS=1 but emacs with eglot and markdown-mode is not installed');
  const page = joinLines('We [step on toes](/handbook/company/values#step-on-toes).', '', 'See [team](/handbook/company/teem) and [the shop](/shop).', '', 'More in [x](/handbook/');
  const root = tempSite({ ...SITE, 'contents/handbook/page.md': page, 'contents/handbook/page.mdx': page });
  // eglot's project is the repository: the site root.
  assert.equal(spawnSync('git', ['init', '-q', root]).status, 0);
  const bin = handbookLsOnPath(root, SERVER);
  const init = path.join(root, 'init.el');
  writeFileSync(init, readmeSnippet());
  const out = path.join(root, 'eglot-result.json');
  const result = spawnSync('emacs', ['--batch', '-l', init, '-l', path.join(__dirname, 'emacs', 'driver.el')], {
    cwd: root,
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, HANDBOOK_ROOT: root, HANDBOOK_OUT: out },
    encoding: 'utf8',
    timeout: 90_000,
  });
  assert.equal(result.status, 0, result.stderr);
  const received = JSON.parse(readFileSync(out, 'utf8'));
  for (const kind of ['md', 'mdx']) {
    const got = received[kind];
    assert.equal(got.mode, 'markdown-mode', kind);
    assert.match(got.hover, /^\*\*Value: Step on toes\*\*\n\nPick the most \*important\* thing and work on it\./, kind);
    // `/shop` is missing only because the settings' routes file lists what the site serves: the settings reached the server.
    assert.deepEqual(got.diagnostics, [
      '3:12 handbook [link.missing-page]: No page at `/handbook/company/teem`; did you mean `/handbook/company/team`?',
      '3:51 handbook [link.missing-page]: No page at `/shop`',
    ], kind);
    assert.deepEqual(got.completion, ['company', 'page', 'people'], kind);
  }
});

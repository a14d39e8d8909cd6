import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

/** What each TypeScript file of a folder (not its subfolders) imports, as `file imports module`. */
function importsOf(folder: string): { file: string; module: string }[] {
  const found: { file: string; module: string }[] = [];
  for (const file of readdirSync(path.join(ROOT, folder)).filter((name) => name.endsWith('.ts'))) {
    const source = readFileSync(path.join(ROOT, folder, file), 'utf8');
    // Statements at a line's start, so that an import written in a comment does not count.
    for (const match of source.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s+['"]([^'"]+)['"]|\b(?:require|import)\(\s*['"]([^'"]+)['"]/gm)) {
      found.push({ file: `${folder}/${file}`, module: match[1] ?? match[2] });
    }
  }
  return found;
}

test('the core imports only itself and its parsing libraries: no editor, protocol, disk or process module', () => {
  const allowed = /^(\.\/[\w]+|markdown-it|markdown-it\/lib\/token\.mjs|gray-matter|github-slugger)$/;
  const offenders = importsOf('server/core').filter(({ module }) => !allowed.test(module));
  assert.deepEqual(offenders, []);
});

test('only server/ knows the protocol: the CLI imports no LSP module, and the core none of server/', () => {
  const protocol = /^vscode-(languageserver|languageclient|jsonrpc|uri)/;
  assert.deepEqual(importsOf('cli').filter(({ module }) => protocol.test(module) || module === 'vscode'), []);
  assert.deepEqual(importsOf('server/core').filter(({ module }) => module.startsWith('..')), []);
});

test('the client only starts the server, passes settings and shows what the server answers', () => {
  const imports = [...new Set(importsOf('client').map(({ module }) => module))].sort();
  assert.deepEqual(imports, ['./valuesView', 'path', 'vscode', 'vscode-languageclient/node']);
});

test('the extension runs in Restricted Mode with the path, URL and URL-rule settings from user settings only, and declines virtual workspaces', () => {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const pathAndUrlSettings = Object.keys(manifest.contributes.configuration.properties).filter((key) => key !== 'handbook.diagnostics.severity');
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.deepEqual([...manifest.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(), pathAndUrlSettings.sort());
  assert.equal(manifest.capabilities.virtualWorkspaces.supported, false);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';

const CORE = path.join(__dirname, '..', 'server', 'core');
const FORBIDDEN = /^(vscode|vscode-languageserver|vscode-languageserver\/.*|vscode-languageclient.*|fs|node:fs|fs\/promises|node:fs\/promises|path|node:path|child_process|node:child_process)$/;

test('the core imports no editor, protocol or disk module', () => {
  const offenders: string[] = [];
  for (const file of readdirSync(CORE).filter((name) => name.endsWith('.ts'))) {
    const source = readFileSync(path.join(CORE, file), 'utf8');
    for (const match of source.matchAll(/(?:from\s+|import\s*\(|require\s*\()\s*['"]([^'"]+)['"]/g)) {
      if (FORBIDDEN.test(match[1])) offenders.push(`${file} imports ${match[1]}`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('the client only starts the server and passes settings', () => {
  const source = readFileSync(path.join(__dirname, '..', 'client', 'extension.ts'), 'utf8');
  const imports = [...source.matchAll(/from\s+['"]([^'"]+)['"]/g)].map((match) => match[1]).sort();
  assert.deepEqual(imports, ['path', 'vscode', 'vscode-languageclient/node']);
});

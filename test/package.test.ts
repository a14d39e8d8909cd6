import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { CORPUS, corpusSkip } from './helpers';

const ROOT = path.join(__dirname, '..');

test('npm pack, installed globally, gives handbook-check, handbook-move and handbook-ls, which run', { skip: corpusSkip() }, async () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'handbook-package-'));
  try {
    const packed = spawnSync('npm', ['pack', '--pack-destination', scratch, '--silent'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(packed.status, 0, packed.stderr);
    const tarball = path.join(scratch, packed.stdout.trim().split('\n').pop()!);
    const prefix = path.join(scratch, 'prefix');
    const installed = spawnSync('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', tarball], { encoding: 'utf8' });
    assert.equal(installed.status, 0, installed.stderr);
    // Nothing to warn about, nothing to run: the package is its bundles, with no dependencies.
    assert.doesNotMatch(installed.stderr, /warn/i);
    const bin = (name: string) => path.join(prefix, 'bin', name);
    const version = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    assert.equal(spawnSync(bin('handbook-check'), ['--version'], { encoding: 'utf8' }).stdout, `handbook-check ${version}\n`);
    assert.equal(spawnSync(bin('handbook-move'), ['--version'], { encoding: 'utf8' }).stdout, `handbook-move ${version}\n`);
    const fromInstalled = spawnSync(bin('handbook-check'), ['--routes', 'routes.txt', '--format', 'json'], { cwd: CORPUS, encoding: 'utf8' });
    const fromBuild = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), '--routes', 'routes.txt', '--format', 'json'], { cwd: CORPUS, encoding: 'utf8' });
    assert.equal(fromInstalled.status, 1);
    assert.ok(JSON.parse(fromInstalled.stdout).length > 300);
    assert.equal(fromInstalled.stdout, fromBuild.stdout);

    // The language server answers `initialize` over stdio.
    const server = spawn(bin('handbook-ls'), ['--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    const answer = await new Promise<string>((resolve, reject) => {
      let received = '';
      server.stdout.on('data', (chunk) => {
        received += String(chunk);
        if (received.includes('"serverInfo"')) resolve(received);
      });
      setTimeout(() => reject(new Error(`no answer to initialize: ${received}`)), 10_000);
    });
    server.kill();
    assert.match(answer, new RegExp(`"serverInfo":\\{"name":"handbook-ls","version":"${version.replace(/\./g, '\\.')}"\\}`));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

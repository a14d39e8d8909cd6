/**
 * The same in-editor suite under @vscode/test-electron, for machines that can download
 * VS Code (this one cannot: use test/editor/run.ts, which runs it in code-server).
 */
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { buildSync } from 'esbuild';
import { runTests } from '@vscode/test-electron';
import { editorWorkspace, emptyWorkspace } from './workspaces';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const extensionTestsPath = path.join(root, 'dist-test', 'editor', 'index.js');
  buildSync({ entryPoints: [path.join(__dirname, 'suite', 'index.ts')], bundle: true, platform: 'node', target: 'node20', outfile: extensionTestsPath, external: ['vscode', 'mocha'] });
  const scratch = mkdtempSync(path.join(tmpdir(), 'handbook-electron-'));
  for (const [suite, workspace] of [
    ['handbook', editorWorkspace(path.join(scratch, 'ws-handbook'))],
    ['no-handbook', emptyWorkspace(path.join(scratch, 'ws-empty'))],
  ]) {
    await runTests({
      version: '1.100.3',
      extensionDevelopmentPath: root,
      extensionTestsPath,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: { HANDBOOK_SUITE: suite, HANDBOOK_DEV_PATH: root },
    });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

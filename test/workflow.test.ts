import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import { tmpdir } from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { tempSite } from './fixtures';
import { joinLines } from './helpers';

const ROOT = path.join(__dirname, '..');

interface Step {
  name?: string;
  uses?: string;
  with?: Record<string, unknown>;
  run?: string;
}

interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { 'runs-on': string; steps: Step[] }>;
}

/** The README's workflow, as written there. */
function readmeWorkflow(): Workflow {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const block = /```yaml\n(# \.github\/workflows\/[^\n]+\n[\s\S]*?)```/.exec(readme);
  assert.ok(block, 'the README has no GitHub Actions workflow');
  return parse(block[1]) as Workflow;
}

/**
 * A registry that serves one package, the one `npm pack` made of this project, as the npm
 * registry would: its packument, then its tarball. The workflow installs from it as a runner
 * installs from registry.npmjs.org.
 */
async function registryOf(tarball: string): Promise<{ url: string; server: Server }> {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const bytes = readFileSync(tarball);
  const server = createServer((request, response) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const tarballPath = `/${manifest.name}/-/${manifest.name}-${manifest.version}.tgz`;
    if (request.url === `/${manifest.name}`) {
      const version = {
        name: manifest.name,
        version: manifest.version,
        bin: manifest.bin,
        engines: manifest.engines,
        dist: {
          tarball: base + tarballPath,
          shasum: createHash('sha1').update(bytes).digest('hex'),
          integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
        },
      };
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ name: manifest.name, 'dist-tags': { latest: manifest.version }, versions: { [manifest.version]: version } }));
    } else if (request.url === tarballPath) {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(bytes);
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

/** Runs a shell step as a runner does (`bash -e`), in the checked-out workspace. */
function runStep(script: string, workspace: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd: workspace, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/**
 * The workflow's steps, in order, on a copy of `site`: `actions/checkout` puts the site in
 * the workspace, `actions/setup-node` must ask for this machine's Node major version, and
 * each `run` runs in bash with the environment a runner gives (GITHUB_ACTIONS, CI), npm
 * pointed at the registry. Returns the last step's result.
 */
async function runWorkflow(workflow: Workflow, site: string, registry: string, scratch: string) {
  const [job] = Object.values(workflow.jobs);
  const workspace = mkdtempSync(path.join(scratch, 'workspace-'));
  const env = {
    ...process.env,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    npm_config_registry: registry,
    npm_config_cache: path.join(scratch, 'npm-cache'),
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  };
  let last: { status: number | null; stdout: string; stderr: string } | undefined;
  for (const step of job.steps) {
    if (step.uses?.startsWith('actions/checkout@')) {
      cpSync(site, workspace, { recursive: true });
    } else if (step.uses?.startsWith('actions/setup-node@')) {
      assert.equal(String(step.with?.['node-version']), process.versions.node.split('.')[0], 'the workflow asks for the Node the tools are tested on');
    } else if (step.run !== undefined) {
      last = await runStep(step.run, workspace, env);
      if (last.status !== 0) return last;
    } else {
      assert.fail(`a step this test cannot run: ${JSON.stringify(step)}`);
    }
  }
  assert.ok(last, 'the workflow runs nothing');
  return last;
}

test('the README\'s GitHub Actions workflow checks every pull request: a broken link fails it with an annotation, a fixed one passes', async () => {
  const workflow = readmeWorkflow();
  assert.ok('pull_request' in workflow.on, 'it runs on pull requests');
  const [job] = Object.values(workflow.jobs);
  assert.equal(job['runs-on'], 'ubuntu-latest');

  const scratch = mkdtempSync(path.join(tmpdir(), 'handbook-workflow-'));
  const packed = spawnSync('npm', ['pack', '--pack-destination', scratch, '--silent'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(packed.status, 0, packed.stderr);
  const { url, server } = await registryOf(path.join(scratch, packed.stdout.trim().split('\n').pop()!));
  try {
    const values = joinLines('# Values', '', '## Step on toes', '', 'Pick the most important thing.');
    const broken = tempSite({
      'contents/handbook/company/values.md': values,
      'contents/handbook/culture.md': joinLines('# Culture', '', 'We [step on toes](/handbook/company/values#step-on-tose).'),
    });
    const failed = await runWorkflow(workflow, broken, url, scratch);
    assert.equal(failed.status, 1, failed.stderr);
    assert.equal(
      failed.stdout,
      '::warning file=contents/handbook/culture.md,line=3,col=19,endLine=3,endColumn=56,title=link.missing-anchor::No heading or anchor `#step-on-tose` in `/handbook/company/values`; did you mean `#step-on-toes`?\n',
    );

    const fixed = tempSite({
      'contents/handbook/company/values.md': values,
      'contents/handbook/culture.md': joinLines('# Culture', '', 'We [step on toes](/handbook/company/values#step-on-toes).'),
    });
    const passed = await runWorkflow(workflow, fixed, url, scratch);
    assert.equal(passed.status, 0, passed.stderr);
    assert.equal(passed.stdout, '');
  } finally {
    server.close();
    rmSync(scratch, { recursive: true, force: true });
  }
});

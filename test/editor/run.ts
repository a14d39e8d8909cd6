/**
 * Runs the in-editor suite inside VS Code 1.100.3 (from code-server 4.100.3) in Debian's
 * headless Chromium, driven by playwright-core, then takes the UI screenshots. The same
 * suite runs under @vscode/test-electron where VS Code can be downloaded (test:electron).
 *
 * Usage: npx tsx test/editor/run.ts [--vsix FILE]
 * Without Chromium it says so loudly and exits 0, unless HANDBOOK_REQUIRE_EDITOR=1.
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import * as path from 'path';
import { format } from 'util';
import { buildSync } from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { editorWorkspace, emptyWorkspace } from './workspaces';

const ROOT = path.resolve(__dirname, '..', '..');
const CHROMIUM = process.env.HANDBOOK_CHROMIUM ?? '/usr/bin/chromium';
const CACHE = process.env.HANDBOOK_CODE_SERVER_CACHE ?? path.join(ROOT, '.cache', 'code-server');
const VSCODE = path.join(CACHE, 'node_modules', 'code-server', 'lib', 'vscode');
const CODE_SERVER = path.join(CACHE, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const RESULTS = path.join(ROOT, 'test-results');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const EXTENSION_ID = 'handbook-tools.handbook-language-tools';

async function main(): Promise<number> {
  if (!existsSync(CHROMIUM)) {
    const message = `IN-EDITOR TESTS NOT RUN: no Chromium at ${CHROMIUM}. Install it with \`apt-get install chromium libkrb5-dev ripgrep\` to run them.`;
    console.log(`\n${'!'.repeat(message.length)}\n${message}\n${'!'.repeat(message.length)}\n`);
    return process.env.HANDBOOK_REQUIRE_EDITOR === '1' ? 1 : 0;
  }
  const vsixIndex = process.argv.indexOf('--vsix');
  const vsix = vsixIndex === -1 ? undefined : path.resolve(process.argv[vsixIndex + 1]);
  installCodeServer();
  buildSuite();
  mkdirSync(RESULTS, { recursive: true });
  const scratch = mkdtempSync(path.join(tmpdir(), 'handbook-editor-'));
  try {
    if (vsix) {
      const extensions = path.join(scratch, 'installed-extensions');
      install(vsix, extensions, scratch);
      await runSuite('installed', editorWorkspace(path.join(scratch, 'ws-installed')), scratch, { extensionsDir: extensions, development: false });
      return 0;
    }
    await runSuite('handbook', editorWorkspace(path.join(scratch, 'ws-handbook')), scratch, { development: true });
    await runSuite('no-handbook', emptyWorkspace(path.join(scratch, 'ws-empty')), scratch, { development: true });
    await takeScreenshots(editorWorkspace(path.join(scratch, 'ws-ui')), scratch);
    const packaged = packageVsix();
    const extensions = path.join(scratch, 'installed-extensions');
    install(packaged, extensions, scratch);
    await runSuite('installed', editorWorkspace(path.join(scratch, 'ws-installed')), scratch, { extensionsDir: extensions, development: false });
    return 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function installCodeServer(): void {
  const result = spawnSync('bash', [path.join(__dirname, 'install-code-server.sh'), CACHE], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('installing code-server failed');
}

function buildSuite(): void {
  buildSync({
    entryPoints: [path.join(__dirname, 'suite', 'index.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    outfile: path.join(ROOT, 'dist-test', 'editor', 'index.js'),
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
}

const VSIX_LIMIT = 1.5 * 1024 * 1024;
const VSIX_ALLOWED = /^(extension\.vsixmanifest|\[Content_Types\]\.xml|extension\/(package\.json|readme\.md|LICENSE\.txt|changelog\.md|images\/[\w-]+\.png|schemas\/handbook\.schema\.json|syntaxes\/mdx\.tmLanguage\.json|dist\/(client|server|reader)\.js|content\/.+))$/;

/** Builds the .vsix with `npm run package` and checks it holds only what runs, under 1.5 MB. */
function packageVsix(): string {
  console.log('\n# Packaging the .vsix');
  const result = spawnSync('npm', ['run', 'package'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run package failed:\n${result.stdout}\n${result.stderr}`);
  const vsix = path.join(ROOT, 'handbook-language-tools.vsix');
  const size = statSync(vsix).size;
  const listing = spawnSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).stdout.trim().split('\n');
  const unexpected = listing.filter((entry) => !VSIX_ALLOWED.test(entry));
  console.log(`${path.basename(vsix)}: ${(size / 1024).toFixed(0)} KB, ${listing.length} files`);
  if (size >= VSIX_LIMIT) throw new Error(`the .vsix weighs ${size} bytes, over the 1.5 MB limit`);
  if (unexpected.length > 0) throw new Error(`the .vsix holds files that do not run: ${unexpected.join(', ')}`);
  // The README shown in the editor's extension view: every image it shows is packaged.
  const readmeImages = [...readFileSync(path.join(ROOT, 'README.md'), 'utf8').matchAll(/!\[[^\]]*\]\((images\/[^)]+)\)/g)].map((match) => `extension/${match[1]}`);
  for (const needed of ['extension/dist/client.js', 'extension/dist/server.js', 'extension/content/handbook/company/values.md', ...readmeImages]) {
    if (!listing.includes(needed)) throw new Error(`the .vsix lacks ${needed}`);
  }
  return vsix;
}

/** Installs the .vsix with code-server's own CLI, its state kept in the scratch folder. */
function install(vsix: string, extensionsDir: string, scratch: string): void {
  const state = path.join(scratch, 'code-server-cli');
  const result = spawnSync(
    process.execPath,
    [CODE_SERVER, '--config', path.join(state, 'config.yaml'), '--user-data-dir', path.join(state, 'user'), '--extensions-dir', extensionsDir, '--install-extension', vsix],
    { encoding: 'utf8', env: { ...process.env, XDG_CONFIG_HOME: path.join(state, 'xdg-config'), XDG_DATA_HOME: path.join(state, 'xdg-data') } },
  );
  process.stdout.write(result.stdout);
  const installed = existsSync(extensionsDir) && readdirSync(extensionsDir).some((name) => name.startsWith(`${EXTENSION_ID}-`));
  if (result.status !== 0 || !installed) throw new Error(`installing ${vsix} failed: ${result.stdout}${result.stderr}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

interface RunningServer {
  port: number;
  process: ChildProcess;
  stop(): void;
}

/** Starts the VS Code server inside code-server's package, with all its state in `state`. */
async function startVsCodeServer(state: string, env: NodeJS.ProcessEnv, extensionsDir: string): Promise<RunningServer> {
  const port = await freePort();
  mkdirSync(state, { recursive: true });
  const child = spawn(
    process.execPath,
    [
      path.join(VSCODE, 'out', 'server-main.js'),
      '--host', '127.0.0.1', '--port', String(port),
      '--without-connection-token', '--accept-server-license-terms', '--enable-smoke-test-driver',
      '--server-data-dir', path.join(state, 'server'), '--user-data-dir', path.join(state, 'user'),
      '--extensions-dir', extensionsDir, '--disable-telemetry', '--disable-workspace-trust',
    ],
    { env: { ...process.env, ...env, XDG_CONFIG_HOME: path.join(state, 'xdg-config'), XDG_DATA_HOME: path.join(state, 'xdg-data'), XDG_CACHE_HOME: path.join(state, 'xdg-cache') }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += String(chunk);
      if (/Extension host agent listening on|Server bound to|listening on/i.test(output)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`the VS Code server exited (${code}) before listening:\n${output}`)));
  });
  return { port, process: child, stop: () => child.kill() };
}

async function browser(profile: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, viewport: { width: 1400, height: 900 } });
}

const remote = (port: number, file: string) => `vscode-remote://127.0.0.1:${port}${file}`;

/** Runs the suite in the extension host and resolves when it ends; rejects when a test failed. */
async function runSuite(which: string, workspace: string, scratch: string, options: { development: boolean; extensionsDir?: string }): Promise<void> {
  console.log(`\n# In-editor suite "${which}" in VS Code 1.100.3 (code-server 4.100.3), folder ${workspace}`);
  const state = path.join(scratch, `state-${which}`);
  const extensionsDir = options.extensionsDir ?? path.join(state, 'extensions');
  const report = path.join(RESULTS, `editor-${which}-report.txt`);
  const consoleLog = path.join(RESULTS, `editor-${which}-console.log`);
  rmSync(report, { force: true });
  rmSync(consoleLog, { force: true });
  const server = await startVsCodeServer(state, { HANDBOOK_SUITE: which, HANDBOOK_DEV_PATH: ROOT, HANDBOOK_SUITE_REPORT: report }, extensionsDir);
  const context = await browser(path.join(state, 'chromium'));
  try {
    const page = await context.newPage();
    const exitCode = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      appendFileSync(consoleLog, format(...args) + '\n');
    });
    // VS Code runs extension tests only in extension development mode; to test the installed
    // .vsix, an empty extension stands in as the one under development.
    const developmentPath = options.development ? ROOT : emptyExtension(path.join(scratch, 'empty-extension'));
    const payload: [string, string][] = [
      ['extensionDevelopmentPath', remote(server.port, developmentPath)],
      ['extensionTestsPath', remote(server.port, path.join(ROOT, 'dist-test', 'editor', 'index.js'))],
    ];
    const url = `http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);
    const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(-1), 3 * 60_000).unref());
    const code = await Promise.race([exitCode, timeout]);
    console.log(existsSync(report) ? readFileSync(report, 'utf8') : `(no report; the workbench console is in ${consoleLog})`);
    if (code !== 0) throw new Error(code === -1 ? `suite "${which}" did not finish in 3 minutes` : `suite "${which}" failed (exit code ${code})`);
  } finally {
    await context.close();
    server.stop();
  }
}

function emptyExtension(folder: string): string {
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    path.join(folder, 'package.json'),
    JSON.stringify({ name: 'test-host', publisher: 'handbook-tests', version: '0.0.0', engines: { vscode: '^1.82.0' } }),
  );
  return folder;
}

/** The UI pass: a real hover, completion list, Problems panel, references, Values view and value commands, saved as PNGs. */
async function takeScreenshots(workspace: string, scratch: string): Promise<void> {
  console.log('\n# UI pass: screenshots into test-results/');
  const state = path.join(scratch, 'state-ui');
  const extensionsDir = path.join(state, 'extensions');
  const server = await startVsCodeServer(state, {}, extensionsDir);
  const context = await browser(path.join(state, 'chromium'));
  const page = context.pages()[0] ?? (await context.newPage());
  try {
    const payload = [['extensionDevelopmentPath', remote(server.port, ROOT)]];
    await page.goto(`http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
    await openFile(page, 'links.md');
    const linkText = page.locator('.view-lines .view-line span span', { hasText: /^step[\s\u00a0]on[\s\u00a0]toes$/ }).first();
    await linkText.waitFor({ timeout: 30_000 });
    const hover = page.locator('.monaco-hover:visible', { hasText: 'Value: Step on toes' });
    // The server may still be starting: move away and back until its hover shows.
    for (let attempt = 0; attempt < 20 && !(await hover.isVisible()); attempt++) {
      await page.mouse.move(5, 5);
      await linkText.hover();
      await hover.waitFor({ timeout: 2_000 }).catch(() => undefined);
    }
    await hover.waitFor({ timeout: 5_000 }).catch(async (error) => {
      await page.screenshot({ path: path.join(RESULTS, 'hover-failed.png') });
      throw error;
    });
    // Let the hover finish fading in, so the picture shows it as a person reads it.
    await page.waitForFunction("[...document.querySelectorAll('.monaco-hover')].some((el) => getComputedStyle(el).opacity === '1')");
    await page.screenshot({ path: path.join(RESULTS, 'hover-value.png') });
    await page.mouse.move(5, 5);

    await openFile(page, 'draft.md');
    await page.locator('.view-lines').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nSee [x](/handbook/');
    const suggest = page.locator('.suggest-widget.visible');
    await suggest.waitFor({ timeout: 15_000 }).catch(async () => {
      await page.keyboard.press('Control+Space');
      await suggest.waitFor({ timeout: 15_000 });
    });
    await page.locator('.suggest-widget.visible .monaco-list-row', { hasText: 'company' }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(RESULTS, 'completion.png') });
    await page.keyboard.press('Escape');
    await page.keyboard.type('company/valuez) to fix');

    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'did you mean' }).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(RESULTS, 'problems.png') });
    await page.keyboard.press('Control+Shift+M');

    // Who links to a value: the references view, from its heading.
    await openFile(page, 'values.md');
    await page.locator('.view-lines .view-line', { hasText: 'Step on toes' }).first().click();
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget:visible input').first().fill('>References: Find All References');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Find All References' }).first().click();
    const referencesView = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /references/i }) });
    await referencesView.locator('.monaco-list-row', { hasText: 'links.md' }).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(RESULTS, 'references.png') });

    // The Values view in the Explorer, each value with how many pages cite it.
    await page.keyboard.press('Control+Shift+E');
    const valuesHeader = page.locator('.pane-header', { hasText: /^Values/ }).first();
    await valuesHeader.waitFor({ timeout: 30_000 });
    if ((await valuesHeader.getAttribute('aria-expanded')) !== 'true') await valuesHeader.click();
    const valuesPane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /^Values/ }) });
    await valuesPane.locator('.monaco-list-row', { hasText: 'cited by 1 page' }).first().waitFor({ timeout: 30_000 });
    await valuesPane.locator('.monaco-list-row', { hasText: 'Step on toes' }).first().click();
    await valuesPane.locator('.monaco-list-row', { hasText: 'handbook/links.md:3' }).first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(RESULTS, 'values-view.png') });

    // A mention's hint, and the value shown over it, in the draft still open from before.
    await page.locator('.tab', { hasText: 'draft.md' }).first().click();
    await page.locator('.tab.active', { hasText: 'draft.md' }).waitFor({ timeout: 15_000 });
    await page.locator('.view-lines').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n\nWe step on toes every day.\n');
    const mention = page.locator('.view-lines .view-line span span', { hasText: /step[\s\u00a0]on[\s\u00a0]toes/ }).last();
    await mention.waitFor({ timeout: 15_000 });
    const mentionHover = page.locator('.monaco-hover:visible', { hasText: 'Not linked here' });
    for (let attempt = 0; attempt < 20 && !(await mentionHover.isVisible()); attempt++) {
      await page.mouse.move(5, 5);
      // Over the mention's words, wherever they are in their token: the font is monospace.
      const box = await mention.boundingBox();
      const words = ((await mention.textContent()) ?? '').replace(/\u00a0/g, ' ');
      if (box && words.length > 0) await page.mouse.move(box.x + ((words.indexOf('step on toes') + 6) * box.width) / words.length, box.y + box.height / 2);
      await mentionHover.waitFor({ timeout: 2_000 }).catch(() => undefined);
    }
    await mentionHover.waitFor({ timeout: 5_000 });
    await page.waitForFunction("[...document.querySelectorAll('.monaco-hover')].some((el) => getComputedStyle(el).opacity === '1')");
    await page.screenshot({ path: path.join(RESULTS, 'mention-hover.png') });
    await page.mouse.move(5, 5);
    // The hint's quick fix, from the keyboard as a writer reaches it: it links the words.
    await mention.click();
    await page.keyboard.press('Control+.');
    const linkAction = page.locator('.action-widget .monaco-list-row', { hasText: 'Link to the value Step on toes' }).first();
    await linkAction.waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(RESULTS, 'mention-hint.png') });
    // The only action, selected: Enter takes it (a click lands on the widget's pointer shield).
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      `[...document.querySelectorAll('.view-lines .view-line')].some((line) => line.textContent.replace(/\\u00a0/g, ' ').includes('We [step on toes](/handbook/company/values#step-on-toes) every day.'))`,
      undefined,
      { timeout: 15_000 },
    );

    // "Insert link to a value…" from the command palette, picked by name.
    await page.keyboard.press('Control+End');
    await page.keyboard.type('Hire well: ');
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget:visible input').first().fill('>Handbook: Insert Link to a Value');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Insert Link to a Value' }).first().click();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Work with the best.' }).first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(RESULTS, 'insert-value-link.png') });
    await page.locator('.quick-input-widget:visible input').first().fill('Talent');
    await page.keyboard.press('Enter');
    const inserted = '[Talent compounds](/handbook/company/values#talent-compounds)';
    await page.waitForFunction(
      `[...document.querySelectorAll('.view-lines .view-line')].some((line) => line.textContent.replace(/\\u00a0/g, ' ').includes(${JSON.stringify('Hire well: ' + inserted)}))`,
      undefined,
      { timeout: 15_000 },
    );
    console.log(`Insert link to a value: inserted ${inserted}`);

    // An MDX page is highlighted as Markdown: its heading's tokens are not plain text's.
    await openFile(page, 'benefits.mdx');
    const heading = page.locator('.view-lines .view-line span span', { hasText: 'Benefits' }).first();
    await heading.waitFor({ timeout: 30_000 });
    const headingClass = await heading.getAttribute('class');
    const plainClass = await page.locator('.view-lines .view-line span span', { hasText: 'Money later.' }).first().getAttribute('class');
    if (!headingClass || headingClass === plainClass) throw new Error(`the .mdx heading is not highlighted (${headingClass} against plain ${plainClass})`);
    console.log(`MDX highlighted: heading ${headingClass}, text ${plainClass}`);
    await page.screenshot({ path: path.join(RESULTS, 'mdx.png') });
  } catch (error) {
    await page.screenshot({ path: path.join(RESULTS, 'ui-failed.png') }).catch(() => undefined);
    throw error;
  } finally {
    await context.close();
    server.stop();
  }
}

/**
 * Opens a file through Quick Open. Its file search can be slow the first time, and the
 * welcome page, opening late, can take focus and close Quick Open mid-way: retry it whole.
 */
async function openFile(page: Page, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget:visible input').first();
      await input.waitFor({ timeout: 10_000 });
      await input.fill(name, { timeout: 5_000 });
      await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 15_000 });
      await page.keyboard.press('Enter');
      await page.locator('.tab.active', { hasText: name }).waitFor({ timeout: 15_000 });
      return;
    } catch (error) {
      await page.keyboard.press('Escape');
      if (attempt === 4) throw error;
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);

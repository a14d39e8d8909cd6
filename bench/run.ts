/**
 * `npm run bench`: the project's check against the floor (read every page + one regex) and
 * VS Code's own Markdown service, run in alternation on the PostHog corpus copied ×1, ×5,
 * ×20 and ×50 (a synthetic site where the corpus is absent), then the server's latencies at
 * ×20. Prints Markdown tables. Not part of `npm test`. With `BENCH_BASELINE=<commit>`, that
 * commit's `handbook-check` runs in the same alternation too: before and after, in one run.
 */
import { execFileSync, spawnSync } from 'child_process';
import { existsSync, mkdirSync, symlinkSync } from 'fs';
import * as path from 'path';
import { buildSync } from 'esbuild';
import { scaledCorpus, type ScaledCorpus } from './scaledCorpus';
import { measureServer } from './serverLatency';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, '.cache', 'bench', 'bin');
const SCALES = (process.env.BENCH_SCALES ?? '1,5,20,50').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const VSCODE_MAX_SCALE = Number(process.env.BENCH_VSCODE_MAX_SCALE ?? 20);

function bundle(name: string): string {
  const outfile = path.join(BIN, `${name}.js`);
  buildSync({ entryPoints: [path.join(__dirname, `${name}.ts`)], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile, logLevel: 'error' });
  return outfile;
}

/** `handbook-check` as built at another commit, for a before-and-after in one run. */
function baselineCli(commit: string): string {
  const sha = execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', commit], { encoding: 'utf8' }).trim();
  const tree = path.join(ROOT, '.cache', 'bench', `baseline-${sha}`);
  const outfile = path.join(tree, 'dist', 'cli.js');
  if (existsSync(outfile)) return outfile;
  mkdirSync(tree, { recursive: true });
  execFileSync('sh', ['-c', `git -C "${ROOT}" archive ${sha} | tar -x -C "${tree}"`]);
  if (!existsSync(path.join(tree, 'node_modules'))) symlinkSync(path.join(ROOT, 'node_modules'), path.join(tree, 'node_modules'));
  const entryPoints: Record<string, string> = { cli: path.join(tree, 'cli', 'main.ts') };
  // Builds that read pages in a thread of their own load it from beside the CLI.
  if (existsSync(path.join(tree, 'server', 'readerThread.ts'))) entryPoints.reader = path.join(tree, 'server', 'readerThread.ts');
  buildSync({ entryPoints, bundle: true, platform: 'node', target: 'node20', outdir: path.join(tree, 'dist'), logLevel: 'error' });
  return outfile;
}

/** Wall time of one command, as a person running it in CI would see it. */
function wallMs(args: string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0 && result.status !== 1) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  return ms;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const seconds = (ms: number) => (ms / 1000).toFixed(2);

async function main(): Promise<void> {
  const floor = bundle('floor');
  const vscode = bundle('vscodeService');
  const cli = path.join(ROOT, 'dist', 'cli.js');
  const baseline = process.env.BENCH_BASELINE ? baselineCli(process.env.BENCH_BASELINE) : undefined;
  const rows: string[] = [];
  let x20: ScaledCorpus | undefined;
  for (const scale of SCALES) {
    const corpus = scaledCorpus(scale);
    if (scale === 20) x20 = corpus;
    const times = { floor: [] as number[], check: [] as number[], vscode: [] as number[], baseline: [] as number[] };
    const rounds = scale === 20 ? ROUNDS : Math.max(1, Math.min(ROUNDS, 3));
    for (let round = 0; round < rounds; round++) {
      times.floor.push(wallMs([floor, corpus.root]));
      times.check.push(wallMs([cli, '--root', corpus.root, '--routes', corpus.routes, '--format', 'json']));
      if (baseline) times.baseline.push(wallMs([baseline, '--root', corpus.root, '--routes', corpus.routes, '--format', 'json']));
      if (scale <= VSCODE_MAX_SCALE && (scale !== 20 || round < 3)) times.vscode.push(wallMs([vscode, corpus.root]));
    }
    const f = median(times.floor);
    const c = median(times.check);
    const v = times.vscode.length > 0 ? median(times.vscode) : undefined;
    const b = baseline ? ` ${seconds(median(times.baseline))} s |` : '';
    rows.push(
      `| ×${scale} | ${corpus.pages} | ${(corpus.bytes / 1e6).toFixed(1)} MB | ${seconds(f)} s |${b} ${seconds(c)} s | ${v === undefined ? '—' : `${seconds(v)} s`} | ${(c / f).toFixed(1)}× | ${v === undefined ? '—' : `${(v / c).toFixed(1)}×`} |`,
    );
    console.error(`×${scale} done: floor ${seconds(f)} s,${b && ` before${b.slice(0, -2)},`} check ${seconds(c)} s, VS Code ${v === undefined ? '—' : seconds(v) + ' s'}`);
  }
  const before = baseline ? ` before (${process.env.BENCH_BASELINE}) |` : '';
  console.log(`\n| scale | pages | size | floor |${before} handbook-check | VS Code service | check ÷ floor | VS Code ÷ check |`);
  console.log(`|---|---|---|---|${baseline ? '---|' : ''}---|---|---|---|`);
  for (const row of rows) console.log(row);

  const site = x20 ?? scaledCorpus(20);
  const figures = await measureServer(site.root, site.routes, Number(process.env.BENCH_SAMPLES ?? 300));
  console.log(`\nServer on ×20 (${site.pages} pages):\n`);
  console.log('| measure | p50 | p99 | max |');
  console.log('|---|---|---|---|');
  const measures = [
    ['hover', figures.hover],
    ['completion', figures.completion],
    ['diagnostics after an edit', figures.diagnostics],
    ['definition', figures.definition],
    ['document links', figures.documentLinks],
    ['workspace symbols', figures.workspaceSymbols],
    [`references (${figures.referenceCount} links)`, figures.references],
    [`rename a heading (${figures.renameEdits} edits)`, figures.rename],
  ] as const;
  for (const [name, values] of measures) {
    console.log(`| ${name} | ${percentile(values, 50).toFixed(1)} ms | ${percentile(values, 99).toFixed(1)} ms | ${Math.max(...values).toFixed(1)} ms |`);
  }
  console.log(`\n- start to first hover answered: median ${median(figures.firstHoverMs).toFixed(0)} ms of ${figures.firstHoverMs.length} starts (${figures.firstHoverMs.map((ms) => ms.toFixed(0)).join(', ')} ms)`);
  console.log(`- heading renamed in a page 1,000 pages link to → its 20 open linkers re-checked: ${figures.renameRecheckMs.toFixed(0)} ms`);
  console.log(`- server peak RSS: ${figures.peakRssMb.toFixed(0)} MB`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

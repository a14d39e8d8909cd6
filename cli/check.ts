import { existsSync, statSync } from 'fs';
import { availableParallelism } from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { RouteList } from '../server/core/siteIndex';
import { DEFAULT_CONFIG } from '../server/config';
import { DiskWorkspace } from '../server/diskWorkspace';
import { findContentRoot, readRoutesFile } from '../server/siteFiles';
import { PageReader } from '../server/pageReader';
import { Shard, type PageOutlines, type ReportedFinding, type ShardPlan, type ToMain, type ToWorker } from './shard';

export type { ReportedFinding } from './shard';

const USAGE = `Usage: handbook-check [options] [paths...]

Checks the links of every page under the content folder (contents/ or content/), or only
the files and folders given, and reports missing pages and missing headings.

Options:
  --root DIR           the site root, which holds the content folder (default: .)
  --content-root DIR   the content folder, when it is not contents/ or content/
  --routes FILE        paths the site serves without a Markdown page, one a line
  --site-url URL       the site's own origin (default: ${DEFAULT_CONFIG.siteUrl})
  --format text|json   text for people (default), json for tools
  --jobs N             threads to read and check with (default: one per core but one,
                       up to 4, for sites of 1,000 pages or more; else 1)
  --help               this text

Exit status: 0 clean, 1 broken links or unreadable front matter, 2 bad usage.`;

interface Options {
  root: string;
  contentRoot?: string;
  routes?: string;
  siteUrl: string;
  format: 'text' | 'json';
  jobs?: number;
  paths: string[];
}

class UsageError extends Error {}

function parseArguments(argv: string[]): Options | 'help' {
  const options: Options = { root: '.', siteUrl: DEFAULT_CONFIG.siteUrl, format: 'text', paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${argument} needs a value`);
      return next;
    };
    switch (argument) {
      case '--help':
      case '-h':
        return 'help';
      case '--root':
        options.root = value();
        break;
      case '--content-root':
        options.contentRoot = value();
        break;
      case '--routes':
        options.routes = value();
        break;
      case '--site-url':
        options.siteUrl = value();
        break;
      case '--format': {
        const format = value();
        if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
        options.format = format;
        break;
      }
      case '--jobs': {
        const jobs = value();
        if (!/^[1-9]\d*$/.test(jobs)) throw new UsageError(`--jobs must be a whole number of threads, 1 or more, not "${jobs}"`);
        options.jobs = Number(jobs);
        break;
      }
      default:
        if (argument.startsWith('-')) throw new UsageError(`unknown option ${argument}`);
        options.paths.push(argument);
    }
  }
  return options;
}

/** Runs the check and returns the exit status; output goes to the given streams. */
export async function runCheck(argv: string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  let options: Options | 'help';
  try {
    options = parseArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`handbook-check: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    out(USAGE + '\n');
    return 0;
  }

  const root = path.resolve(options.root);
  if (!isFolder(root)) return usage(err, `--root ${options.root} is not a folder`);
  const contentRoot = findContentRoot(root, options.contentRoot);
  if (options.contentRoot && (!contentRoot || !isFolder(contentRoot))) {
    return usage(err, `--content-root ${options.contentRoot} is not a folder`);
  }
  let routes: RouteList = { paths: [], complete: false };
  if (options.routes) {
    try {
      routes = { paths: readRoutesFile(path.resolve(options.routes)), complete: true };
    } catch (error) {
      return usage(err, `cannot read --routes ${options.routes}: ${(error as Error).message}`);
    }
  }
  const requested = options.paths.map((given) => path.resolve(given));
  const absent = options.paths.find((_, i) => !existsSync(requested[i]));
  if (absent !== undefined) return usage(err, `no such file or folder: ${absent}`);

  return checkSite({ options, root, contentRoot, routes, requested }, out, err);
}

/** A check the command line asked for, its options read and its paths found. */
interface CheckRequest {
  options: Options;
  root: string;
  contentRoot: string | undefined;
  routes: RouteList;
  /** Files and folders to check, absolute; all pages when empty. */
  requested: string[];
}

async function checkSite(request: CheckRequest, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const { options, root, contentRoot, routes, requested } = request;
  const notices: string[] = [];
  const disk = contentRoot ? new DiskWorkspace(contentRoot, undefined, (message) => notices.push(message)) : undefined;
  // Started before the listing, so that the thread is ready when the pages are known.
  const reader = disk ? new PageReader() : undefined;
  try {
    const pagePaths = disk ? await disk.listPages() : [];

    // Files the user named: pages of the site are checked in their shard, others on their own.
    let files: { absolute: string; pagePath?: string }[] | undefined;
    if (requested.length > 0) {
      const known = new Set(pagePaths);
      files = (await expand(requested)).map((absolute) => {
        const pagePath = disk?.relativePath(absolute);
        return { absolute, pagePath: pagePath !== undefined && known.has(pagePath) ? pagePath : undefined };
      });
    }
    const plan: ShardPlan = {
      root,
      contentRoot: contentRoot ?? root,
      pagePaths,
      checkPaths: files?.flatMap((file) => (file.pagePath === undefined ? [] : [file.pagePath])),
      symlinkedPaths: pagePaths.filter((pagePath) => !disk?.isListedPlainFile(pagePath)),
      routes: [...routes.paths],
      routesComplete: routes.complete,
      siteUrl: options.siteUrl,
    };
    const { local, findingsByPage } = await checkInShards(plan, options.jobs ?? automaticJobs(pagePaths.length), reader);

    const reported: ReportedFinding[] = [];
    let checked = 0;
    if (!files) {
      for (const pagePath of [...findingsByPage.keys()].sort((a, b) => a.localeCompare(b))) {
        checked++;
        reported.push(...findingsByPage.get(pagePath)!);
      }
    } else {
      for (const file of files) {
        const findings = file.pagePath !== undefined ? findingsByPage.get(file.pagePath) : await local.checkFile(file.absolute);
        if (!findings) continue;
        checked++;
        reported.push(...findings);
      }
    }

    // Shards read in their own order; sorted, the notices read the same every run.
    for (const message of [...new Set([...notices, ...local.notices])].sort()) err(`handbook-check: ${message}\n`);
    if (options.format === 'json') {
      out(JSON.stringify(reported, null, 2) + '\n');
    } else {
      for (const item of reported) out(`${item.file}:${item.line}:${item.column}  ${item.code}  ${item.message}\n`);
      const where = contentRoot ? path.relative(process.cwd(), contentRoot) || '.' : 'no content folder';
      out(`${reported.length === 0 ? 'No problems' : `${reported.length} problem${reported.length === 1 ? '' : 's'}`} in ${checked} page${checked === 1 ? '' : 's'} (${where})\n`);
    }
    return reported.length > 0 ? 1 : 0;
  } finally {
    reader?.stop();
  }
}

/**
 * A thread per core but one, up to 4, and one for small sites, where starting another costs
 * more than it saves. The spare core is V8's: its garbage collector and optimizing compiler
 * run beside the main thread, and on 2 cores a second checking thread only slowed them
 * (×20 corpus: 2.4–3.1 s with one thread, 2.6–3.0 s with two, and 1.5× the CPU).
 */
function automaticJobs(pages: number): number {
  return Math.max(1, Math.min(availableParallelism() - 1, 4, Math.floor(pages / 1000)));
}

/**
 * Reads, parses and checks the site's pages in `jobs` shards: this thread takes one, a
 * worker each of the others. A shard parses its pages and sends their outlines (anchors,
 * imports, title); once every shard has the others' outlines, each checks its own pages.
 * Texts never cross threads; only outlines and findings do.
 */
async function checkInShards(plan: ShardPlan, jobs: number, reader?: PageReader): Promise<{ local: Shard; findingsByPage: Map<string, ReportedFinding[]> }> {
  const shardPaths: string[][] = Array.from({ length: Math.max(1, Math.min(jobs, plan.pagePaths.length)) }, () => []);
  plan.pagePaths.forEach((pagePath, i) => shardPaths[i % shardPaths.length].push(pagePath));
  const checkPaths = plan.checkPaths && new Set(plan.checkPaths);
  const symlinkedPaths = new Set(plan.symlinkedPaths);
  const planFor = (pagePaths: string[]): ShardPlan => ({
    ...plan,
    pagePaths,
    checkPaths: checkPaths && pagePaths.filter((pagePath) => checkPaths.has(pagePath)),
    symlinkedPaths: pagePaths.filter((pagePath) => symlinkedPaths.has(pagePath)),
  });

  const workers = shardPaths.slice(1).map((pagePaths) => new ShardWorker(planFor(pagePaths)));
  try {
    const local = new Shard(planFor(shardPaths[0]), reader);
    const [localOutlines, ...workerOutlines] = await Promise.all([local.load(), ...workers.map((worker) => worker.outlines)]);
    workers.forEach((worker, i) => worker.send([...localOutlines, ...workerOutlines.filter((_, j) => j !== i).flat()]));
    local.addOutlines(workerOutlines.flat());
    const findingsByPage = new Map(local.check());
    for (const result of await Promise.all(workers.map((worker) => worker.findings))) {
      for (const [pagePath, findings] of result.findings) findingsByPage.set(pagePath, findings);
      local.notices.push(...result.notices);
    }
    return { local, findingsByPage };
  } finally {
    for (const worker of workers) void worker.stop();
  }
}

/** A shard in a worker thread running this same script (see main.ts). */
class ShardWorker {
  readonly outlines: Promise<PageOutlines>;
  readonly findings: Promise<{ findings: [string, ReportedFinding[]][]; notices: string[] }>;
  private readonly worker: Worker;

  constructor(plan: ShardPlan) {
    this.worker = new Worker(__filename, { workerData: plan });
    let resolveOutlines!: (outlines: PageOutlines) => void;
    let resolveFindings!: (result: { findings: [string, ReportedFinding[]][]; notices: string[] }) => void;
    let reject!: (error: Error) => void;
    const failed = new Promise<never>((_, rejectFailed) => (reject = rejectFailed));
    this.outlines = Promise.race([new Promise<PageOutlines>((resolve) => (resolveOutlines = resolve)), failed]);
    this.findings = Promise.race([new Promise<{ findings: [string, ReportedFinding[]][]; notices: string[] }>((resolve) => (resolveFindings = resolve)), failed]);
    // Whichever promise nobody awaits yet must not count as an unhandled rejection.
    this.outlines.catch(() => undefined);
    this.findings.catch(() => undefined);
    this.worker.on('message', (message: ToMain) => {
      if (message.kind === 'outlines') resolveOutlines(message.outlines);
      else if (message.kind === 'findings') resolveFindings(message);
      else reject(new Error(`a checking thread failed: ${message.error}`));
    });
    this.worker.on('error', (error) => reject(error));
    this.worker.on('exit', (code) => reject(new Error(`a checking thread stopped early (exit code ${code})`)));
  }

  send(outlines: PageOutlines): void {
    const message: ToWorker = { kind: 'others', outlines };
    this.worker.postMessage(message);
  }

  stop(): Promise<number> {
    return this.worker.terminate();
  }
}

/** The Markdown files the given paths name, folders walked. */
async function expand(paths: string[]): Promise<string[]> {
  const files = new Set<string>();
  for (const given of paths) {
    if (isFolder(given)) {
      for (const page of await new DiskWorkspace(given).listPages()) files.add(path.join(given, ...page.split('/')));
    } else {
      files.add(given);
    }
  }
  return [...files].sort();
}

function usage(err: (text: string) => void, message: string): number {
  err(`handbook-check: ${message}\nRun handbook-check --help for usage.\n`);
  return 2;
}

function isFolder(candidate: string): boolean {
  try {
    return statSync(candidate).isDirectory();
  } catch {
    return false;
  }
}

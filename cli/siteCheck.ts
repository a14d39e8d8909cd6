import { promises as fs } from 'fs';
import * as path from 'path';
import { parentPort, workerData } from 'worker_threads';
import { checkPage, type Finding } from '../server/core/diagnostics';
import { parsePage, type PageOutline } from '../server/core/page';
import { SiteIndex, sourceOfPage, type PageSource } from '../server/core/siteIndex';
import { DEFAULT_CONFIG } from '../server/config';
import { decodePage, DiskWorkspace } from '../server/diskWorkspace';
import { describeFinding } from '../server/messages';
import { BUNDLED_CONTENT, bundledRoutes } from '../server/siteFiles';
import type { PageReader } from '../server/pageReader';

/** One finding as CI tools read it: 1-based lines and columns, file relative to the site root. */
export interface ReportedFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning';
  code: string;
  message: string;
  target: string | null;
}

/** One thread's share of a check: which pages it reads and checks, and how the site is set up. */
export interface ShardPlan {
  /** The site root: reported file names are relative to it. */
  root: string;
  contentRoot: string;
  /** This shard's pages, relative to the content root. */
  pagePaths: string[];
  /** Of those, the ones to check; all of them when absent. */
  checkPaths?: string[];
  /** Of those, the ones the listing found to be symlinks, which are read with more care. */
  symlinkedPaths: string[];
  routes: string[];
  routesComplete: boolean;
  siteUrl: string;
}

export type PageOutlines = [string, PageOutline][];

/**
 * The pages of one shard, parsed, in an index that learns every other page of the site by
 * its outline, so that its own pages' links are checked against the whole site.
 */
export class Shard {
  readonly notices: string[] = [];
  readonly index: SiteIndex;
  private readonly disk: DiskWorkspace;

  /**
   * @param reader a reader thread to read the shard's pages ahead of the parser; without one,
   *   they are read in this thread
   */
  constructor(
    private readonly plan: ShardPlan,
    private readonly reader?: PageReader,
  ) {
    this.index = new SiteIndex({ siteUrl: plan.siteUrl, valuesPages: DEFAULT_CONFIG.valuesPages }, false);
    this.disk = new DiskWorkspace(plan.contentRoot, undefined, (message) => this.notices.push(message));
    const symlinked = new Set(plan.symlinkedPaths);
    this.disk.trustListing(plan.pagePaths.filter((pagePath) => !symlinked.has(pagePath)));
  }

  /** Reads and parses the shard's pages (and the bundled handbook); returns their outlines. */
  async load(): Promise<PageOutlines> {
    const notice = (message: string) => this.notices.push(message);
    const pagePaths = this.plan.pagePaths;
    // Asked first, so the reader reads the first pages while the bundled handbook loads.
    this.reader?.readAhead(this.disk, pagePaths, notice);
    const own = this.reader ?? { listPages: async () => pagePaths, readPage: (page: string) => this.disk.readPage(page) };
    try {
      await this.index.load('bundled', new DiskWorkspace(BUNDLED_CONTENT, undefined, notice), { paths: bundledRoutes(), complete: false });
      await this.index.load('workspace', own, { paths: this.plan.routes, complete: this.plan.routesComplete }, undefined, 'links');
    } finally {
      this.reader?.stop();
    }
    return this.index.outlines('workspace');
  }

  /** Learns the pages other shards parsed. */
  addOutlines(outlines: PageOutlines): void {
    for (const [pagePath, outline] of outlines) this.index.setOutline('workspace', pagePath, outline);
  }

  /** Checks the shard's pages that are to be checked: their findings, by page path. */
  check(): [string, ReportedFinding[]][] {
    const results: [string, ReportedFinding[]][] = [];
    for (const pagePath of this.plan.checkPaths ?? this.plan.pagePaths) {
      const page = this.index.page('workspace', pagePath);
      if (page) results.push([pagePath, this.report(() => this.disk.absolutePath(pagePath), sourceOfPage(page))]);
    }
    return results;
  }

  /** Checks a file outside the content folder against the site. */
  async checkFile(absoluteFile: string): Promise<ReportedFinding[] | undefined> {
    const text = decodePage(await fs.readFile(absoluteFile), absoluteFile, (message) => this.notices.push(message));
    return text === undefined ? undefined : this.report(() => absoluteFile, { parsed: parsePage(text) });
  }

  /** The page's findings as reported; its file's name is worked out only for a page that has some. */
  private report(absoluteFile: () => string, source: PageSource): ReportedFinding[] {
    const findings = checkPage(this.index, source);
    if (findings.length === 0) return [];
    const file = path.relative(this.plan.root, absoluteFile());
    return findings.map((finding) => toReported(finding, source, file));
  }
}

function toReported(finding: Finding, source: PageSource, file: string): ReportedFinding {
  const range = source.parsed.lines.rangeOf(finding.span);
  return {
    file: file.split(path.sep).join('/'),
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
    severity: finding.code === 'frontmatter.invalid' ? 'error' : 'warning',
    code: finding.code,
    message: describeFinding(finding),
    target: finding.target ?? null,
  };
}

/** What a shard worker and the main thread say to each other, in order. */
export type ToMain =
  | { kind: 'outlines'; outlines: PageOutlines }
  | { kind: 'findings'; findings: [string, ReportedFinding[]][]; notices: string[] }
  | { kind: 'failed'; error: string };
export type ToWorker = { kind: 'others'; outlines: PageOutlines };

/** The body of a shard worker: load, send outlines, receive the others', check, send findings. */
export function runShardWorker(): void {
  const port = parentPort!;
  const shard = new Shard(workerData as ShardPlan);
  const send = (message: ToMain) => port.postMessage(message);
  const fail = (error: unknown) => send({ kind: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  port.once('message', (message: ToWorker) => {
    try {
      shard.addOutlines(message.outlines);
      send({ kind: 'findings', findings: shard.check(), notices: shard.notices });
    } catch (error) {
      fail(error);
    }
    port.close();
  });
  shard.load().then((outlines) => send({ kind: 'outlines', outlines }), fail);
}

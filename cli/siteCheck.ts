import { promises as fs } from 'fs';
import * as path from 'path';
import { checkPage, type Finding } from '../server/core/diagnostics';
import { parsePage } from '../server/core/page';
import { SiteIndex, sourceOfPage, type PageSource } from '../server/core/siteIndex';
import { DEFAULT_CONFIG } from '../server/config';
import { decodePage, DiskWorkspace } from '../server/diskWorkspace';
import { describeFinding } from '../server/messages';
import { BUNDLED_CONTENT, bundledRoutes } from '../server/siteFiles';

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

/** A check of a site: where it is, which of its pages to check, and how it is set up. */
export interface CheckPlan {
  /** The site root: reported file names are relative to it. */
  root: string;
  contentRoot: string;
  routes: string[];
  routesComplete: boolean;
  siteUrl: string;
}

/**
 * The site's pages, read and parsed in one thread, and checked against each other. Threads
 * were tried and did not pay on 2 cores: reading pages in a thread of their own won 4–11% at
 * ×20 (14 rounds), and checking in two threads none (V8's compiler and collector already use
 * the second core).
 */
export class SiteCheck {
  readonly notices: string[] = [];
  readonly index: SiteIndex;
  private readonly disk: DiskWorkspace;

  constructor(private readonly plan: CheckPlan) {
    this.index = new SiteIndex({ siteUrl: plan.siteUrl, valuesPages: DEFAULT_CONFIG.valuesPages }, false);
    this.disk = new DiskWorkspace(plan.contentRoot, undefined, (message) => this.notices.push(message));
  }

  /** Reads and parses the site's pages (and the bundled handbook); returns their paths. */
  async load(): Promise<string[]> {
    const notice = (message: string) => this.notices.push(message);
    await this.index.load('bundled', new DiskWorkspace(BUNDLED_CONTENT, undefined, notice), { paths: bundledRoutes(), complete: false });
    await this.index.load('workspace', this.disk, { paths: this.plan.routes, complete: this.plan.routesComplete }, undefined, 'links');
    return [...this.index.pages('workspace')].map((page) => page.path);
  }

  /** Checks these pages (relative to the content root), or all of them: their findings, by page path. */
  check(pagePaths?: string[]): Map<string, ReportedFinding[]> {
    const results = new Map<string, ReportedFinding[]>();
    const paths = pagePaths ?? [...this.index.pages('workspace')].map((page) => page.path);
    for (const pagePath of paths) {
      const page = this.index.page('workspace', pagePath);
      if (page) results.set(pagePath, this.report(() => this.disk.absolutePath(pagePath), sourceOfPage(page)));
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

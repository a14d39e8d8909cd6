import { realpathSync } from 'fs';
import * as path from 'path';
import { checkPage, type Finding } from '../server/core/diagnostics';
import { checkRedirectRules } from '../server/core/ruleCheck';
import type { FrontMatter } from '../server/core/frontMatter';
import { isOtherSite } from '../server/core/linkTarget';
import type { PageLink, ParsedPage } from '../server/core/page';
import { SiteIndex, type LinkSource } from '../server/core/siteIndex';
import { detach, type LineMap } from '../server/core/text';
import type { UrlRules } from '../server/core/urlRules';
import { DEFAULT_CONFIG, reportable, severityOf, type HandbookConfig } from '../server/config';
import { decodePage, DiskWorkspace, MAX_PAGE_BYTES, readFileInside } from '../server/diskWorkspace';
import { describeFinding, describeRuleFinding } from '../server/messages';
import type { TextEdit } from './fix';
import { BUNDLED_CONTENT, bundledRoutes, listStaticFiles, readRedirectRules } from '../server/siteFiles';

/** One finding as CI tools read it: 1-based lines and columns, file relative to the site root. */
export interface ReportedFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
  target: string | null;
  /** For a finding about a value: its name now. */
  value?: string;
}

/** A check of a site: where it is, which of its pages to check, and how it is set up. */
export interface CheckPlan {
  /** The site root: reported file names are relative to it. */
  root: string;
  contentRoot: string;
  routes: string[];
  routesComplete: boolean;
  siteUrl: string;
  rules: UrlRules;
  /** Keep who links to which page, for edits that follow the links (a move); a check needs none. */
  tracksLinkers?: boolean;
  /** Severities and what to ignore (the config file's); the defaults where not given. */
  config?: HandbookConfig;
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
  private realRoot: string | undefined;
  /** The edits that link each redirected link to where it lands, by absolute file: what `--fix` writes. */
  readonly redirectFixes = new Map<string, TextEdit[]>();
  /** What checking each page needs, kept from its one reading: the page texts are not kept. */
  private readonly toCheck = new Map<string, { source: LinkSource; lines: LineMap }>();

  constructor(private readonly plan: CheckPlan) {
    const config = plan.config ?? DEFAULT_CONFIG;
    this.index = new SiteIndex({ siteUrl: plan.siteUrl, valuesPages: config.valuesPages, valueAliases: config.valueAliases, findsMentions: severityOf('value.unlinked-mention', config) !== 'off', urlRules: plan.rules }, plan.tracksLinkers ?? false);
    this.disk = new DiskWorkspace(plan.contentRoot, undefined, (message) => this.notices.push(message));
  }

  /** Reads and parses the site's pages (and the bundled handbook); returns their paths. */
  async load(): Promise<string[]> {
    const notice = (message: string) => this.notices.push(message);
    const redirects = readRedirectRules(this.plan.root);
    for (const problem of redirects.problems) notice(problem);
    this.index.setRedirects(redirects.rules);
    this.index.files.setStaticFiles(await listStaticFiles(this.plan.root, notice));
    await this.index.load('bundled', new DiskWorkspace(BUNDLED_CONTENT, undefined, notice), { paths: bundledRoutes(), complete: false });
    await this.index.load('workspace', this.disk, { paths: this.plan.routes, complete: this.plan.routesComplete }, (parsed, page) => {
      // The values page keeps its text, for its values' own checks: one page.
      const isValuesPage = this.index.values()?.page === page;
      const parsedToCheck = {
        outline: page.outline,
        links: linksToCheck(parsed, this.plan.siteUrl),
        frontMatter: problemOnly(parsed.frontMatter),
        suppressions: parsed.suppressions,
        mentions: parsed.mentions,
        text: isValuesPage ? parsed.text : undefined,
      };
      const source = { parsed: parsedToCheck, url: page.url, path: page.path };
      this.toCheck.set(page.path, { source, lines: parsed.lines.positionsOnly() });
    });
    return [...this.toCheck.keys()];
  }

  /** Checks these pages (relative to the content root), or all of them: their findings, by page path. */
  check(pagePaths?: string[]): Map<string, ReportedFinding[]> {
    const results = new Map<string, ReportedFinding[]>();
    for (const pagePath of pagePaths ?? this.toCheck.keys()) {
      const page = this.toCheck.get(pagePath);
      if (page) results.set(pagePath, this.report(() => this.disk.absolutePath(pagePath), page.source, page.lines));
    }
    return results;
  }

  /** A page's file, relative to the site root and `/`-separated, as findings name it. */
  fileOf(pagePath: string): string {
    return path.relative(this.plan.root, this.disk.absolutePath(pagePath)).split(path.sep).join('/');
  }

  /** Checks a file outside the content folder (inside the site root) against the site. */
  checkFile(absoluteFile: string): ReportedFinding[] | undefined {
    const read = readFileInside(absoluteFile, (this.realRoot ??= realpathSync(this.plan.root)), MAX_PAGE_BYTES, 'the site root');
    if ('problem' in read) {
      this.notices.push(`Skipped ${absoluteFile}: ${read.problem}`);
      return undefined;
    }
    const text = decodePage(read.bytes, absoluteFile, (message) => this.notices.push(message));
    if (text === undefined) return undefined;
    const parsed = this.index.parse(text);
    return this.report(() => absoluteFile, { parsed }, parsed.lines);
  }

  /** Findings on the host's redirect rules, at the file and lines each rule is written on. */
  checkRules(): ReportedFinding[] {
    const config = this.plan.config ?? DEFAULT_CONFIG;
    return checkRedirectRules(this.index).flatMap((finding) => {
      const place = finding.rule.place;
      const severity = severityOf(finding.code, config);
      if (!place || severity === 'off') return [];
      return [{
        file: place.file,
        line: place.line,
        column: 1,
        endLine: place.endLine,
        endColumn: place.endColumn,
        severity,
        code: finding.code,
        message: describeRuleFinding(finding),
        target: finding.rule.from,
      } satisfies ReportedFinding];
    });
  }

  /** The page's findings as reported; its file's name is worked out only for a page that has some. */
  private report(absoluteFile: () => string, source: LinkSource, lines: LineMap): ReportedFinding[] {
    const all = checkPage(this.index, source);
    if (all.length === 0) return [];
    const absolute = absoluteFile();
    const file = path.relative(this.plan.root, absolute);
    const findings = reportable(all, this.plan.config ?? DEFAULT_CONFIG, file.split(path.sep).join('/'));
    for (const { finding } of findings) {
      if (finding.code !== 'link.redirected' || !finding.fix || finding.target === undefined) continue;
      let edits = this.redirectFixes.get(absolute);
      if (!edits) this.redirectFixes.set(absolute, (edits = []));
      edits.push({ start: finding.fix.span.start, end: finding.fix.span.end, expected: finding.target, newText: finding.fix.newText });
    }
    return findings.map(({ finding, severity }) => toReported(finding, severity, lines, file));
  }
}

/**
 * The links of a page that a check can find broken, as fresh strings (a string cut from the
 * text would keep it alive): links to other sites, most of a handbook's, never are, and a
 * reference is checked at its definition.
 */
function linksToCheck(parsed: ParsedPage, siteUrl: string): PageLink[] {
  const links: PageLink[] = [];
  for (const link of parsed.links) {
    if (!link.destinationSpan || isOtherSite(link.destination, siteUrl)) continue;
    const written = detach(link.written);
    const destination = link.destination === link.written ? written : detach(link.destination);
    links.push({ kind: link.kind, written, destination, destinationSpan: link.destinationSpan, span: link.span });
  }
  return links;
}

/** Front matter's place and problem; its values (strings cut from the text) are not kept. */
function problemOnly(frontMatter: FrontMatter | undefined): FrontMatter | undefined {
  if (!frontMatter) return undefined;
  const problem = frontMatter.problem && { message: detach(frontMatter.problem.message), span: frontMatter.problem.span };
  return problem ? { span: frontMatter.span, data: {}, problem } : { span: frontMatter.span, data: {} };
}

function toReported(finding: Finding, severity: ReportedFinding['severity'], lines: LineMap, file: string): ReportedFinding {
  const range = lines.rangeOf(finding.span);
  return {
    file: file.split(path.sep).join('/'),
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
    severity,
    code: finding.code,
    message: describeFinding(finding),
    target: finding.target ?? null,
    ...(finding.value !== undefined ? { value: finding.value } : {}),
  };
}

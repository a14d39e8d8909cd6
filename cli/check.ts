import { existsSync, statSync } from 'fs';
import * as path from 'path';
import type { RouteList } from '../server/core/siteIndex';
import { DEFAULT_CONFIG, readConfig, siteUrlProblem, type HandbookConfig } from '../server/config';
import { CONFIG_FILE, readConfigFile } from '../server/configFile';
import { DiskWorkspace } from '../server/diskWorkspace';
import { isPresetName, PRESETS } from '../server/core/urlRules';
import { findContentRoot, pathInside, readRoutesFile } from '../server/siteFiles';
import { describeRules, detectSite, type DetectedSite, type UrlRulesSetting } from '../server/siteRules';
import { VERSION } from '../server/version';
import { normalizeArguments } from './command';
import { applyEdits } from './fix';
import { githubAnnotations, sarifLog } from './formats';
import { SiteCheck, type ReportedFinding } from './siteCheck';
import { valuesReport, valuesReportText } from './valuesReport';

export type { ReportedFinding } from './siteCheck';

const USAGE = `Usage: handbook-check [options] [paths...]

Checks the links of every page under the content folder (contents/ or content/), or only
the files and folders given, and reports missing pages and missing headings.

Options:
  --root DIR           the site root, which holds the content folder (default: .)
  --content-root DIR   the content folder, when it is not contents/ or content/
  --routes FILE        paths the site serves without a Markdown page, one a line
  --site-url URL       the site's own origin (default: ${DEFAULT_CONFIG.siteUrl})
  --preset NAME        the site generator's URL rules: ${Object.keys(PRESETS).join(', ')}
                       (default: read from its config file, else posthog)
  --trailing-slash true|false
                       whether the site serves its pages at URLs ending in /
  --links site|files|both
                       how relative links are written: site URLs, paths between .md
                       files (as on GitHub), or both
  --anchor-makers NAME,...
                       components (Team) or template text ({{generator:) that make
                       anchors at build time (posthog: Team); anchors on pages that
                       hold one are not judged
  --format FORMAT      text for people (default), json for tools, github for GitHub
                       Actions annotations, sarif for code scanning (SARIF 2.1.0)
  --fix                rewrite each link that works through a redirect to link where it
                       lands (the only change it makes); then reports what is left
  --values             instead of the check, the values report: each value with the
                       pages that link to it, links to its old anchors, prose that
                       names it unlinked, and the values no page cites (text or json)
  --version            the version
  --help               this text

Options take their value after a space or an =; after --, every argument is a path.

Exit status: 0 clean, 1 broken links or unreadable front matter, 2 bad usage.`;

interface Options {
  root: string;
  contentRoot?: string;
  routes?: string;
  /** Given with --site-url; else the config file's, else the default. */
  siteUrl?: string;
  urlRules: UrlRulesSetting;
  format: 'text' | 'json' | 'github' | 'sarif';
  fix: boolean;
  /** The values report instead of the check. */
  values: boolean;
  paths: string[];
}

class UsageError extends Error {}

function parseArguments(given: string[]): Options | 'help' | 'version' {
  const argv = normalizeArguments(given);
  const options: Options = { root: '.', urlRules: {}, format: 'text', fix: false, values: false, paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    if (argument === '--') {
      options.paths.push(...argv.slice(i + 1));
      break;
    }
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${argument} needs a value`);
      return next;
    };
    switch (argument) {
      case '--help':
      case '-h':
        return 'help';
      case '--version':
        return 'version';
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
      case '--fix':
        options.fix = true;
        break;
      case '--values':
        options.values = true;
        break;
      case '--preset':
        options.urlRules.preset = value();
        break;
      case '--trailing-slash': {
        const given = value();
        if (given !== 'true' && given !== 'false') throw new UsageError(`--trailing-slash must be true or false, not "${given}"`);
        options.urlRules.trailingSlash = given === 'true';
        break;
      }
      case '--links': {
        const given = value();
        if (given !== 'site' && given !== 'files' && given !== 'both') throw new UsageError(`--links must be site, files or both, not "${given}"`);
        options.urlRules.links = given;
        break;
      }
      case '--anchor-makers':
        options.urlRules.anchorMakers = value()
          .split(',')
          .map((name) => name.trim())
          .filter((name) => name !== '');
        break;
      case '--format': {
        const format = value();
        if (format !== 'text' && format !== 'json' && format !== 'github' && format !== 'sarif') {
          throw new UsageError(`--format must be text, json, github or sarif, not "${format}"`);
        }
        options.format = format;
        break;
      }
      default:
        if (argument.startsWith('-')) throw new UsageError(`unknown option ${argument}`);
        options.paths.push(argument);
    }
  }
  if (options.values && (options.paths.length > 0 || options.fix || options.format === 'github' || options.format === 'sarif')) {
    throw new UsageError('--values reports on the whole site, as text or json: it takes no paths, --fix or other formats');
  }
  return options;
}

/** Runs the check and returns the exit status; output goes to the given streams. */
export async function runCheck(argv: string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  let options: ReturnType<typeof parseArguments>;
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
  if (options === 'version') {
    out(`handbook-check ${VERSION}\n`);
    return 0;
  }

  const root = path.resolve(options.root);
  if (!isFolder(root)) return usage(err, `--root ${options.root} is not a folder`);
  if (options.siteUrl !== undefined) {
    const badSiteUrl = siteUrlProblem(options.siteUrl);
    if (badSiteUrl) return usage(err, `--site-url ${badSiteUrl}`);
  }
  // The config file the editor reads too; flags win over it. What is wrong in it is said, and the defaults carry on.
  const configFile = readConfigFile(root);
  const fileConfig = readConfig({ handbook: configFile.settings }, `${CONFIG_FILE} `);
  for (const problem of [...configFile.problems, ...fileConfig.problems]) err(`handbook-check: ${printable(problem)}\n`);
  const siteUrl = options.siteUrl ?? fileConfig.siteUrl;
  const urlRules = { ...definedOnly(fileConfig.urlRules), ...definedOnly(options.urlRules) };
  const detected = detectSite(root, urlRules, options.urlRules.preset !== undefined ? '--preset' : `${CONFIG_FILE} preset`);
  if (urlRules.preset !== undefined && !isPresetName(urlRules.preset.trim())) return usage(err, detected.problems[detected.problems.length - 1]);
  const contentSetting = options.contentRoot ?? (fileConfig.contentRoot || undefined);
  const found = findContentRoot(root, contentSetting, options.contentRoot !== undefined ? '--content-root' : `${CONFIG_FILE} contentRoot`, detected.contentFolder);
  if (found.problem) return usage(err, found.problem);
  const contentRoot = found.path;
  if (contentSetting && (!contentRoot || !isFolder(contentRoot))) {
    return usage(err, `${options.contentRoot !== undefined ? '--content-root' : `${CONFIG_FILE} contentRoot`} ${contentSetting} is not a folder`);
  }
  // Checking nothing and passing would hide a misplaced check in CI.
  if (!contentRoot && options.paths.length === 0) {
    return usage(err, `no content folder: looked for ${detected.contentFolder ? `${detected.contentFolder}/, ` : ''}contents/ and content/ in ${root}; run it from the site root, or point --root or --content-root at it`);
  }
  for (const problem of detected.problems) err(`handbook-check: ${printable(problem)}\n`);
  let routes: RouteList = { paths: [], complete: false };
  const routesSetting = options.routes ?? (fileConfig.routesFile || undefined);
  if (routesSetting) {
    // A flag's path is the shell's, from the current folder; the config file's is from the site root.
    const named = options.routes !== undefined ? '--routes' : `${CONFIG_FILE} routesFile`;
    const routesFile = pathInside(root, routesSetting, named, options.routes !== undefined ? process.cwd() : root);
    if ('problem' in routesFile) return usage(err, routesFile.problem);
    try {
      routes = { paths: readRoutesFile(routesFile.path, root), complete: true };
    } catch (error) {
      return usage(err, `cannot read ${named} ${routesSetting}: ${(error as Error).message}`);
    }
  }
  const requested = options.paths.map((given) => path.resolve(given));
  const absent = options.paths.find((_, i) => !existsSync(requested[i]));
  if (absent !== undefined) return usage(err, `no such file or folder: ${absent}`);

  return checkSite({ options, root, contentRoot, routes, requested, site: detected, siteUrl, config: fileConfig }, out, err);
}

/** A check the command line asked for, its options read and its paths found. */
interface CheckRequest {
  options: Options;
  root: string;
  contentRoot: string | undefined;
  routes: RouteList;
  /** Files and folders to check, absolute; all pages when empty. */
  requested: string[];
  /** The site's URL rules, and how they were chosen. */
  site: DetectedSite;
  siteUrl: string;
  /** The config file's severities and what it ignores. */
  config: HandbookConfig;
  /** After `--fix` wrote its edits: what it did, and the files it left alone and why. */
  fixed?: string;
  fixProblems?: string[];
}

async function checkSite(request: CheckRequest, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const { options, root, contentRoot, routes, requested } = request;
  const site = new SiteCheck({
    root,
    contentRoot: contentRoot ?? root,
    routes: [...routes.paths],
    routesComplete: routes.complete,
    siteUrl: request.siteUrl,
    rules: request.site.rules,
    config: request.config,
    // The values report follows the links to the values page back to their pages.
    tracksLinkers: options.values,
  });
  const pagePaths = contentRoot ? await site.load() : [];
  if (options.values) return reportValues(site, options.format, out, err);

  // Files the user named: pages of the site are checked as such, others on their own.
  let files: { absolute: string; pagePath?: string }[] | undefined;
  if (requested.length > 0) {
    const known = new Set(pagePaths);
    const disk = contentRoot ? new DiskWorkspace(contentRoot) : undefined;
    files = (await expand(requested)).map((absolute) => {
      const pagePath = disk?.relativePath(absolute);
      return { absolute, pagePath: pagePath !== undefined && known.has(pagePath) ? pagePath : undefined };
    });
  }
  const findingsByPage = contentRoot ? site.check(files?.flatMap((file) => (file.pagePath === undefined ? [] : [file.pagePath]))) : new Map<string, ReportedFinding[]>();

  const reported: ReportedFinding[] = [];
  let checked = 0;
  if (!files) {
    for (const pagePath of [...findingsByPage.keys()].sort((a, b) => a.localeCompare(b))) {
      checked++;
      reported.push(...findingsByPage.get(pagePath)!);
    }
  } else {
    for (const file of files) {
      const findings = file.pagePath !== undefined ? findingsByPage.get(file.pagePath) : site.checkFile(file.absolute);
      if (!findings) continue;
      checked++;
      reported.push(...findings);
    }
  }

  // The rules are the whole site's: checked with it, not with a page or two.
  if (!files) reported.push(...site.checkRules());

  if (options.fix && site.redirectFixes.size > 0) {
    const outcome = applyEdits(site.redirectFixes, root);
    const fixed = `Fixed ${outcome.edits} link${outcome.edits === 1 ? '' : 's'} through a redirect in ${outcome.written.length} file${outcome.written.length === 1 ? '' : 's'}`;
    // Checked again as written now, what is left is reported where it now is.
    return checkSite({ ...request, options: { ...options, fix: false }, fixed, fixProblems: outcome.problems }, out, err);
  }
  for (const problem of request.fixProblems ?? []) site.notices.push(problem);
  const fixed = request.fixed;

  // Sorted, the notices read the same every run.
  for (const message of [...new Set(site.notices)].sort()) err(`handbook-check: ${printable(message)}\n`);
  if (options.format !== 'text') {
    if (fixed) err(`handbook-check: ${fixed}\n`);
    if (options.format === 'json') out(JSON.stringify(reported, null, 2) + '\n');
    else if (options.format === 'github') out(githubAnnotations(reported));
    else out(sarifLog(reported, root));
  } else {
    if (fixed) out(`${fixed}\n`);
    // One finding a line: a line break or other control character in a file name or a link would forge another.
    for (const item of reported) out(`${printable(item.file)}:${item.line}:${item.column}  ${item.code}  ${printable(item.message)}\n`);
    const where = contentRoot ? `${path.relative(process.cwd(), contentRoot) || '.'}, ${describeRules(request.site)}` : 'no content folder';
    const notes = reported.filter((item) => !isProblem(item));
    const redirected = notes.filter((item) => item.code === 'link.redirected').length;
    const ruleNotes = notes.filter((item) => item.code.startsWith('redirect.')).length;
    const otherNotes = notes.length - redirected - ruleNotes;
    const problems = reported.length - notes.length;
    const counted = [
      problems === 0 ? 'No problems' : `${problems} problem${problems === 1 ? '' : 's'}`,
      redirected === 0 ? '' : `, ${redirected} link${redirected === 1 ? '' : 's'} through a redirect`,
      ruleNotes === 0 ? '' : `, ${ruleNotes} redirect rule${ruleNotes === 1 ? '' : 's'} that never appl${ruleNotes === 1 ? 'ies' : 'y'}`,
      otherNotes === 0 ? '' : `, ${otherNotes} note${otherNotes === 1 ? '' : 's'}`,
    ].join('');
    out(`${counted} in ${checked} page${checked === 1 ? '' : 's'} (${where})\n`);
  }
  // A link that reaches its page through a redirect works: worth a note, not a failed build.
  return reported.some(isProblem) ? 1 : 0;
}

/** Prints the values report: what was said while loading, then the report. Always 0: it is a report, not a check. */
async function reportValues(site: SiteCheck, format: Options['format'], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const report = await valuesReport(site);
  for (const key of site.index.values()?.unmatchedAliases ?? []) site.notices.push(`${CONFIG_FILE} values.aliases names "${key}", which is no value of the values page; its aliases are not used`);
  for (const message of [...new Set(site.notices)].sort()) err(`handbook-check: ${printable(message)}\n`);
  if (!report) return usage(err, 'no values page: neither the site nor the bundled handbook has one');
  out(format === 'json' ? JSON.stringify(report, null, 2) + '\n' : valuesReportText(report, printable));
  return 0;
}

/** The settings that are given, without those left undefined (which would hide another source's). */
function definedOnly<T extends object>(settings: T): Partial<T> {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** A finding that fails the check: an error or a warning (notes and hints do not). */
function isProblem(item: ReportedFinding): boolean {
  return item.severity === 'error' || item.severity === 'warning';
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

/** Text with its control characters written as escapes (`\\n`, `\\x1b`), so that it stays on its line. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return named[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

function usage(err: (text: string) => void, message: string): number {
  err(`handbook-check: ${printable(message)}\nRun handbook-check --help for usage.\n`);
  return 2;
}

function isFolder(candidate: string): boolean {
  try {
    return statSync(candidate).isDirectory();
  } catch {
    return false;
  }
}

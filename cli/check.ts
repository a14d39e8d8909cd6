import { existsSync, promises as fs, statSync } from 'fs';
import * as path from 'path';
import { checkPage, type Finding } from '../server/core/diagnostics';
import { parsePage } from '../server/core/page';
import { SiteIndex, sourceOfPage, type PageSource, type RouteList } from '../server/core/siteIndex';
import { DEFAULT_CONFIG } from '../server/config';
import { decodePage, DiskWorkspace } from '../server/diskWorkspace';
import { describeFinding } from '../server/messages';
import { BUNDLED_CONTENT, bundledRoutes, findContentRoot, readRoutesFile } from '../server/siteFiles';

const USAGE = `Usage: handbook-check [options] [paths...]

Checks the links of every page under the content folder (contents/ or content/), or only
the files and folders given, and reports missing pages and missing headings.

Options:
  --root DIR           the site root, which holds the content folder (default: .)
  --content-root DIR   the content folder, when it is not contents/ or content/
  --routes FILE        paths the site serves without a Markdown page, one a line
  --site-url URL       the site's own origin (default: ${DEFAULT_CONFIG.siteUrl})
  --format text|json   text for people (default), json for tools
  --help               this text

Exit status: 0 clean, 1 broken links or unreadable front matter, 2 bad usage.`;

interface Options {
  root: string;
  contentRoot?: string;
  routes?: string;
  siteUrl: string;
  format: 'text' | 'json';
  paths: string[];
}

class UsageError extends Error {}

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

  const notices: string[] = [];
  const notice = (message: string) => notices.push(message);
  const index = new SiteIndex({ siteUrl: options.siteUrl, valuesPages: DEFAULT_CONFIG.valuesPages });
  await index.load('bundled', new DiskWorkspace(BUNDLED_CONTENT, undefined, notice), { paths: bundledRoutes(), complete: false });
  const disk = contentRoot ? new DiskWorkspace(contentRoot, undefined, notice) : undefined;
  if (disk) await index.load('workspace', disk, routes);

  const reported: ReportedFinding[] = [];
  let checked = 0;
  const report = (absoluteFile: string, source: PageSource) => {
    checked++;
    for (const finding of checkPage(index, source)) reported.push(toReported(finding, source, path.relative(root, absoluteFile)));
  };

  if (requested.length === 0) {
    for (const page of [...index.pages('workspace')].sort((a, b) => a.path.localeCompare(b.path))) {
      report(disk!.absolutePath(page.path), sourceOfPage(page));
    }
  } else {
    for (const file of await expand(requested)) {
      const pagePath = disk?.relativePath(file);
      const page = pagePath === undefined ? undefined : index.page('workspace', pagePath);
      if (page) {
        report(file, sourceOfPage(page));
        continue;
      }
      const text = decodePage(await fs.readFile(file), file, notice);
      if (text !== undefined) report(file, { parsed: parsePage(text) });
    }
  }

  for (const message of notices) err(`handbook-check: ${message}\n`);
  if (options.format === 'json') {
    out(JSON.stringify(reported, null, 2) + '\n');
  } else {
    for (const item of reported) out(`${item.file}:${item.line}:${item.column}  ${item.code}  ${item.message}\n`);
    const where = contentRoot ? path.relative(process.cwd(), contentRoot) || '.' : 'no content folder';
    out(`${reported.length === 0 ? 'No problems' : `${reported.length} problem${reported.length === 1 ? '' : 's'}`} in ${checked} page${checked === 1 ? '' : 's'} (${where})\n`);
  }
  return reported.length > 0 ? 1 : 0;
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

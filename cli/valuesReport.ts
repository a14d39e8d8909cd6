import { citationsOf } from '../server/core/citations';
import type { FoundLink } from '../server/core/references';
import type { ReportedFinding, SiteCheck } from './siteCheck';

/** A place in a page, as CI tools and people read it. */
export interface ReportedPlace {
  file: string;
  line: number;
  column: number;
}

/** What the values report says of one value. */
export interface ValueReport {
  name: string;
  anchor: string;
  oldNames: string[];
  oldAnchors: string[];
  /** The pages that link to it (now or by an old anchor), by file. */
  pages: string[];
  links: ReportedPlace[];
  /** Links to an old anchor of it. */
  oldLinks: ReportedPlace[];
  /** Prose that names it without a link. */
  mentions: ReportedPlace[];
}

/** The report an owner reads before a values review: each value, who cites it, what names it unlinked, and what no page cites. */
export interface ValuesReport {
  /** The values page's file, or `bundled` for the values the tools ship with. */
  valuesPage: string;
  values: ValueReport[];
  /** Values no page links to. */
  uncited: string[];
}

/**
 * Builds the report from a loaded site: citations from the links to the values page, mentions
 * from the check's own findings (so suppressions, ignores and severities hold as in a check).
 */
export async function valuesReport(site: SiteCheck): Promise<ValuesReport | undefined> {
  const values = site.index.values();
  if (!values) return undefined;
  const mentions = new Map<string, ReportedPlace[]>();
  for (const findings of site.check().values()) {
    for (const finding of findings) {
      if (finding.code !== 'value.unlinked-mention' || finding.value === undefined) continue;
      const places = mentions.get(finding.value) ?? [];
      places.push(placeOf(finding));
      mentions.set(finding.value, places);
    }
  }
  const place = (found: FoundLink): ReportedPlace => {
    const start = found.parsed.lines.positionAt(found.link.span.start);
    return { file: site.fileOf(found.page.path), line: start.line + 1, column: start.character + 1 };
  };
  const reports = (await citationsOf(site.index, values)).map(({ value, links, oldLinks, pages }) => ({
    name: value.name,
    anchor: value.anchor,
    oldNames: value.oldNames,
    oldAnchors: value.oldAnchors,
    pages: pages.map((pagePath) => site.fileOf(pagePath)),
    links: links.map(place),
    oldLinks: oldLinks.map(place),
    mentions: (mentions.get(value.name) ?? []).sort(byPlace),
  }));
  return {
    valuesPage: values.page.layer === 'bundled' ? 'bundled' : site.fileOf(values.page.path),
    values: reports,
    uncited: reports.filter((report) => report.pages.length === 0).map((report) => report.name),
  };
}

function placeOf(finding: ReportedFinding): ReportedPlace {
  return { file: finding.file, line: finding.line, column: finding.column };
}

function byPlace(a: ReportedPlace, b: ReportedPlace): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}

/**
 * The report as a person reads it: a table of every value, then each value's places.
 * @param printable writes a name's control characters as escapes, so each stays on its line
 */
export function valuesReportText(report: ValuesReport, printable: (text: string) => string): string {
  const values = report.values.map((value) => ({
    ...value,
    name: printable(value.name),
    oldNames: value.oldNames.map(printable),
    pages: value.pages.map(printable),
    links: value.links.map((at) => ({ ...at, file: printable(at.file) })),
    oldLinks: value.oldLinks.map((at) => ({ ...at, file: printable(at.file) })),
    mentions: value.mentions.map((at) => ({ ...at, file: printable(at.file) })),
  }));
  const citing = new Set(values.flatMap((value) => value.pages));
  const where = report.valuesPage === 'bundled' ? 'the bundled values (this site has no values page)' : printable(report.valuesPage);
  const lines = [`${values.length} value${values.length === 1 ? '' : 's'} in ${where}, cited by ${citing.size} page${citing.size === 1 ? '' : 's'}`, ''];
  const width = Math.max(5, ...values.map((value) => value.name.length));
  const columns = ['pages', 'links', 'old links', 'unlinked mentions'];
  lines.push(`${'value'.padEnd(width)}  ${columns.join('  ')}`);
  for (const value of values) {
    const counts = [value.pages.length, value.links.length, value.oldLinks.length, value.mentions.length];
    lines.push(`${value.name.padEnd(width)}  ${counts.map((count, i) => String(count).padStart(columns[i].length)).join('  ')}`);
  }
  for (const value of values) {
    lines.push('', `${value.name} (#${value.anchor}${value.oldNames.length > 0 ? `; was ${value.oldNames.join(', ')}` : ''})`);
    const section = (title: string, places: ReportedPlace[]) => {
      if (places.length === 0) return;
      lines.push(`  ${title}:`);
      for (const at of places) lines.push(`    ${at.file}:${at.line}:${at.column}`);
    };
    if (value.pages.length === 0) lines.push('  cited by no page');
    section('links', value.links);
    section('links to an old anchor', value.oldLinks);
    section('unlinked mentions', value.mentions);
  }
  lines.push('', report.uncited.length === 0 ? 'Every value is cited.' : `No page cites: ${report.uncited.map(printable).join('; ')}`);
  return lines.join('\n') + '\n';
}

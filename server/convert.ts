import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  MarkupKind,
  type CodeAction,
  type CodeLens,
  SymbolKind,
  type CompletionItem,
  type Diagnostic,
  type DocumentLink,
  type DocumentSymbol,
  type Hover,
  type Location,
  type LocationLink,
  type Range,
  type SymbolInformation,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { CitationLens, ValueSummary } from './core/citations';
import type { CompletionEntry } from './core/completion';
import type { SiteValues } from './core/values';
import type { Finding } from './core/diagnostics';
import type { HoverCard } from './core/hover';
import type { DocumentLinkEntry, LinkOpening } from './core/navigation';
import type { PagePlace } from './core/references';
import type { PageEdits } from './core/rename';
import type { IndexedPage } from './core/siteIndex';
import type { OutlineEntry, SiteSymbol } from './core/symbols';
import type { RuleFinding } from './core/ruleCheck';
import type { LineMap, Span } from './core/text';
import type { SeverityName } from './config';
import { describeFinding, describeRuleFinding } from './messages';

/** What a diagnostic carries so its quick fix needs no second look-up. */
export interface FixData {
  newText: string;
  range: Diagnostic['range'];
  /** The action's name, where it is more than a change of destination. */
  title?: string;
}

const SEVERITY: Record<Exclude<SeverityName, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(finding: Finding, lines: LineMap, severity: Exclude<SeverityName, 'off'>): Diagnostic {
  const data: FixData | undefined = finding.fix
    ? { newText: finding.fix.newText, range: lines.rangeOf(finding.fix.span), ...(finding.fix.title ? { title: finding.fix.title } : {}) }
    : undefined;
  return {
    range: lines.rangeOf(finding.span),
    severity: SEVERITY[severity],
    code: finding.code,
    source: 'handbook',
    message: describeFinding(finding),
    data,
  };
}

/** Findings on the host's rules as diagnostics, by the file (relative to the site root) each rule is written in. */
export function toRuleDiagnostics(findings: RuleFinding[], severityOf: (code: string) => SeverityName): Map<string, Diagnostic[]> {
  const byFile = new Map<string, Diagnostic[]>();
  for (const finding of findings) {
    const place = finding.rule.place;
    const severity = severityOf(finding.code);
    if (!place || severity === 'off') continue;
    let diagnostics = byFile.get(place.file);
    if (!diagnostics) byFile.set(place.file, (diagnostics = []));
    diagnostics.push({
      range: { start: { line: place.line - 1, character: 0 }, end: { line: place.endLine - 1, character: place.endColumn - 1 } },
      severity: SEVERITY[severity],
      code: finding.code,
      source: 'handbook',
      message: describeRuleFinding(finding),
    });
  }
  return byFile;
}

/** The most diagnostics one page gets: past that, one more says how many are not shown. */
export const MAX_DIAGNOSTICS = 1000;

/** A page's findings as diagnostics, at most MAX_DIAGNOSTICS of them, the last saying how many more there are. */
export function toDiagnostics(findings: { finding: Finding; severity: Exclude<SeverityName, 'off'> }[], lines: LineMap): Diagnostic[] {
  if (findings.length <= MAX_DIAGNOSTICS) return findings.map(({ finding, severity }) => toDiagnostic(finding, lines, severity));
  const shown = findings.slice(0, MAX_DIAGNOSTICS - 1).map(({ finding, severity }) => toDiagnostic(finding, lines, severity));
  const hidden = findings.length - shown.length;
  shown.push({
    range: lines.rangeOf(findings[shown.length].finding.span),
    severity: DiagnosticSeverity.Information,
    code: 'diagnostics.more',
    source: 'handbook',
    message: `${hidden} more problems in this page are not shown here; handbook-check lists them all.`,
  });
  return shown;
}

/** Where the links of a page too large to check as it is edited stop being checked. */
export function linkBudgetDiagnostic(linkCount: number, firstUnchecked: Span, lines: LineMap): Diagnostic {
  return {
    range: lines.rangeOf(firstUnchecked),
    severity: DiagnosticSeverity.Information,
    code: 'diagnostics.link-budget',
    source: 'handbook',
    message: `This page has ${linkCount} links; the links from here on are not checked as you type. handbook-check checks them all.`,
  };
}

/** Where a page of the workspace is, as the client names files. */
export type PageUri = (page: IndexedPage) => string;

export function toDocumentLink(entry: DocumentLinkEntry, lines: LineMap, uriOf: PageUri): DocumentLink {
  // `#L12` opens the page at that line in VS Code; other clients open the file.
  return { range: lines.rangeOf(entry.span), target: `${uriOf(entry.opening.page)}#L${entry.opening.line + 1}`, tooltip: entry.tooltip };
}

export function toLocationLink(opening: LinkOpening, origin: Range, uriOf: PageUri): LocationLink {
  const at: Range = { start: { line: opening.line, character: 0 }, end: { line: opening.line, character: 0 } };
  return { originSelectionRange: origin, targetUri: uriOf(opening.page), targetRange: at, targetSelectionRange: at };
}

export function toLocation(place: PagePlace, uriOf: PageUri): Location {
  return { uri: uriOf(place.page), range: place.parsed.lines.rangeOf(place.span) };
}

export function toDocumentSymbol(entry: OutlineEntry, lines: LineMap): DocumentSymbol {
  return {
    name: entry.name,
    kind: SymbolKind.String,
    range: lines.rangeOf(entry.span),
    selectionRange: lines.rangeOf(entry.selectionSpan),
    children: entry.children.map((child) => toDocumentSymbol(child, lines)),
  };
}

export function toWorkspaceSymbol(symbol: SiteSymbol, uriOf: PageUri): SymbolInformation {
  const at: Range = { start: { line: symbol.line, character: 0 }, end: { line: symbol.line, character: 0 } };
  const kind = symbol.kind === 'value' ? SymbolKind.Constant : symbol.kind === 'page' ? SymbolKind.File : SymbolKind.String;
  return { name: symbol.name, kind, location: { uri: uriOf(symbol.page), range: at }, containerName: symbol.kind === 'value' ? `Value · ${symbol.container}` : symbol.container };
}

export function toWorkspaceEdit(pages: PageEdits[], uriOf: PageUri): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const { page, parsed, edits } of pages) changes[uriOf(page)] = edits.map((edit) => ({ range: parsed.lines.rangeOf(edit.span), newText: edit.newText }));
  return { changes };
}

export function toHover(card: HoverCard, lines: LineMap): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: card.markdown }, range: lines.rangeOf(card.span) };
}

/**
 * @param suggestCommand the client's command that shows completions again, when it named one:
 *   run after a folder is inserted, it offers the next segment at once
 */
export function toCompletionItem(entry: CompletionEntry, lines: LineMap, sortIndex: number, suggestCommand?: string): CompletionItem {
  return {
    label: entry.label,
    kind: entry.kind === 'folder' ? CompletionItemKind.Folder : entry.kind === 'page' ? CompletionItemKind.File : entry.kind === 'value' ? CompletionItemKind.Constant : CompletionItemKind.Reference,
    detail: entry.detail,
    sortText: String(sortIndex).padStart(5, '0'),
    filterText: entry.filterText ?? entry.insertText,
    textEdit: { range: lines.rangeOf(entry.span), newText: entry.insertText },
    command: entry.leadsOn && suggestCommand ? { title: 'Complete the next segment', command: suggestCommand } : undefined,
  };
}

/** The quick fix a handbook diagnostic offers, if it offers one. */
export function toQuickFix(uri: string, diagnostic: Diagnostic): CodeAction | undefined {
  if (diagnostic.source !== 'handbook') return undefined;
  const fix = diagnostic.data as FixData | undefined;
  if (!fix || typeof fix.newText !== 'string' || !fix.range) return undefined;
  return {
    title: typeof fix.title === 'string' ? fix.title : `Change to \`${fix.newText}\``,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: true,
    edit: { changes: { [uri]: [{ range: fix.range, newText: fix.newText }] } },
  };
}

/** The client's command that lists the pages citing the value at a heading (the references there). */
export const SHOW_CITATIONS_COMMAND = 'handbook.showCitations';

/** A lens over a value's heading: how many pages cite it; running it lists them. */
export function toCitationLens(lens: CitationLens, lines: LineMap, uri: string): CodeLens {
  const range = lines.rangeOf(lens.span);
  const title = lens.pages === 0 ? 'cited by no page' : `cited by ${lens.pages} page${lens.pages === 1 ? '' : 's'}`;
  return { range, command: { title, command: SHOW_CITATIONS_COMMAND, arguments: [uri, range.start] } };
}

/** `handbook/values`: the values in effect, for the Values view and its commands. */
export const VALUES_REQUEST = 'handbook/values';
/** Sent when the values page changes or the site is loaded again: the view asks again. */
export const VALUES_CHANGED = 'handbook/valuesChanged';

/** A link that cites a value, where it is. */
export interface CitationPlace {
  uri: string;
  range: Range;
  /** The citing page's path in the content folder, and its title. */
  path: string;
  title?: string;
}

/** What `handbook/values` answers. */
export interface ValuesAnswer {
  valuesPage?: { uri: string; path: string; bundled: boolean };
  values: {
    name: string;
    anchor: string;
    definition: string;
    /** The whole link to it, from the page asked about: `[Step on toes](/handbook/company/values#step-on-toes)`. */
    link: string;
    /** The link's destination alone. */
    destination: string;
    /** Where its heading is. */
    uri: string;
    line: number;
    oldNames: string[];
    citations: CitationPlace[];
    oldCitations: CitationPlace[];
    pages: number;
  }[];
}

export function toValuesAnswer(values: SiteValues, summaries: ValueSummary[], uriOf: PageUri): ValuesAnswer {
  const place = (found: ValueSummary['citations']['links'][number]): CitationPlace => ({
    uri: uriOf(found.page),
    range: found.parsed.lines.rangeOf(found.link.span),
    path: found.page.path,
    title: found.page.outline.title,
  });
  const pageUri = uriOf(values.page);
  return {
    valuesPage: { uri: pageUri, path: values.page.path, bundled: values.page.layer === 'bundled' },
    values: summaries.map(({ value, definition, destination, citations }) => ({
      name: value.name,
      anchor: value.anchor,
      definition,
      link: `[${value.name}](${destination})`,
      destination,
      uri: pageUri,
      line: value.line,
      oldNames: value.oldNames,
      citations: citations.links.map(place),
      oldCitations: citations.oldLinks.map(place),
      pages: citations.pages.length,
    })),
  };
}

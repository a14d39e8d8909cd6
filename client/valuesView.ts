import {
  commands,
  EventEmitter,
  Location,
  MarkdownString,
  Position,
  Range,
  SnippetString,
  ThemeIcon,
  TreeItem,
  TreeItemCollapsibleState,
  Uri,
  window,
  workspace,
  type Disposable,
  type TreeDataProvider,
} from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/** What the server's `handbook/values` answers (server/convert.ts, ValuesAnswer). */
interface CitationPlace {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  path: string;
  title?: string;
}

export interface ValueEntry {
  name: string;
  anchor: string;
  definition: string;
  link: string;
  destination: string;
  uri: string;
  line: number;
  oldNames: string[];
  citations: CitationPlace[];
  oldCitations: CitationPlace[];
  pages: number;
}

interface ValuesAnswer {
  valuesPage?: { uri: string; path: string; bundled: boolean };
  values: ValueEntry[];
}

/** A row of the Values view: a value, or a link that cites it. */
export type ValuesNode = { kind: 'value'; value: ValueEntry } | { kind: 'citation'; value: ValueEntry; place: CitationPlace; old: boolean };

/**
 * The Explorer's Values view: each value with its definition as tooltip and how many pages
 * cite it; under it, each link that cites it, which opens the page there. The data is the
 * server's, asked again when the server says the values changed and when a page is saved.
 */
export class ValuesView implements TreeDataProvider<ValuesNode> {
  private readonly changed = new EventEmitter<ValuesNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private answer: Promise<ValuesAnswer> | undefined;

  constructor(private readonly client: LanguageClient) {}

  /** Forgets what the server said; the view asks again. */
  refresh(): void {
    this.answer = undefined;
    this.changed.fire(undefined);
  }

  /** The values, as the server has them now, with the links to them from `from` (a page's URI). */
  values(from?: Uri): Promise<ValueEntry[]> {
    if (from) return this.ask(from).then((answer) => answer.values);
    this.answer ??= this.ask(undefined);
    return this.answer.then((answer) => answer.values);
  }

  private async ask(from: Uri | undefined): Promise<ValuesAnswer> {
    try {
      return await this.client.sendRequest<ValuesAnswer>('handbook/values', from ? { textDocument: { uri: from.toString() } } : {});
    } catch {
      return { values: [] };
    }
  }

  async getChildren(node?: ValuesNode): Promise<ValuesNode[]> {
    if (!node) return (await this.values()).map((value) => ({ kind: 'value', value }));
    if (node.kind !== 'value') return [];
    return [
      ...node.value.citations.map((place): ValuesNode => ({ kind: 'citation', value: node.value, place, old: false })),
      ...node.value.oldCitations.map((place): ValuesNode => ({ kind: 'citation', value: node.value, place, old: true })),
    ];
  }

  getTreeItem(node: ValuesNode): TreeItem {
    if (node.kind === 'value') {
      const { value } = node;
      const cited = value.citations.length + value.oldCitations.length > 0;
      const item = new TreeItem(value.name, cited ? TreeItemCollapsibleState.Collapsed : TreeItemCollapsibleState.None);
      item.description = citedBy(value);
      item.tooltip = new MarkdownString(`**${value.name}**\n\n${value.definition}`);
      item.iconPath = new ThemeIcon('heart');
      item.contextValue = 'handbookValue';
      item.id = `value:${value.anchor}`;
      return item;
    }
    const { place, old } = node;
    const item = new TreeItem(place.title ?? place.path, TreeItemCollapsibleState.None);
    item.description = `${place.path}:${place.range.start.line + 1}${old ? ' · an old anchor' : ''}`;
    item.iconPath = new ThemeIcon(old ? 'warning' : 'link');
    item.command = { title: 'Open the citing link', command: 'vscode.open', arguments: [Uri.parse(place.uri), { selection: toRange(place.range) }] };
    return item;
  }
}

function toRange(range: CitationPlace['range']): Range {
  return new Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

/** The view and its commands: insert a link to a value, show the pages that cite one. */
export function registerValues(client: LanguageClient): { view: ValuesView; disposables: Disposable[] } {
  const view = new ValuesView(client);
  let pendingRefresh: ReturnType<typeof setTimeout> | undefined;
  const refreshSoon = (delayMs: number) => {
    clearTimeout(pendingRefresh);
    pendingRefresh = setTimeout(() => view.refresh(), delayMs);
  };
  const pickValue = async (values: ValueEntry[], placeHolder: string): Promise<ValueEntry | undefined> => {
    const picked = await window.showQuickPick(
      values.map((value) => ({ label: value.name, detail: firstParagraph(value.definition), description: citedBy(value), value })),
      { placeHolder, matchOnDetail: true },
    );
    return picked?.value;
  };
  const disposables: Disposable[] = [
    window.registerTreeDataProvider('handbook.values', view),
    // Sent as the values page is typed in: one refresh once it pauses.
    client.onNotification('handbook/valuesChanged', () => refreshSoon(250)),
    // Citations change as pages are edited, saved or not: asked again once typing pauses.
    workspace.onDidChangeTextDocument((event) => {
      if (!/\.mdx?$/i.test(event.document.fileName) || event.contentChanges.length === 0) return;
      refreshSoon(1000);
    }),
    { dispose: () => clearTimeout(pendingRefresh) },
    commands.registerCommand('handbook.refreshValues', () => view.refresh()),
    commands.registerCommand('handbook.insertValueLink', async () => {
      const editor = window.activeTextEditor;
      if (!editor) return;
      const value = await pickValue(await view.values(editor.document.uri), 'Insert a link to a value');
      if (!value) return;
      // Selected words become the link's text; else the value's name does.
      const selected = editor.selection.isEmpty ? undefined : editor.document.getText(editor.selection);
      // Brackets in the words would end the link's text early: escaped, they read the same.
      const text = (selected ?? value.name).replace(/[[\]]/g, '\\$&');
      await editor.insertSnippet(new SnippetString().appendText(`[${text}](${value.destination})`), editor.selection);
    }),
    // From a value's row, from the lens on its heading (its page and place), or from the palette (pick one).
    commands.registerCommand('handbook.showCitations', async (target?: ValuesNode | string, at?: { line: number }) => {
      const values = await view.values();
      const value =
        typeof target === 'string' && at
          ? values.find((candidate) => Uri.parse(candidate.uri).fsPath === Uri.parse(target).fsPath && candidate.line === at.line)
          : target && typeof target === 'object'
            ? target.value
            : await pickValue(values, 'Show the pages that cite a value');
      if (!value) return;
      const locations = [...value.citations, ...value.oldCitations].map((place) => new Location(Uri.parse(place.uri), toRange(place.range)));
      await commands.executeCommand('editor.action.showReferences', Uri.parse(value.uri), new Position(value.line, 3), locations);
    }),
  ];
  return { view, disposables };
}

function citedBy(value: ValueEntry): string {
  return value.pages === 0 ? 'cited by no page' : `cited by ${value.pages} page${value.pages === 1 ? '' : 's'}`;
}

/** A definition's first paragraph as plain words, for a one-line list: links as their text, no emphasis marks. */
function firstParagraph(markdown: string): string {
  const paragraph = markdown.split(/\n\s*\n/)[0] ?? '';
  return paragraph
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|\*|`)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { ParsedPage } from './core/page';

/**
 * The documents an editor has open: their text wins over the disk wherever the server reads a
 * page, and each version is parsed once. Whoever keeps the site's index in step hears of
 * each new parse (`onParsed`), before anything reads it.
 */
export class OpenDocuments {
  /** Open `file:` documents by file path. */
  private readonly byPath = new Map<string, string>();
  private readonly parses = new Map<string, { version: number; parsed: ParsedPage }>();

  constructor(
    readonly documents: TextDocuments<TextDocument>,
    /** Parses a page's text as the site's generator reads it. */
    private readonly parse: (text: string) => ParsedPage,
    private readonly onParsed: (document: TextDocument, parsed: ParsedPage) => void,
  ) {}

  get(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  all(): TextDocument[] {
    return this.documents.all();
  }

  opened(uri: string): void {
    if (uri.startsWith('file:')) this.byPath.set(fsPathOf(uri), uri);
    this.parses.delete(uri);
  }

  closed(uri: string): void {
    if (uri.startsWith('file:')) this.byPath.delete(fsPathOf(uri));
    this.parses.delete(uri);
  }

  /** The unsaved text of the page at a file path, when an editor has it open. */
  textAt(absolutePath: string): string | undefined {
    const uri = this.byPath.get(absolutePath);
    return uri === undefined ? undefined : this.documents.get(uri)?.getText();
  }

  /** The document's latest text, parsed: once per version. */
  parsedOf(document: TextDocument): ParsedPage {
    const cached = this.parses.get(document.uri);
    if (cached && cached.version === document.version) return cached.parsed;
    const parsed = this.parse(document.getText());
    this.parses.set(document.uri, { version: document.version, parsed });
    this.onParsed(document, parsed);
    return parsed;
  }

  /** Forgets every parse: a new index must hear of each document again. */
  reparseAll(): void {
    this.parses.clear();
  }
}

export function fsPathOf(uri: string): string {
  return URI.parse(uri).fsPath;
}

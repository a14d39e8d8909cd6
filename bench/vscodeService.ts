/**
 * VS Code's own Markdown language service (vscode-markdown-languageservice) checking every
 * link of the site, for comparison: the workspace folder is the content folder, so `/x`
 * resolves to `contents/x.md` as the site would serve it. Prints elapsed ms and the count.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import MarkdownIt from 'markdown-it';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';

async function main(): Promise<void> {
  const started = process.hrtime.bigint();
  const service = await import('vscode-markdown-languageservice');
  const contents = path.join(process.argv[2], 'contents');
  const documents = new Map<string, TextDocument>();
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await fs.readdir(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) await walk(file);
      else if (/\.mdx?$/.test(entry.name)) {
        const uri = URI.file(file).toString();
        documents.set(uri, TextDocument.create(uri, 'markdown', 1, await fs.readFile(file, 'utf8')));
      }
    }
  };
  await walk(contents);
  const never = () => ({ dispose() {} });
  const workspace = {
    workspaceFolders: [URI.file(contents)],
    onDidChangeMarkdownDocument: never,
    onDidCreateMarkdownDocument: never,
    onDidDeleteMarkdownDocument: never,
    getAllMarkdownDocuments: async () => documents.values(),
    hasMarkdownDocument: (uri: URI) => documents.has(uri.toString()),
    openMarkdownDocument: async (uri: URI) => documents.get(uri.toString()),
    stat: async (uri: URI) => {
      try {
        return { isDirectory: (await fs.stat(uri.fsPath)).isDirectory() };
      } catch {
        return undefined;
      }
    },
    readDirectory: async (uri: URI) =>
      (await fs.readdir(uri.fsPath, { withFileTypes: true })).map((entry) => [entry.name, { isDirectory: entry.isDirectory() }] as const),
  };
  const md = new MarkdownIt({ html: true });
  const language = service.createLanguageService({
    workspace,
    parser: { slugifier: service.githubSlugifier, tokenize: async (document: TextDocument) => md.parse(document.getText(), {}) },
    logger: { level: service.LogLevel.Off, log() {} },
    markdownFileExtensions: ['md', 'mdx'],
  } as never);
  const options = {
    validateFileLinks: service.DiagnosticLevel.warning,
    validateFragmentLinks: service.DiagnosticLevel.warning,
    validateMarkdownFileLinkFragments: service.DiagnosticLevel.warning,
    validateReferences: service.DiagnosticLevel.warning,
    validateUnusedLinkDefinitions: service.DiagnosticLevel.ignore,
    validateDuplicateLinkDefinitions: service.DiagnosticLevel.ignore,
    ignoreLinks: [],
  };
  const token = { isCancellationRequested: false, onCancellationRequested: never };
  let findings = 0;
  for (const document of documents.values()) findings += (await language.computeDiagnostics(document, options, token as never)).length;
  language.dispose();
  console.log(JSON.stringify({ ms: Number(process.hrtime.bigint() - started) / 1e6, findings }));
}

void main();

import * as path from 'path';
import { workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** Starts the bundled handbook language server for Markdown and MDX files. */
export async function activate(context: ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'markdown' },
      { language: 'mdx' },
      { pattern: '**/*.mdx' },
    ],
    initializationOptions: { handbook: workspace.getConfiguration('handbook') },
    synchronize: {
      configurationSection: 'handbook',
      fileEvents: workspace.createFileSystemWatcher('**/*.{md,mdx,txt}'),
    },
  };
  client = new LanguageClient('handbook', 'Handbook Language Server', serverOptions, clientOptions);
  context.subscriptions.push(client);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

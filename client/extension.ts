import * as path from 'path';
import { window, workspace, type ExtensionContext } from 'vscode';
import { registerValues, type ValuesView } from './valuesView';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** What the extension gives other extensions (and its in-editor tests): the Values view. */
export interface HandbookApi {
  valuesView: ValuesView;
}

/** Starts the bundled handbook language server for Markdown and MDX files, and the Values view. */
export async function activate(context: ExtensionContext): Promise<HandbookApi> {
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
    // After a folder is completed, VS Code shows the next segment's completions with this command.
    initializationOptions: { handbook: workspace.getConfiguration('handbook'), suggestCommand: 'editor.action.triggerSuggest' },
    errorHandler: restartingErrorHandler(),
    synchronize: {
      configurationSection: 'handbook',
      fileEvents: workspace.createFileSystemWatcher('**/{*.md,*.mdx,*.txt,netlify.toml,_redirects,vercel.json}'),
    },
  };
  client = new LanguageClient('handbook', 'Handbook Language Server', serverOptions, clientOptions);
  context.subscriptions.push(client);
  const values = registerValues(client);
  context.subscriptions.push(...values.disposables);
  await client.start();
  values.view.refresh();
  return { valuesView: values.view };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/**
 * Restarts a server that died, up to five times in three minutes, and tells the user once
 * per session rather than on every restart.
 */
function restartingErrorHandler(): ErrorHandler {
  const restarts: number[] = [];
  let told = false;
  return {
    error: () => ({ action: ErrorAction.Continue }),
    closed: () => {
      const now = Date.now();
      while (restarts.length > 0 && now - restarts[0] > 3 * 60_000) restarts.shift();
      if (restarts.length >= 5) {
        void window.showErrorMessage('The handbook language server stopped five times in three minutes and was not restarted again.');
        return { action: CloseAction.DoNotRestart };
      }
      restarts.push(now);
      if (!told) {
        told = true;
        void window.showWarningMessage('The handbook language server stopped unexpectedly and was restarted.');
      }
      return { action: CloseAction.Restart };
    },
  };
}

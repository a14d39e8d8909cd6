import * as vscode from 'vscode';

export const EXTENSION_ID = 'handbook-tools.handbook-language-tools';

export function workspaceUri(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, relative);
}

/** Resolves when `condition` holds, re-checking on each event; rejects after `timeoutMs`. */
export function waitFor<T>(
  what: string,
  event: vscode.Event<unknown>,
  condition: () => T | undefined,
  timeoutMs = 20_000,
): Promise<T> {
  const now = condition();
  if (now !== undefined) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const subscription = event(() => {
      const value = condition();
      if (value === undefined) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    });
  });
}

/** The diagnostics of a document once they satisfy `accept` (waiting on the change event). */
export function diagnosticsWhen(uri: vscode.Uri, what: string, accept: (d: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  return waitFor(what, vscode.languages.onDidChangeDiagnostics, () => {
    const diagnostics = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'handbook');
    return accept(diagnostics) ? diagnostics : undefined;
  });
}

/**
 * Re-checks an async condition every 50 ms until it yields a value (true counts), for states
 * no event announces (activation, a process restart); rejects after `timeoutMs`.
 */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the extension is active (there is no activation event to wait on). */
export async function activeExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not installed`);
  await eventually('the extension to activate', async () => extension.isActive);
  await extension.activate();
  return extension;
}

export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))
    .join('\n');
}

export async function completionLabels(uri: vscode.Uri, position: vscode.Position, trigger?: string): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position, trigger);
  return list.items
    .filter((item) => item.kind === vscode.CompletionItemKind.Folder || item.kind === vscode.CompletionItemKind.File || item.kind === vscode.CompletionItemKind.Reference)
    .map((item) => (typeof item.label === 'string' ? item.label : item.label.label))
    .sort();
}

/** Opens text in an editor without saving it: every check below works on unsaved text. */
export async function openWithText(uri: vscode.Uri, text: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
  await editor.edit((edit) => edit.replace(whole, text));
  return editor;
}

export function positionOf(document: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const offset = document.getText().indexOf(needle);
  if (offset === -1) throw new Error(`"${needle}" is not in ${document.uri.fsPath}`);
  return document.positionAt(offset + delta);
}

/** The Values view's rows, once the server has answered, with their tree items. */
export async function valuesViewRows(): Promise<{ view: vscode.TreeDataProvider<unknown>; rows: unknown[]; items: vscode.TreeItem[] }> {
  const extension = await activeExtension();
  const view = (extension.exports as { valuesView: vscode.TreeDataProvider<unknown> }).valuesView;
  const rows = await eventually('the values from the server', async () => {
    const children = (await view.getChildren()) ?? [];
    return children.length > 0 ? children : undefined;
  });
  return { view, rows, items: await Promise.all(rows.map((row) => view.getTreeItem(row))) };
}

/// <reference types="mocha" />
import * as assert from 'assert';
import { execSync } from 'child_process';
import * as vscode from 'vscode';
import {
  activeExtension,
  completionLabels,
  diagnosticsWhen,
  hoverText,
  openWithText,
  positionOf,
  valuesViewRows,
  eventually,
  workspaceUri,
} from './vscodeHelpers';

/** Checks that need a handbook workspace (test/editor/workspace). */
export function registerHandbookTests(installed: boolean): void {
  suite(installed ? 'Handbook extension installed from the .vsix' : 'Handbook extension in VS Code', () => {
    test('activates on an .mdx page (and so on .md)', async () => {
      const document = await vscode.workspace.openTextDocument(workspaceUri('contents/handbook/people/benefits.mdx'));
      await vscode.window.showTextDocument(document);
      const extension = await activeExtension();
      assert.ok(extension.isActive);
      if (installed) assert.ok(!extension.extensionPath.startsWith(process.env.HANDBOOK_DEV_PATH ?? '\0'), 'the installed .vsix is the one running');
      const markdown = await vscode.workspace.openTextDocument(workspaceUri('contents/handbook/company/team.md'));
      assert.equal(markdown.languageId, 'markdown');
      assert.equal(document.languageId, 'mdx');
    });

    test('hover on a value link shows its definition; on a page link, its title', async () => {
      const document = await vscode.workspace.openTextDocument(workspaceUri('contents/handbook/links.md'));
      await vscode.window.showTextDocument(document);
      const value = await hoverText(document.uri, positionOf(document, 'step on toes', 3));
      assert.match(value, /\*\*Value: Step on toes\*\*/);
      assert.match(value, /Pick the most \*important\* thing and work on it\./);
      const page = await hoverText(document.uri, positionOf(document, 'the team', 2));
      assert.match(page, /^\*\*Team\*\*/);
    });

    test('the Values view lists each value with how many pages cite it; a value opens to the links that cite it', async () => {
      const { view, rows, items } = await valuesViewRows();
      assert.deepEqual(items.map((item) => [item.label, item.description]), [
        ['Step on toes', 'cited by 1 page'],
        ['Talent compounds', 'cited by no page'],
      ]);
      assert.match((items[0].tooltip as vscode.MarkdownString).value, /^\*\*Step on toes\*\*\n\nPick the most \*important\* thing/);
      const citing = await Promise.all(((await view.getChildren(rows[0])) ?? []).map((row) => view.getTreeItem(row)));
      assert.deepEqual(citing.map((item) => [item.label, item.description, item.command?.command]), [['Links', 'handbook/links.md:3', 'vscode.open']]);
    });

    test('prose that names a value has a hint whose quick fix links it', async () => {
      const uri = workspaceUri('contents/handbook/draft.md');
      const editor = await openWithText(uri, 'We talent compounds here.');
      const [hint] = await diagnosticsWhen(uri, 'the mention\'s hint', (d) => d.length === 1);
      assert.equal(hint.severity, vscode.DiagnosticSeverity.Hint);
      assert.equal(hint.code, 'value.unlinked-mention');
      assert.equal(editor.document.getText(hint.range), 'talent compounds');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, hint.range, vscode.CodeActionKind.QuickFix.value);
      const link = actions.find((action) => action.title === 'Link to the value Talent compounds');
      assert.ok(link?.edit, `no action among ${actions.map((a) => a.title).join(', ')}`);
      assert.ok(await vscode.workspace.applyEdit(link.edit));
      assert.equal(editor.document.getText(), 'We [talent compounds](/handbook/company/values#talent-compounds) here.');
      await diagnosticsWhen(uri, 'the linked mention to clear', (d) => d.length === 0);
    });

    if (installed) return;

    test('completes paths after ](/handbook/ and anchors after #', async () => {
      const uri = workspaceUri('contents/handbook/draft.md');
      const editor = await openWithText(uri, 'See [x](/handbook/');
      const end = editor.document.positionAt(editor.document.getText().length);
      assert.deepEqual(await completionLabels(uri, end, '/'), ['company', 'draft', 'links', 'people']);
      // Accepting a folder inserts its slash and shows the next segment's completions at once.
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, end, '/');
      const company = list.items.find((item) => item.label === 'company');
      assert.equal(typeof company?.insertText === 'string' ? company.insertText : company?.insertText?.value, 'company/');
      assert.equal(company?.command?.command, 'editor.action.triggerSuggest');
      await openWithText(uri, 'See [x](/handbook/company/values#');
      const anchorEnd = editor.document.positionAt(editor.document.getText().length);
      assert.deepEqual(await completionLabels(uri, anchorEnd, '#'), ['step-on-toes', 'talent-compounds']);
    });

    test('a broken link typed in an unsaved editor is flagged; fixing it clears it', async () => {
      const uri = workspaceUri('contents/handbook/draft.md');
      const editor = await openWithText(uri, 'See [v](/handbook/company/valuez).');
      const [diagnostic] = await diagnosticsWhen(uri, 'the broken link', (d) => d.length === 1);
      assert.equal(diagnostic.message, 'No page at `/handbook/company/valuez`; did you mean `/handbook/company/values`?');
      assert.equal(editor.document.getText(diagnostic.range), '/handbook/company/valuez');
      assert.ok(editor.document.isDirty);
      await editor.edit((edit) => edit.replace(diagnostic.range, '/handbook/company/values'));
      await diagnosticsWhen(uri, 'the fix to clear it', (d) => d.length === 0);
    });

    test('the quick fix edits the document to the suggested target', async () => {
      const uri = workspaceUri('contents/handbook/draft.md');
      const editor = await openWithText(uri, 'See [v](/handbook/company/values#step-on-tos).');
      const [diagnostic] = await diagnosticsWhen(uri, 'the broken anchor', (d) => d.length === 1);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((action) => action.title === 'Change to `step-on-toes`');
      assert.ok(fix?.edit, `no quick fix among ${actions.map((a) => a.title).join(', ')}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.equal(editor.document.getText(), 'See [v](/handbook/company/values#step-on-toes).');
      await diagnosticsWhen(uri, 'the fixed link to clear', (d) => d.length === 0);
    });

    test('renaming a heading in another open page breaks the links to its old anchor, live', async () => {
      const linking = workspaceUri('contents/handbook/draft.md');
      await openWithText(linking, '[pension](/handbook/people/benefits#pension)');
      await diagnosticsWhen(linking, 'a clean start', (d) => d.length === 0);
      const benefits = await vscode.workspace.openTextDocument(workspaceUri('contents/handbook/people/benefits.mdx'));
      const editor = await vscode.window.showTextDocument(benefits);
      const heading = positionOf(benefits, 'Pension');
      await editor.edit((edit) => edit.replace(new vscode.Range(heading, heading.translate(0, 'Pension'.length)), 'Retirement'));
      const [broken] = await diagnosticsWhen(linking, 'the renamed anchor to break the link', (d) => d.length === 1);
      assert.match(broken.message, /No heading or anchor `#pension` in `\/handbook\/people\/benefits`/);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await diagnosticsWhen(linking, 'the revert to mend it', (d) => d.length === 0);
    });

    test('Ctrl+click on a site link opens the page at its heading (definition and document link)', async () => {
      const document = await vscode.workspace.openTextDocument(workspaceUri('contents/handbook/links.md'));
      const editor = await vscode.window.showTextDocument(document);
      const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', document.uri);
      const toValues = links.find((link) => link.target?.path.endsWith('/contents/handbook/company/values.md'));
      assert.ok(toValues?.target, `links: ${links.map((link) => link.target?.toString()).join(', ')}`);
      assert.equal(toValues.target.fragment, 'L6');
      assert.equal(document.getText(toValues.range), '/handbook/company/values#step-on-toes');
      editor.selection = new vscode.Selection(positionOf(document, 'step on toes', 2), positionOf(document, 'step on toes', 2));
      await vscode.commands.executeCommand('editor.action.revealDefinition');
      const opened = await eventually('the values page to open', async () => vscode.window.activeTextEditor?.document.uri.path.endsWith('/company/values.md') && vscode.window.activeTextEditor);
      assert.equal(opened.selection.active.line, 5);
      assert.equal(opened.document.lineAt(5).text, '## Step on toes');
    });

    test('renaming a heading in VS Code updates the links to it, an unsaved page included', async () => {
      const draft = workspaceUri('contents/handbook/draft.md');
      const draftEditor = await openWithText(draft, 'Unsaved: [talent](/handbook/company/values#talent-compounds).');
      const values = await vscode.workspace.openTextDocument(workspaceUri('contents/handbook/company/values.md'));
      const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', values.uri, positionOf(values, 'Talent compounds', 2), 'Talent multiplies');
      assert.ok(await vscode.workspace.applyEdit(edit));
      try {
        assert.equal(draftEditor.document.getText(), 'Unsaved: [talent](/handbook/company/values#talent-multiplies).');
        assert.ok(draftEditor.document.isDirty);
        assert.match(values.getText(), /^## Talent multiplies$/m);
      } finally {
        await vscode.window.showTextDocument(values);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
    });

    test('moving a page (as the Explorer does) updates the links to it', async () => {
      const draft = workspaceUri('contents/handbook/draft.md');
      const draftEditor = await openWithText(draft, 'See [pension](/handbook/people/benefits#pension).');
      const from = workspaceUri('contents/handbook/people/benefits.mdx');
      const to = workspaceUri('contents/handbook/people/perks.mdx');
      const move = new vscode.WorkspaceEdit();
      move.renameFile(from, to);
      assert.ok(await vscode.workspace.applyEdit(move));
      try {
        await eventually('the link to follow the page', async () => draftEditor.document.getText() === 'See [pension](/handbook/people/perks#pension).');
      } finally {
        const back = new vscode.WorkspaceEdit();
        back.renameFile(to, from);
        await vscode.workspace.applyEdit(back);
      }
    });

    test('if the server process dies, the client restarts it and hovers answer again', async () => {
      const document = await vscode.workspace.openTextDocument(workspaceUri('contents/handbook/links.md'));
      const position = positionOf(document, 'step on toes', 3);
      assert.match(await hoverText(document.uri, position), /Value: Step on toes/);
      const serverPid = execSync(`pgrep -P ${process.pid} -f dist/server.js`, { encoding: 'utf8' }).trim().split('\n')[0];
      process.kill(Number(serverPid), 'SIGKILL');
      await eventually('a restarted server process', async () => {
        const now = execSync(`pgrep -P ${process.pid} -f dist/server.js || true`, { encoding: 'utf8' }).trim();
        return now !== '' && !now.split('\n').includes(serverPid);
      });
      const hover = await eventually('a hover from the restarted server', async () => {
        const text = await hoverText(document.uri, position);
        return /Value: Step on toes/.test(text) ? text : undefined;
      });
      assert.match(hover, /Value: Step on toes/);
    });

    test('changing handbook.contentRoot takes effect without a reload', async () => {
      const uri = workspaceUri('notes/outside.md');
      await openWithText(uri, '[alt](/handbook/alt-only)');
      await diagnosticsWhen(uri, 'the link to be missing under contents/', (d) => d.length === 1);
      const config = vscode.workspace.getConfiguration('handbook');
      await config.update('contentRoot', 'alt-content', vscode.ConfigurationTarget.Workspace);
      try {
        await diagnosticsWhen(uri, 'the link to exist under alt-content/', (d) => d.length === 0);
      } finally {
        await config.update('contentRoot', undefined, vscode.ConfigurationTarget.Workspace);
      }
      await diagnosticsWhen(uri, 'the setting reset to bring contents/ back', (d) => d.length === 1);
    });
  });
}

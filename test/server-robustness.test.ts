import { describe, test } from 'node:test';
import { spawn } from 'child_process';
import assert from 'node:assert/strict';
import { LspClient } from './lspClient';
import { SITE, tempSite } from './fixtures';

interface Hover { contents: { value: string } }

describe('handbook-ls under stress and faults', () => {
  test('a burst of 1,000 edits ends with diagnostics for the last version, checked a few times, not a thousand', async () => {
    const client = new LspClient(tempSite(SITE));
    try {
      await client.initialize();
      const uri = client.uri('contents/handbook/burst.md');
      await client.open(uri, '');
      await client.forVersion(uri, 1);
      const before = client.publishCounts.get(uri) ?? 0;
      let last = 1;
      for (let i = 0; i < 1000; i++) {
        last = await client.change(uri, `Edit ${i}: [x](/handbook/company/valuez${i % 2 === 0 ? '' : 'z'})`);
      }
      const final = await client.forVersion(uri, last);
      assert.equal(final.version, 1001);
      assert.equal(final.diagnostics.length, 1);
      assert.match(final.diagnostics[0].message, /^No page at `\/handbook\/company\/valuezz`/);
      const publishes = (client.publishCounts.get(uri) ?? 0) - before;
      assert.ok(publishes < 50, `${publishes} publishes for one burst`);
    } finally {
      await client.stop();
    }
  });

  test('a cancelled request is answered and the server goes on', async () => {
    const client = new LspClient(tempSite(SITE));
    try {
      await client.initialize();
      const uri = client.uri('contents/handbook/cancel.md');
      await client.open(uri, '[v](/handbook/company/values#step-on-toes)');
      const { CancellationTokenSource } = await import('vscode-jsonrpc');
      const source = new CancellationTokenSource();
      const pending = client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 10 } }, source.token);
      source.cancel();
      await pending.then(
        () => undefined,
        (error: { code?: number }) => assert.equal(error.code, -32800),
      );
      const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 10 } });
      assert.match(hover.contents.value, /Value: Step on toes/);
    } finally {
      await client.stop();
    }
  });

  test('an exception in one feature for one page is logged, answered empty, and the server keeps serving', async () => {
    const previous = process.env.HANDBOOK_FAULTS;
    process.env.HANDBOOK_FAULTS = 'hover,completion,diagnostics';
    const client = new LspClient(tempSite(SITE));
    process.env.HANDBOOK_FAULTS = previous;
    try {
      await client.initialize();
      const faulty = client.uri('contents/handbook/faulty.md');
      await client.open(faulty, '<!-- handbook-fault -->\n[v](/handbook/company/values#step-on-toes) [x](/handbook/nope)');
      const position = { line: 1, character: 10 };
      assert.equal(await client.request('textDocument/hover', { textDocument: { uri: faulty }, position }), null);
      assert.deepEqual(await client.request('textDocument/completion', { textDocument: { uri: faulty }, position }), []);
      const healthy = client.uri('contents/handbook/healthy.md');
      await client.open(healthy, '[v](/handbook/company/values#step-on-toes) [x](/handbook/nope)');
      assert.equal((await client.forVersion(healthy, 1)).diagnostics.length, 1);
      const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: healthy }, position: { line: 0, character: 10 } });
      assert.match(hover.contents.value, /Value: Step on toes/);
      const logs = client.logs.join('\n');
      assert.match(logs, /The hover request failed: Error: injected fault in hover/);
      assert.match(logs, /The completion request failed: Error: injected fault in completion/);
      assert.match(logs, /Checking \S+faulty\.md failed: Error: injected fault in diagnostics/);
    } finally {
      await client.stop();
    }
  });

  test('requests are answered by the protocol\'s rules: not before initialize, from initialize on, not after shutdown', async () => {
    const client = new LspClient(tempSite(SITE));
    const hover = (uri: string) =>
      client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } }).then(
        (answer) => ({ answer }),
        (error: { code: number; message: string }) => ({ error: `${error.code} ${error.message}` }),
      );
    try {
      const uri = client.uri('contents/handbook/index.md');
      assert.deepEqual(await hover(uri), { error: '-32002 the server has not been initialized' });
      await client.connection.sendRequest('initialize', { processId: process.pid, rootUri: client.uri(''), capabilities: {} });
      // Before `initialized`: answered once the site is loaded.
      assert.deepEqual(await hover(uri), { answer: null });
      await client.connection.sendNotification('initialized', {});
      await client.connection.sendRequest('shutdown');
      assert.deepEqual(await hover(uri), { error: '-32600 the server has been shut down' });
    } finally {
      await client.stop();
    }
  });

  test('the server exits when its input ends, and when the editor that started it dies', async () => {
    const exited = (client: LspClient) => new Promise<number | null>((resolve) => client.process.once('exit', (code) => resolve(code)));
    const inputEnds = new LspClient(tempSite(SITE));
    await inputEnds.initialize();
    const ended = exited(inputEnds);
    inputEnds.process.stdin!.end();
    assert.equal(await ended, 1);

    const editor = spawn('sleep', ['60']);
    const orphan = new LspClient(tempSite(SITE));
    await orphan.connection.sendRequest('initialize', { processId: editor.pid, rootUri: orphan.uri(''), capabilities: {} });
    await orphan.connection.sendNotification('initialized', {});
    const gone = exited(orphan);
    editor.kill();
    // The server looks for its editor every few seconds.
    assert.equal(await gone, 1);
  });
});

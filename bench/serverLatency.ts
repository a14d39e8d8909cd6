import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'fs';
import * as path from 'path';
import { LineMap } from '../server/core/text';
import { LspClient } from '../test/lspClient';

export interface ServerFigures {
  /** From spawning the server to the first hover's answer, one sample per start. */
  firstHoverMs: number[];
  hover: number[];
  completion: number[];
  diagnostics: number[];
  definition: number[];
  documentLinks: number[];
  workspaceSymbols: number[];
  references: number[];
  /** How many links the references found, and the rename edited. */
  referenceCount: number;
  /** A heading 1,000 pages link to renamed: the request's answer, end to end. */
  rename: number[];
  renameEdits: number;
  renameRecheckMs: number;
  peakRssMb: number;
}

const LINKERS = 1000;
const OPEN_LINKERS = 20;
/** Requests that read every linking page are sampled fewer times: each reads a thousand. */
const HEAVY_SAMPLES = 20;

/**
 * Drives the built server over stdio on a site: time to the first hover (over `starts`
 * starts, as one start on a noisy machine says little), hover and completion latency,
 * diagnostics latency after edits, definition, document links, references of a heading
 * 1,000 pages link to and its rename (the request, end to end), and how long an edit of
 * that heading takes to reach the open pages that link to it. Peak RSS from /proc.
 */
export async function measureServer(root: string, routes: string, samples: number, starts = 3): Promise<ServerFigures> {
  const linkers = path.join(root, 'contents', 'zz-bench-linkers');
  mkdirSync(linkers, { recursive: true });
  for (let i = 0; i < LINKERS; i++) {
    writeFileSync(path.join(linkers, `linker-${i}.md`), `# Linker ${i}\n\nWe [step on toes](/handbook/company/values#step-on-toes) every day.\n`);
  }
  const text = ['# Bench', '', 'See [values](/handbook/company/values#step-on-toes) and [team](/handbook/company/team).', '', 'Type [here](/handbook/'].join('\n');
  const lines = new LineMap(text);
  const hoverAt = lines.positionAt(text.indexOf('values#') + 2);
  /** Starts a server, opens the bench page and waits for the first hover: the client and how long it took. */
  const startAndHover = async (): Promise<{ client: LspClient; page: string; ms: number }> => {
    const started = process.hrtime.bigint();
    const client = new LspClient(root);
    await client.initialize({ handbook: { routesFile: routes } });
    const page = client.uri('contents/handbook/bench-page.md');
    await client.open(page, text);
    await client.request('textDocument/hover', { textDocument: { uri: page }, position: hoverAt });
    return { client, page, ms: elapsed(started) };
  };
  const firstHoverMs: number[] = [];
  for (let i = 1; i < starts; i++) {
    const { client, ms } = await startAndHover();
    firstHoverMs.push(ms);
    await client.stop();
  }
  const { client, page, ms } = await startAndHover();
  firstHoverMs.push(ms);
  try {
    const hover = await timeEach(samples, () => client.request('textDocument/hover', { textDocument: { uri: page }, position: hoverAt }));
    const completionAt = lines.positionAt(text.length);
    const completion = await timeEach(samples, () => client.request('textDocument/completion', { textDocument: { uri: page }, position: completionAt }));

    await client.forVersion(page, 1);
    const diagnostics: number[] = [];
    for (let i = 0; i < samples; i++) {
      const edited = text.replace('/handbook/company/team', i % 2 === 0 ? '/handbook/company/teem' : '/handbook/company/team');
      const sent = process.hrtime.bigint();
      const version = await client.change(page, edited);
      await client.forVersion(page, version);
      diagnostics.push(elapsed(sent));
    }

    const definition = await timeEach(samples, () => client.request('textDocument/definition', { textDocument: { uri: page }, position: hoverAt }));
    const documentLinks = await timeEach(samples, () => client.request('textDocument/documentLink', { textDocument: { uri: page } }));
    const queries = ['toes', 'hiring', 'deploy', 'a'];
    let query = 0;
    const workspaceSymbols = await timeEach(samples, () => client.request('workspace/symbol', { query: queries[query++ % queries.length] }));
    let referenceCount = 0;
    const references = await timeEach(HEAVY_SAMPLES, async () => {
      const found = await client.request<unknown[]>('textDocument/references', { textDocument: { uri: page }, position: hoverAt, context: { includeDeclaration: false } });
      referenceCount = found.length;
    });
    const valuesUri = client.uri('contents/handbook/company/values.md');
    const valuesOnDisk = readFileSync(path.join(root, 'contents/handbook/company/values.md'), 'utf8');
    await client.open(valuesUri, valuesOnDisk);
    const headingAt = new LineMap(valuesOnDisk).positionAt(valuesOnDisk.indexOf('## Step on toes') + 4);
    let renameEdits = 0;
    const rename = await timeEach(HEAVY_SAMPLES, async () => {
      const edit = await client.request<{ changes: Record<string, unknown[]> }>('textDocument/rename', { textDocument: { uri: valuesUri }, position: headingAt, newName: 'Step on all toes' });
      renameEdits = Object.values(edit.changes).reduce((sum, edits) => sum + edits.length, 0);
    });

    const open = Array.from({ length: OPEN_LINKERS }, (_, i) => client.uri(`contents/zz-bench-linkers/linker-${i}.md`));
    for (let i = 0; i < OPEN_LINKERS; i++) await client.open(open[i], readFileSync(path.join(linkers, `linker-${i}.md`), 'utf8'));
    for (const uri of open) await client.forVersion(uri, 1);
    const renamedAt = process.hrtime.bigint();
    await client.change(valuesUri, valuesOnDisk.replace('## Step on toes', '## Step on everyone’s toes'));
    await Promise.all(open.map((uri) => client.diagnostics(uri, (p) => p.diagnostics.length === 1, 30_000)));
    const renameRecheckMs = elapsed(renamedAt);

    const status = readFileSync(`/proc/${client.pid}/status`, 'utf8');
    const peakRssMb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    return { firstHoverMs, hover, completion, diagnostics, definition, documentLinks, workspaceSymbols, references, referenceCount, rename, renameEdits, renameRecheckMs, peakRssMb };
  } finally {
    await client.stop();
    rmSync(linkers, { recursive: true, force: true });
  }
}

function elapsed(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

async function timeEach(count: number, request: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const sent = process.hrtime.bigint();
    await request();
    times.push(elapsed(sent));
  }
  return times;
}

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
  renameRecheckMs: number;
  peakRssMb: number;
}

const LINKERS = 1000;
const OPEN_LINKERS = 20;

/**
 * Drives the built server over stdio on a site: time to the first hover (over `starts`
 * starts, as one start on a noisy machine says little), hover and completion latency,
 * diagnostics latency after edits, and how long a heading rename in a page that 1,000 pages
 * link to takes to reach the open ones. Peak RSS from /proc.
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

    const open = Array.from({ length: OPEN_LINKERS }, (_, i) => client.uri(`contents/zz-bench-linkers/linker-${i}.md`));
    for (let i = 0; i < OPEN_LINKERS; i++) await client.open(open[i], readFileSync(path.join(linkers, `linker-${i}.md`), 'utf8'));
    for (const uri of open) await client.forVersion(uri, 1);
    const values = client.uri('contents/handbook/company/values.md');
    const valuesText = readFileSync(path.join(root, 'contents/handbook/company/values.md'), 'utf8');
    await client.open(values, valuesText);
    const renamedAt = process.hrtime.bigint();
    await client.change(values, valuesText.replace('## Step on toes', '## Step on everyone’s toes'));
    await Promise.all(open.map((uri) => client.diagnostics(uri, (p) => p.diagnostics.length === 1, 30_000)));
    const renameRecheckMs = elapsed(renamedAt);

    const status = readFileSync(`/proc/${client.pid}/status`, 'utf8');
    const peakRssMb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    return { firstHoverMs, hover, completion, diagnostics, renameRecheckMs, peakRssMb };
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

/**
 * Load test (not a timed test): drives a burst of edits into the built server and prints
 * the version its last diagnostics were for, how many times it published, and its memory
 * before, right after and once settled after the burst.
 * Usage: npm run build && npx tsx scripts/edit-burst.ts [EDITS=1000]
 */
import { LspClient } from '../test/lspClient';
import { SITE, tempSite } from '../test/fixtures';

interface Memory { rss: number; heapUsed: number }
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  const edits = Number(process.argv[2] ?? 1000);
  const client = new LspClient(tempSite(SITE), ['--expose-gc']);
  await client.initialize();
  const uri = client.uri('contents/handbook/burst.md');
  const body = '## Heading\n\nSome [values](/handbook/company/values#step-on-toes) text.\n\n'.repeat(200);
  await client.open(uri, body);
  await client.forVersion(uri, 1);
  const before = await client.request<Memory>('handbook/memoryUsage', {});
  const started = Date.now();
  let last = 1;
  for (let i = 0; i < edits; i++) last = await client.change(uri, `${body}Edit ${i} [x](/handbook/company/valuez${i})\n`);
  const final = await client.forVersion(uri, last);
  const elapsed = Date.now() - started;
  const during = await client.request<Memory>('handbook/memoryUsage', {});
  const settled = await client.request<Memory>('handbook/memoryUsage', {});
  console.log(`edits sent:                 ${edits}`);
  console.log(`last diagnostics version:   ${final.version} (expected ${last}), ${final.diagnostics.length} finding(s)`);
  console.log(`diagnostics published:      ${client.publishCounts.get(uri)} (including the one on open)`);
  console.log(`burst to final diagnostics: ${elapsed} ms`);
  console.log(`heap used before / after:   ${mb(before.heapUsed)} / ${mb(settled.heapUsed)} (after a full collection)`);
  console.log(`RSS before / after / settled: ${mb(before.rss)} / ${mb(during.rss)} / ${mb(settled.rss)}`);
  await client.stop();
  process.exit(final.version === last ? 0 : 1);
}

void main();

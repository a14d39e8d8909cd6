/**
 * A second opinion on the corpus check: extracts link destinations with plain regular
 * expressions (no Markdown parser; fenced code blocks dropped by line), resolves them with
 * the same site rules, and compares the broken ones with what handbook-check reports.
 * Usage: npx tsx scripts/corpus-audit.ts CORPUS_DIR REPORT.json
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { readLinkTarget } from '../server/core/linkTarget';
import { SiteIndex } from '../server/core/siteIndex';
import { DiskWorkspace } from '../server/diskWorkspace';
import { readRoutesFile } from '../server/siteFiles';

async function main(): Promise<void> {
  const [corpus, reportFile] = process.argv.slice(2);
  const index = new SiteIndex({ siteUrl: 'https://posthog.com', valuesPages: ['/handbook/company/values', '/handbook/values'] });
  const disk = new DiskWorkspace(path.join(corpus, 'contents'));
  await index.load('workspace', disk, { paths: readRoutesFile(path.join(corpus, 'routes.txt'), corpus), complete: true });
  const expected = new Set<string>();
  for (const page of index.pages('workspace')) {
    const text = readFileSync(disk.absolutePath(page.path), 'utf8').replace(/^(```|~~~)[^]*?^\1/gm, (block) => block.replace(/[^\n]/g, ' '));
    const pattern = /\]\(\s*<?([^\s)>]+)|(?:href|to)=["']([^"']+)["']|^\s*\[[^\]]+\]:\s*(\S+)/gm;
    for (const match of text.matchAll(pattern)) {
      const written = match[1] ?? match[2] ?? match[3];
      // Images are not links; the regex cannot tell `![alt](src)` apart, their extension can.
      if (/\.(png|jpe?g|gif|svg|webp)$/i.test(written)) continue;
      const line = text.slice(0, match.index).split('\n').length;
      if (written.startsWith('#')) {
        if (!page.outline.anchors.has(decodeURIComponent(written.slice(1))) && written.length > 1) expected.add(`${page.path}:${line} ${written}`);
        continue;
      }
      const target = readLinkTarget(written, page.url, 'https://posthog.com');
      if (target.kind !== 'site') continue;
      const resolution = index.resolve(target.path);
      if (resolution.kind === 'missing') expected.add(`${page.path}:${line} ${written}`);
      else if (resolution.kind === 'page' && target.anchor && !resolution.page.outline.anchors.has(target.anchor)) {
        if (target.path !== '/handbook/company/team') expected.add(`${page.path}:${line} ${written}`);
      }
    }
  }
  const reported = new Set<string>();
  for (const item of JSON.parse(readFileSync(reportFile, 'utf8')) as { file: string; line: number; target: string; code: string; targetPath?: string; message: string }[]) {
    if (item.code === 'link.missing-anchor' && item.message.includes('`/handbook/company/team`')) continue;
    reported.add(`${item.file.replace(/^contents\//, '')}:${item.line} ${item.target}`);
  }
  const both = [...reported].filter((key) => expected.has(key));
  console.log(`regex oracle: ${expected.size} broken; handbook-check: ${reported.size}; in both: ${both.length}`);
  console.log('only handbook-check:\n  ' + [...reported].filter((k) => !expected.has(k)).join('\n  '));
  console.log('only oracle:\n  ' + [...expected].filter((k) => !reported.has(k)).join('\n  '));
}

void main();

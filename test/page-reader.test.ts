import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, symlinkSync, writeFileSync } from 'fs';
import * as path from 'path';
import { PageReader } from '../server/pageReader';
import { DiskWorkspace } from '../server/diskWorkspace';
import { tempSite } from './fixtures';

/** The reader thread as `npm run build` bundles it. */
const READER = path.join(__dirname, '..', 'dist', 'reader.js');

/** A site of `count` pages, enough for many batches, with a binary file among them. */
function manyPages(count: number): string {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) files[`contents/handbook/page-${String(i).padStart(3, '0')}.md`] = `# Page ${i}\n\nText of page ${i}, “quoted”.\n`;
  const root = tempSite(files);
  writeFileSync(path.join(root, 'contents/handbook/page-050.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3, 0, 0]));
  return path.join(root, 'contents');
}

/** Every page read through a reader (asked for the given paths, in order), with the notices it passed on. */
async function readThrough(reader: PageReader, contentRoot: string, order?: (paths: string[]) => string[]) {
  const notices: string[] = [];
  const disk = new DiskWorkspace(contentRoot, undefined, (message) => notices.push(message));
  const pagePaths = await disk.listPages();
  reader.readAhead(disk, pagePaths, (message) => notices.push(message));
  const texts = new Map<string, string | undefined>();
  for (const pagePath of order ? order(pagePaths) : pagePaths) texts.set(pagePath, await reader.readPage(pagePath));
  reader.stop();
  return { texts, notices: [...new Set(notices)].sort() };
}

/** The same pages read in this thread alone. */
async function readDirectly(contentRoot: string) {
  const notices: string[] = [];
  const disk = new DiskWorkspace(contentRoot, undefined, (message) => notices.push(message));
  const texts = new Map<string, string | undefined>();
  for (const pagePath of await disk.listPages()) texts.set(pagePath, await disk.readPage(pagePath));
  return { texts, notices: [...new Set(notices)].sort() };
}

describe('the reader thread of handbook-check', () => {
  test('hands over, in order, exactly the texts and notices this thread would read', async () => {
    const contentRoot = manyPages(300);
    const expected = await readDirectly(contentRoot);
    assert.equal(expected.texts.get('handbook/page-050.md'), undefined);
    assert.equal(expected.notices.length, 1);
    assert.deepEqual(await readThrough(new PageReader(READER), contentRoot), expected);
  });

  test('pages asked for out of order, or after the thread is gone, are read here', async () => {
    const contentRoot = manyPages(120);
    const expected = await readDirectly(contentRoot);
    // Every other page skipped, then the skipped ones: the reader's order is broken at once.
    const shuffled = (paths: string[]) => [...paths.filter((_, i) => i % 2 === 0), ...paths.filter((_, i) => i % 2 === 1)];
    assert.deepEqual(await readThrough(new PageReader(READER), contentRoot, shuffled), expected);
    // A thread that cannot start at all.
    assert.deepEqual(await readThrough(new PageReader(path.join(contentRoot, 'no-such-reader.js')), contentRoot), expected);
  });

  test('stopped half way, the rest is read here', async () => {
    const contentRoot = manyPages(200);
    const expected = await readDirectly(contentRoot);
    const reader = new PageReader(READER);
    const disk = new DiskWorkspace(contentRoot);
    const pagePaths = await disk.listPages();
    reader.readAhead(disk, pagePaths, () => undefined);
    const texts = new Map<string, string | undefined>();
    for (const [i, pagePath] of pagePaths.entries()) {
      if (i === 100) reader.stop();
      texts.set(pagePath, await reader.readPage(pagePath));
    }
    assert.deepEqual(texts, expected.texts);
  });

  test("an editor's unsaved text wins over what the thread read", async () => {
    const contentRoot = manyPages(40);
    const unsaved = path.join(contentRoot, 'handbook', 'page-007.md');
    const disk = new DiskWorkspace(contentRoot, (absolute) => (absolute === unsaved ? '# Unsaved' : undefined));
    const reader = new PageReader(READER);
    const pagePaths = await disk.listPages();
    reader.readAhead(disk, pagePaths, () => undefined);
    const texts = [];
    for (const pagePath of pagePaths) texts.push(await reader.readPage(pagePath));
    reader.stop();
    assert.equal(texts[7], '# Unsaved');
    assert.equal(texts[8], '# Page 8\n\nText of page 8, “quoted”.\n');
  });

  test('once the thread has read the listed pages, this thread checks a page for a symlink again', async () => {
    const contentRoot = manyPages(20);
    const outside = tempSite({ 'secret.md': 'TOP SECRET' });
    const notices: string[] = [];
    const disk = new DiskWorkspace(contentRoot, undefined, (message) => notices.push(message));
    const reader = new PageReader(READER);
    const pagePaths = await disk.listPages();
    reader.readAhead(disk, pagePaths, () => undefined);
    for (const pagePath of pagePaths) await reader.readPage(pagePath);
    reader.stop();
    const page = path.join(contentRoot, 'handbook', 'page-003.md');
    rmSync(page);
    symlinkSync(path.join(outside, 'secret.md'), page);
    assert.equal(await disk.readPage('handbook/page-003.md'), undefined);
    assert.match(notices.join('\n'), /page-003\.md: it links to .*secret\.md, outside the content folder/);
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPage } from '../server/core/diagnostics';
import { describeFinding } from '../server/messages';
import { joinLines, siteOf, sourceOf } from './helpers';

const PAGE = joinLines(
  '# Guide',
  '',
  '![a](images/logo.png) ![b](images/logo.jpg) ![c](/img/hero.svg) ![d](/img/hero.sv)',
  '[e](/files/guide.pdf) [f](/downloads/x.pdf) <img src="../people/photo.png" /> <img src="../people/foto.png" />',
  '[g](https://posthog.com/files/guide.pdf) [h](https://posthog.com/files/guid.pdf) [i](yakkomajuri.github.io) ![j](/pricing.png)',
);

async function findingsOf(files: Record<string, string>, staticUrls: string[]): Promise<string[]> {
  const index = await siteOf({ 'handbook/guide.md': PAGE, ...files }, { routes: ['/pricing.png'] });
  index.files.setStaticFiles(staticUrls);
  const source = await sourceOf(index, 'handbook/guide.md');
  return checkPage(index, source).map((finding) => {
    const start = source.parsed.lines.positionAt(finding.span.start);
    const fix = finding.fix ? ` [fix: ${source.parsed.text.slice(finding.fix.span.start, finding.fix.span.end)} → ${finding.fix.newText}]` : '';
    return `${start.line + 1}:${start.character + 1} ${finding.code}: ${describeFinding(finding)}${fix}`;
  });
}

test('links to images and other files are checked against the files the site serves, with did-you-mean', async () => {
  const found = await findingsOf({ 'handbook/images/logo.png': '', 'people/photo.png': '' }, ['/img/hero.svg', '/files/guide.pdf']);
  assert.deepEqual(found, [
    '3:28 link.missing-file: No file `handbook/images/logo.jpg` in the content folder; did you mean `images/logo.png`? [fix: images/logo.jpg → images/logo.png]',
    '3:70 link.missing-file: No file served at `/img/hero.sv`; did you mean `/img/hero.svg`? [fix: /img/hero.sv → /img/hero.svg]',
    '4:89 link.missing-file: No file `people/foto.png` in the content folder; did you mean `../people/photo.png`? [fix: ../people/foto.png → ../people/photo.png]',
    '5:46 link.missing-file: No file served at `/files/guid.pdf`; did you mean `/files/guide.pdf`? [fix: /files/guid.pdf → /files/guide.pdf]',
    '5:86 link.missing-file: No file `handbook/yakkomajuri.github.io` in the content folder',
  ]);
});

test('where the repository holds none of the site\'s files, images are not judged and file-like links are judged as pages', async () => {
  assert.deepEqual(await findingsOf({ 'LICENSE': '' }, []), [
    // `/files/...` is outside the pages' folders: not judged, as any such URL.
    '5:86 link.missing-page: No page at `/handbook/yakkomajuri.github.io`',
  ]);
});

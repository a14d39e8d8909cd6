import { mkdirSync, symlinkSync, writeFileSync } from 'fs';
import * as path from 'path';
import { joinLines } from './helpers';
import { SITE, tempSite, writeFile } from './fixtures';

/** Where a page's JavaScript front matter would leave a trace if it ever ran. */
export function ranMarker(root: string): string {
  return path.join(root, 'front-matter-ran');
}

export const UNICODE_HEADINGS = [
  'Café au lait',
  'Ship it 🚀 fast',
  '日本語の見出し',
  'עברית וערבית العربية',
  'Zalgo z̷̢a̶l̵g̸o combining',
  'Ünïcödé ÅÉÎ',
];

/**
 * A site holding one page for each kind of hostile or broken input, beside a secret file
 * outside the content folder that nothing may ever reach.
 */
export function hostileSite(): string {
  const root = tempSite({
    ...SITE,
    'secret.md': '# TOP SECRET\n\nNobody may read this.',
  });
  const marker = JSON.stringify(ranMarker(root));
  const page = (relative: string, text: string | Buffer) => writeFile(root, `contents/handbook/${relative}`, text as string);

  for (const language of ['js', 'javascript']) {
    page(`front-matter-${language}.md`, joinLines(
      `---${language}`,
      `{ title: (require("fs").writeFileSync(${marker}, "ran"), "Ran") }`,
      '---',
      `# Front matter ${language}`,
      '[broken](/handbook/nope)',
    ));
  }
  page('front-matter-coffee.md', joinLines('---coffee', 'title: "x"', '---', '# Coffee'));
  page('front-matter-yaml.md', joinLines('---', 'title: Broken', 'tags: [one, two', '---', '# Still indexed', '[values](/handbook/company/values#step-on-toes)'));
  page('binary.md', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(4096, 0)]));
  page('invalid-utf8.md', Buffer.concat([Buffer.from('# Bad bytes \xff here\n\n', 'latin1'), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), Buffer.from('\n\n[x](/handbook/nope-utf8)\n')]));
  page('bom.md', '\uFEFF---\ntitle: With BOM\n---\n# Bom\n\n[x](/handbook/nope-bom)\n');
  page('nul.md', 'A stray \u0000 NUL, then [x](/handbook/nope-nul).\n');
  page('crlf.md', '# CRLF\r\n\r\nSee [x](/handbook/nope-crlf).\r\n');
  page('cr.md', '# CR\r\rSee [x](/handbook/nope-cr).\r');
  page('tabs.md', '#\tTabbed\theading\n\n-\tItem\twith [x](/handbook/nope-tabs)\n\t- nested\t[y](/handbook/tabs#tabbedheading)\n');
  page('long-line.md', `${'word '.repeat(40_000)}[x](/handbook/nope-long)\n`);
  // Destinations no browser can resolve (`\\/` reads as `//` with no host): not judged, and the rest of the page is.
  page('unresolvable.md', '<a href="\\/">a</a> [b](\\\\/) <a href="\\\\">c</a> [d](/handbook/nope-unresolvable)\n');
  page('big.md', Array.from({ length: 3000 }, (_, i) => `## Section\n\n${'Filler text for a big page. '.repeat(75)}${i}\n`).join('\n'));
  page('links-to-big.md', '[ok](/handbook/big#section-299) [last](/handbook/big#section-2999) [gone](/handbook/big#section-3000)\n');
  page('unicode.md', UNICODE_HEADINGS.map((heading) => `## ${heading}`).join('\n\n'));
  page('café.md', '# Café\n\n## Café au lait\n');
  page('unicode-links.md', '[raw](/handbook/café#café-au-lait) [encoded](/handbook/caf%C3%A9#caf%C3%A9-au-lait) [bad](/handbook/caf%C3%A9#thé)\n');
  page('escapes.md', joinLines(
    '[a](/../secret) [b](/%2e%2e/secret) [c](..\\..\\..\\secret) [d](/etc/passwd) [e](file:///etc/passwd)',
    `[f](file://${path.join(root, 'secret.md')}) [g](${path.join(root, 'secret.md')}) [h](../../../secret)`,
  ));

  // The tree: a folder that loops back, a page that points outside, one that points nowhere,
  // node_modules with pages in it, and very many files that are not pages.
  symlinkSync('..', path.join(root, 'contents/handbook/loop'));
  symlinkSync(path.join(root, 'secret.md'), path.join(root, 'contents/handbook/leak.md'));
  symlinkSync(path.join(root, 'nowhere.md'), path.join(root, 'contents/handbook/dangling.md'));
  writeFile(root, 'contents/node_modules/pkg/readme.md', '[x](/handbook/nope-node-modules)');
  const images = path.join(root, 'contents/images');
  mkdirSync(images, { recursive: true });
  for (let i = 0; i < 20_000; i++) writeFileSync(path.join(images, `image-${i}.png`), '');
  return root;
}

/** Pages above the size limit, written only where a test needs one (it is 17 MB). */
export function writeOversizedPage(root: string): void {
  writeFile(root, 'contents/handbook/oversized.md', `# Huge\n\n${'x'.repeat(17 * 1024 * 1024)}\n`);
}

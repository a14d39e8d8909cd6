import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPage } from '../server/core/diagnostics';
import { describeFinding } from '../server/messages';
import { joinLines, siteOf, sourceOf } from './helpers';

async function findingsOf(path: string, text: string): Promise<string[]> {
  const index = await siteOf({ 'handbook/a.md': '# A\n\n## Real', [path]: text });
  const source = await sourceOf(index, path);
  return checkPage(index, source).map((finding) => `${source.parsed.lines.positionAt(finding.span.start).line + 1} ${finding.code}: ${describeFinding(finding)}`);
}

test('a comment silences the next line, or the page; codes narrow it; one that silences nothing is reported', async () => {
  const page = joinLines(
    '<!-- handbook-ignore-next-line -->',
    '[a](/handbook/nope) [b](/handbook/a#nope)',
    '[c](/handbook/nope2)',
    '<!-- handbook-ignore-next-line link.missing-anchor -->',
    '[d](/handbook/nope3) [e](/handbook/a#nope)',
    '<!-- handbook-ignore-next-line -->',
    '[f](/handbook/a#real)',
    '',
    '```md',
    '<!-- handbook-ignore-file -->',
    '```',
  );
  assert.deepEqual(await findingsOf('handbook/page.md', page), [
    '3 link.missing-page: No page at `/handbook/nope2`; did you mean `/handbook/page`?',
    '5 link.missing-page: No page at `/handbook/nope3`; did you mean `/handbook/page`?',
    '6 suppression.unused: This suppression silences nothing: the next line has no such finding',
  ]);
  assert.deepEqual(await findingsOf('handbook/page.md', joinLines('<!-- handbook-ignore-file link.missing-page -->', '[a](/handbook/nope) [b](/handbook/a#nope)')), [
    '2 link.missing-anchor: No heading or anchor `#nope` in `/handbook/a`',
  ]);
  assert.deepEqual(await findingsOf('handbook/page.md', joinLines('# Clean', '<!-- handbook-ignore-file -->')), [
    '2 suppression.unused: This suppression silences nothing: this page has no such finding',
  ]);
});

test('in MDX, where HTML comments do not parse, a JSX comment suppresses', async () => {
  const page = joinLines('import X from "./x"', '', '{/* handbook-ignore-next-line */}', '[a](/handbook/nope)', '[b](/handbook/nope2)');
  assert.deepEqual(await findingsOf('handbook/page.mdx', page), ['5 link.missing-page: No page at `/handbook/nope2`; did you mean `/handbook/page`?']);
});

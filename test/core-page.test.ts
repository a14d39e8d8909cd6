import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keptOutline, parsePage } from '../server/core/page';
import { joinLines } from './helpers';

/** Each link as `kind written` with the text its span covers, to compare exactly. */
function linksOf(text: string): string[] {
  return parsePage(text).links.map((link) => `${link.kind} ${link.written} @ ${text.slice(link.span.start, link.span.end)}`);
}

test('every way of writing a link is found, with its span', () => {
  const text = joinLines(
    'Inline [values](/handbook/company/values#step-on-toes "Values") here.',
    'Reference [toes][toes-ref], collapsed [toes-ref][] and shortcut [toes-ref].',
    'Autolink <https://posthog.com/handbook/people/benefits> and bare https://posthog.com/handbook/strategy/strategy.',
    'Raw <a href="/handbook/people/spending-money">money</a> and JSX <Link to="/handbook/company/culture">culture</Link>.',
    'An image ![logo [with a link](/not-a-link)](/brand/logo.png) and <img src="./team.png" /> name files.',
    '',
    '[toes-ref]: /handbook/company/values#step-on-toes',
  );
  assert.deepEqual(linksOf(text), [
    'inline /handbook/company/values#step-on-toes @ [values](/handbook/company/values#step-on-toes "Values")',
    'reference /handbook/company/values#step-on-toes @ [toes][toes-ref]',
    'reference /handbook/company/values#step-on-toes @ [toes-ref][]',
    'reference /handbook/company/values#step-on-toes @ [toes-ref]',
    'autolink https://posthog.com/handbook/people/benefits @ <https://posthog.com/handbook/people/benefits>',
    'bare https://posthog.com/handbook/strategy/strategy @ https://posthog.com/handbook/strategy/strategy',
    'html /handbook/people/spending-money @ /handbook/people/spending-money',
    'html /handbook/company/culture @ /handbook/company/culture',
    'image /brand/logo.png @ ![logo [with a link](/not-a-link)](/brand/logo.png)',
    'image ./team.png @ ./team.png',
    'definition /handbook/company/values#step-on-toes @ [toes-ref]: /handbook/company/values#step-on-toes',
  ]);
});

test('destination spans cover exactly the destination as written', () => {
  const text = joinLines('> Quoted [a](/x/y#z) and [b](</with space>)', '', '| col | [c](/in-table) \\| [d](/after-pipe) |', '|---|---|');
  const page = parsePage(text);
  assert.deepEqual(
    page.links.map((link) => text.slice(link.destinationSpan!.start, link.destinationSpan!.end)),
    ['/x/y#z', '/with space', '/in-table', '/after-pipe'],
  );
});

test('nothing inside code, comments or front matter is a link', () => {
  const text = joinLines(
    '---',
    'title: Links',
    'related: "[front](/front-matter)"',
    '---',
    'Inline `[code](/inline-code)` and ``[double](/double) ` tick``.',
    '',
    '```md',
    '[fenced](/fenced)',
    '```',
    '',
    '~~~',
    '<a href="/tilde-fence">x</a>',
    '~~~',
    '',
    '    [indented](/indented-code)',
    '',
    '<!-- [commented](/html-comment) -->',
    'Text <!-- [inline comment](/inline-comment) --> and [real](/real).',
  );
  assert.deepEqual(linksOf(text), ['inline /real @ [real](/real)']);
});

test('headings give anchors as the site renders them, and html ids are anchors too', () => {
  const text = joinLines(
    '# Team',
    '## Co-founder & CEO',
    '## Co-founder & CEO',
    '## `posthog-js` and [the docs](/docs) *quickly*',
    'Setext heading',
    '--------------',
    '<div id="custom-anchor"></div>',
    '<a name="legacy-anchor"></a>',
  );
  const page = parsePage(text);
  assert.deepEqual([...page.outline.anchors.keys()], [
    'team',
    'co-founder--ceo',
    'co-founder--ceo-1',
    'posthog-js-and-the-docs-quickly',
    'setext-heading',
    'custom-anchor',
    'legacy-anchor',
  ]);
  assert.equal(page.outline.title, 'Team');
});

test('the title comes from front matter, else the first # heading', () => {
  assert.equal(parsePage(joinLines('---', 'title: From Front Matter', '---', '# Heading')).outline.title, 'From Front Matter');
  assert.equal(parsePage(joinLines('Intro', '', '## Not this', '# This one')).outline.title, 'This one');
  assert.equal(parsePage('No heading at all').outline.title, undefined);
});

test('JavaScript front matter is never run', () => {
  const marker = '__handbookFrontMatterRan';
  for (const language of ['js', 'javascript']) {
    const text = joinLines(`---${language}`, `{ title: (globalThis.${marker} = true, "ran") }`, '---', '# Safe', '[still](/a-link)');
    const page = parsePage(text);
    assert.equal((globalThis as Record<string, unknown>)[marker], undefined, `---${language} ran`);
    assert.match(page.frontMatter!.problem!.message, /JavaScript front matter is not run/);
    assert.equal(page.outline.title, 'Safe');
    assert.equal(page.links.length, 1);
  }
  const coffee = parsePage(joinLines('---coffee', 'title: "x"', '---', 'Body'));
  assert.match(coffee.frontMatter!.problem!.message, /CoffeeScript front matter is not run/);
  const unknown = parsePage(joinLines('---toml', 'title = "x"', '---', 'Body'));
  assert.match(unknown.frontMatter!.problem!.message, /"toml" is not read/);
});

test('malformed YAML is a problem at its line, and the page is still indexed', () => {
  const text = joinLines('---', 'title: Broken', 'tags: [one, two', '---', '# Still here', '[link](/handbook/x)');
  const page = parsePage(text);
  const problem = page.frontMatter!.problem!;
  assert.match(problem.message, /^Front matter is not valid YAML: .* \(line \d+, column \d+\)$/);
  assert.ok(page.lines.positionAt(problem.span.start).line >= 1 && page.lines.positionAt(problem.span.start).line <= 3);
  assert.deepEqual([...page.outline.anchors.keys()], ['still-here']);
  assert.equal(page.links.length, 1);
});

test('CRLF and lone CR line endings keep positions right', () => {
  for (const eol of ['\r\n', '\r']) {
    const text = ['---', 'title: T', '---', '# Head', '', 'See [x](/handbook/x).'].join(eol);
    const page = parsePage(text);
    assert.equal(page.outline.title, 'T');
    const link = page.links[0];
    assert.equal(text.slice(link.destinationSpan!.start, link.destinationSpan!.end), '/handbook/x');
    assert.deepEqual(page.lines.positionAt(link.destinationSpan!.start), { line: 5, character: 8 });
  }
});

test('MDX pages: imports and components do not hide links', () => {
  const text = joinLines(
    "import { Link } from 'components/Link'",
    '',
    '<Callout title="Note">',
    '  Read <Link to="/handbook/company/values#talent-compounds">this</Link>.',
    '</Callout>',
    '',
    'And [markdown](/handbook/people/benefits) after.',
  );
  assert.deepEqual(linksOf(text), [
    'html /handbook/company/values#talent-compounds @ /handbook/company/values#talent-compounds',
    'inline /handbook/people/benefits @ [markdown](/handbook/people/benefits)',
  ]);
});

test('an MDX import counts where it is a line of a top-level paragraph and its component is rendered', () => {
  const cases: [string, string[]][] = [
    [joinLines("import A from './a'", "import B from './b'", '', '<A />'), ['./a']],
    [joinLines('---', 'title: T', '---', 'Intro.', '', "import A from './a'", '', '<A/>'), ['./a']],
    [joinLines(" import A from './a'", '', '<A />'), []],
    [joinLines('```', "import A from './a'", '```', '<A />'), []],
    [joinLines('- item', "  import A from './a'", '', '<A />'), []],
    [joinLines("import A from '../a';", "import a from './lower'", '', '<A>x</A> <a />'), ['../a']],
    ["import A from './a'\r\n\r\n<A />", ['./a']],
    ["Intro\rimport A from './a'\r\r<A />", ['./a']],
  ];
  for (const [text, expected] of cases) {
    assert.deepEqual(parsePage(text).outline.imports, expected, JSON.stringify(text));
  }
});

test('an outline keeps what links into a page need, as strings of its own, and none of its text', () => {
  const text = joinLines('---', 'title: Deploying on AWS', '---', "import Requirements from './snippets/requirements'", '', 'Opening words.', '', '## Cluster requirements', '', '<Requirements />', '', '<a id="sizing"></a>');
  const page = parsePage(text);
  const kept = keptOutline(page.outline);
  assert.deepEqual(kept, page.outline);
  assert.equal(kept.title, 'Deploying on AWS');
  assert.deepEqual([...kept.anchors.keys()], ['cluster-requirements', 'sizing']);
  assert.deepEqual(kept.imports, ['./snippets/requirements']);
  // MDX import lines are not the page's opening words.
  assert.equal(text.slice(kept.openingParagraph!.start, kept.openingParagraph!.end), 'Opening words.');
});

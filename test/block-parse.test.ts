import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { parseBlocks, sourceOffset, type BlockToken, type References } from '../server/core/blockParse';
import { CORPUS, corpusSkip } from './helpers';

/** markdown-it as the page reader runs it, the reference `parseBlocks` must agree with. */
const markdownIt = new MarkdownIt('default', { html: true, linkify: false }).disable(['inline', 'text_join']);
const READ_TYPES = new Set(['paragraph_open', 'heading_open', 'inline', 'fence', 'code_block', 'html_block', 'hr', 'table_open', 'tr_open']);

type Compared = Omit<BlockToken, 'segments'>;

/**
 * Checks that every character of a token's content is where `sourceOffset` says it came
 * from: the same character, or a line break for `\n`, a tab for the spaces it expands to,
 * NUL for U+FFFD.
 */
function checkSources(text: string, token: BlockToken): void {
  if (token.type !== 'inline' && token.type !== 'html_block') return;
  for (let i = 0; i < token.content.length; i++) {
    const ours = token.content[i];
    const at = sourceOffset(token, i);
    const theirs = text[at];
    const fits = ours === theirs || (ours === '\n' && (theirs === '\r' || theirs === '\n')) || (ours === ' ' && theirs === '\t') || (ours === '\uFFFD' && theirs === '\0');
    if (!fits) assert.fail(`content ${JSON.stringify(token.content)} offset ${i} (${JSON.stringify(ours)}) maps to ${at} (${JSON.stringify(theirs)}) in ${JSON.stringify(text)}`);
  }
}

/** The tokens as markdown-it has them, after checking where each content came from. */
function checkedBlocks(text: string, blocks: BlockToken[]): Compared[] {
  return blocks.map(({ segments, ...token }) => {
    checkSources(text, { ...token, segments });
    return token;
  });
}

/** markdown-it's tokens, and the link reference definitions it found. */
function markdownItRead(text: string): { blocks: Compared[]; references?: References } {
  const env: { references?: References } = {};
  const blocks = markdownItBlocks(text, env);
  return { blocks, references: env.references ?? {} };
}

/** parseBlocks' tokens (checked and compared as markdown-it's), and its definitions. */
function read(text: string): { blocks: Compared[]; references?: References } {
  const { tokens, references } = parseBlocks(text, 0, 0);
  return { blocks: checkedBlocks(text, tokens), references };
}

function markdownItBlocks(text: string, env: object = {}): Compared[] {
  return markdownIt
    .parse(text, env)
    .filter((token) => READ_TYPES.has(token.type))
    .map((token) => ({
      type: token.type as BlockToken['type'],
      tag: token.tag,
      map: token.map,
      // Code content is not read; inline and HTML block text is.
      content: token.type === 'inline' || token.type === 'html_block' ? token.content : '',
      level: token.level,
    }));
}

const RUNS = Number(process.env.FUZZ_RUNS ?? 300) * 10;
const SEED = Number(process.env.FUZZ_SEED ?? 20261128);

/** Pieces that start, continue, nest and end blocks, put together into lines at random. */
const linePiece = fc.constantFrom(
  '- ', '* ', '+ ', '1. ', '2) ', '10. ', '-    ', '1.      ', '> ', '>', '> > ', ' > ', '# ', '## ', '###### ', '####### ', '#5', ' ###',
  '```', '```js', '~~~', '````', ' ', '  ', '    ', '      ', '---', '***', '___', '===', '=', '- - -', '| a | b |', '|---|---|',
  '| - | :-: |', 'a | b', '--- | ---', '| \\| y |', '\u00a0| x \u00a0|', '<div>', '</div>', '<div', '<pre>', '</pre>', '<!-- c', '-->',
  '<Foo bar="x">', '<Foo />', '<a href="x">', '</a>', '<script>', '</script>', '<?x', '?>', '<![CDATA[', ']]>', '<!DOC', 'text',
  'more text', '[a](/b)', '`code`', 'x # y #', '#', '-', '1.', 'a\u00a0',
  '[a]: /b', '[a]:', '[B]: <c d> "t"', " 'title'", ' (t)', '"', '[a\\]b]: x', '[]: x', 'a]: b', '[a]: javascript:x', '[a]', '[x][a]',
  // Tabs where they count as columns, and what markdown-it rewrites before it reads: CR, NUL.
  '\t', '\t\t', ' \t', '  \t', '-\t', '>\t', '> \t', ' >\t', '1.\t', '#\t', '\t- ', '|\t', '\u0000', 'a\u0000b',
  // Sequences too unlikely to come together by chance: a table cutting a paragraph short, lazy lines.
  'text\na | b\n--- | ---\nc | d', 'text\n| a |\n|---|', '- item\n  > quote\nlazy\n\n  more', '> quote\n- item\nlazy',
  '[long\nlabel]: /x\n"title\ngoes on"', '[a]: /b\n- item', '[a]:\n/b "t" x', '> [q]: /r\nlazy', '- Read this:\n\t[b](/handbook/b)',
);
const line = fc.array(linePiece, { maxLength: 4 }).map((pieces) => pieces.join(''));
const lineBreak = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r');
const document = fc
  .tuple(fc.array(fc.tuple(line, lineBreak), { minLength: 1, maxLength: 14 }), fc.boolean())
  .map(([lines, breakAtEnd]) => {
    const joined = lines.map(([text, end]) => text.replace(/\n/g, end) + end).join('');
    return breakAtEnd ? joined : joined.slice(0, joined.length - (joined.endsWith('\r\n') ? 2 : 1));
  });

test('block tokens and definitions are markdown-it\'s, on generated lists, quotes, fences, tables, HTML, headings and definitions, with tabs, CR and NUL', () => {
  fc.assert(
    fc.property(document, (text) => {
      assert.deepEqual(read(text), markdownItRead(text));
      // After front matter: the same tokens, lines and offsets shifted.
      const frontMatter = '---\ntitle: x\n---\n';
      const shift = frontMatter.length;
      const shifted = parseBlocks(text).tokens.map((block) => ({
        ...block,
        map: block.map && ([block.map[0] + 3, block.map[1] + 3] as [number, number]),
        segments: block.segments && block.segments.map((value, i) => (i % 3 === 1 ? value + shift : value)),
      }));
      assert.deepEqual(parseBlocks(frontMatter + text, shift, 3).tokens, shifted);
    }),
    { numRuns: RUNS, seed: SEED },
  );
});

test('block tokens are markdown-it\'s on an exact example', () => {
  const text = ['Title', '=====', '', '- one', '  > quoted', 'lazy', '', '| a | b |', '|---|---|', '| 1 |', '', '<div>', '**x**', '', '    code', '## End ##'].join('\n');
  const blocks = parseBlocks(text).tokens;
  assert.deepEqual(
    blocks.map((block) => [block.type, block.map, block.level, block.content]),
    [
      ['heading_open', [0, 2], 0, ''],
      ['inline', [0, 1], 1, 'Title'],
      ['paragraph_open', [3, 4], 2, ''],
      ['inline', [3, 4], 3, 'one'],
      ['paragraph_open', [4, 6], 3, ''],
      ['inline', [4, 6], 4, 'quoted\nlazy'],
      ['table_open', [7, 10], 0, ''],
      ['tr_open', [7, 8], 2, ''],
      ['inline', null, 4, 'a'],
      ['inline', null, 4, 'b'],
      ['tr_open', [9, 10], 2, ''],
      ['inline', null, 4, '1'],
      ['inline', null, 4, ''],
      ['html_block', [11, 13], 0, '<div>\n**x**\n'],
      ['code_block', [14, 15], 0, ''],
      ['heading_open', [15, 16], 0, ''],
      ['inline', [15, 16], 1, 'End'],
    ],
  );
  assert.deepEqual(checkedBlocks(text, blocks), markdownItBlocks(text));
  // Every content here is one slice of the text: one segment each.
  assert.deepEqual(
    blocks.filter((block) => block.segments?.length === 3).map((block) => block.content),
    ['Title', 'one', 'quoted\nlazy', 'a', 'b', '1', '', '<div>\n**x**\n', 'End'],
  );
});

test('nesting past markdown-it\'s limit of 100 levels is cut off where markdown-it cuts it off', () => {
  const quotes = Array.from({ length: 3 }, (_, i) => '> '.repeat(150) + `line ${i} [a](/b)`).join('\n');
  const lists = Array.from({ length: 80 }, (_, depth) => ' '.repeat(depth * 2) + '- item').join('\n');
  for (const text of [quotes, lists, `${lists}\n\n${quotes}`]) assert.deepEqual(read(text), markdownItRead(text));
});

test('tabs count by column, CR and CRLF end lines where they are, and each content character maps to its own', () => {
  const cases: [string, string, number[]][] = [
    // [text, the paragraph's content, where each of its characters is in the text]
    // The item's content starts at column 2: the tab's other two columns stay, as spaces.
    ['- Read this:\n\t[b](/b)', 'Read this:\n  [b](/b)', [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 13, 14, 15, 16, 17, 18, 19, 20]],
    ['a\r\nb', 'a\nb', [0, 1, 3]],
    ['a\rb', 'a\nb', [0, 1, 2]],
    ['>\tx', 'x', [2]],
    ['1.\ta\n\t b', 'a\n b', [3, 4, 6, 7]],
    ['| a\\|b | c |\n|---|---|', 'a|b', [2, 4, 5]],
  ];
  for (const [text, content, sources] of cases) {
    const token = parseBlocks(text).tokens.find((block) => block.type === 'inline')!;
    assert.equal(token.content, content, JSON.stringify(text));
    assert.deepEqual([...content].map((_, i) => sourceOffset(token, i)), sources, JSON.stringify(text));
    assert.deepEqual(read(text), markdownItRead(text));
  }
  assert.deepEqual(parseBlocks('').tokens, []);
});

test('link reference definitions are recorded as markdown-it records them, with their places, and make no block', () => {
  const text = ['[Values]: /handbook/company/values "Our values"', '[long', 'label]:', '  /x', '', 'See [values].', '', '[bad]: <a> b', '', '[values]: /second', ' [angle]: <b c>'].join('\r\n');
  assert.deepEqual(read(text), markdownItRead(text));
  const { references, definitions } = parseBlocks(text);
  assert.deepEqual(references, {
    VALUES: { title: 'Our values', href: '/handbook/company/values' },
    'LONG LABEL': { title: '', href: '/x' },
    ANGLE: { title: '', href: 'b%20c' },
  });
  assert.deepEqual(
    definitions.map((definition) => [text.slice(definition.start, definition.start + 6), text.slice(definition.destinationStart, definition.destinationEnd)]),
    [
      ['[Value', '/handbook/company/values'],
      ['[long\r', '/x'],
      ['[angle', 'b c'],
    ],
  );
  assert.deepEqual(read(text).blocks.map((block) => [block.type, block.map]), [
    ['paragraph_open', [5, 6]],
    ['inline', [5, 6]],
    ['paragraph_open', [7, 8]],
    ['inline', [7, 8]],
  ]);
});


test('block tokens and definitions are markdown-it\'s on every corpus page, and with its line breaks made CRLF or CR', { skip: corpusSkip() }, () => {
  const pages = path.join(CORPUS, 'contents');
  const files = (readdirSync(pages, { recursive: true }) as string[]).filter((file) => /\.mdx?$/.test(file));
  assert.ok(files.length > 500, `${files.length} pages`);
  for (const file of files) {
    const text = readFileSync(path.join(pages, file), 'utf8');
    for (const variant of [text, text.replace(/\r?\n/g, '\r\n'), text.replace(/\r?\n/g, '\r')]) {
      assert.deepEqual(read(variant), markdownItRead(variant), file);
    }
  }
});

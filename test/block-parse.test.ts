import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { parseBlocks, type BlockToken, type References } from '../server/core/blockParse';

/** markdown-it as the page reader runs it, the reference `parseBlocks` must agree with. */
const markdownIt = new MarkdownIt('default', { html: true, linkify: false }).disable(['inline', 'text_join']);
const READ_TYPES = new Set(['paragraph_open', 'heading_open', 'inline', 'fence', 'code_block', 'html_block', 'hr', 'table_open', 'tr_open']);

type Compared = Omit<BlockToken, 'contentStart'>;

/** The tokens without `contentStart`, after checking that it says truly where each content is. */
function checkedBlocks(text: string, blocks: BlockToken[]): Compared[] {
  return blocks.map(({ contentStart, ...token }) => {
    if (contentStart !== -1) assert.equal(text.slice(contentStart, contentStart + token.content.length), token.content);
    return token;
  });
}

/** markdown-it's tokens, and the link reference definitions it found. */
function markdownItRead(text: string): { blocks: Compared[]; references?: References } {
  const env: { references?: References } = {};
  return { blocks: markdownItBlocks(text, env), references: env.references };
}

/** parseBlocks' tokens (checked and compared as markdown-it's), and its definitions. */
function read(text: string): { blocks: Compared[]; references?: References } | undefined {
  const env: { references?: References } = {};
  const blocks = parseBlocks(text, 0, 0, env);
  return blocks && { blocks: checkedBlocks(text, blocks), references: env.references };
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
  // Sequences too unlikely to come together by chance: a table cutting a paragraph short, lazy lines.
  'text\na | b\n--- | ---\nc | d', 'text\n| a |\n|---|', '- item\n  > quote\nlazy\n\n  more', '> quote\n- item\nlazy',
  '[long\nlabel]: /x\n"title\ngoes on"', '[a]: /b\n- item', '[a]:\n/b "t" x', '> [q]: /r\nlazy',
);
const line = fc.array(linePiece, { maxLength: 4 }).map((pieces) => pieces.join(''));
const document = fc.tuple(fc.array(line, { minLength: 1, maxLength: 14 }), fc.boolean()).map(([lines, newlineAtEnd]) => lines.join('\n') + (newlineAtEnd ? '\n' : ''));

test('block tokens and definitions are markdown-it\'s, on generated lists, quotes, fences, tables, HTML, headings and definitions', () => {
  fc.assert(
    fc.property(document, (text) => {
      const blocks = parseBlocks(text);
      assert.ok(blocks, 'declined a text with no tab, CR or NUL');
      assert.deepEqual(read(text), markdownItRead(text));
      // After front matter: the same tokens, lines and offsets shifted.
      const frontMatter = '---\ntitle: x\n---\n';
      const shifted = blocks.map((block) => ({
        ...block,
        map: block.map && ([block.map[0] + 3, block.map[1] + 3] as [number, number]),
        contentStart: block.contentStart === -1 ? -1 : block.contentStart + frontMatter.length,
      }));
      assert.deepEqual(parseBlocks(frontMatter + text, frontMatter.length, 3), shifted);
    }),
    { numRuns: RUNS, seed: SEED },
  );
});

test('block tokens are markdown-it\'s on an exact example', () => {
  const text = ['Title', '=====', '', '- one', '  > quoted', 'lazy', '', '| a | b |', '|---|---|', '| 1 |', '', '<div>', '**x**', '', '    code', '## End ##'].join('\n');
  const blocks = parseBlocks(text);
  assert.deepEqual(
    blocks?.map((block) => [block.type, block.map, block.level, block.content]),
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
  assert.deepEqual(checkedBlocks(text, blocks!), markdownItBlocks(text));
  assert.deepEqual(blocks?.filter((block) => block.contentStart !== -1).map((block) => block.content), ['Title', 'one', 'quoted\nlazy', 'End']);
});

test('nesting past markdown-it\'s limit of 100 levels is cut off where markdown-it cuts it off', () => {
  const quotes = Array.from({ length: 3 }, (_, i) => '> '.repeat(150) + `line ${i} [a](/b)`).join('\n');
  const lists = Array.from({ length: 80 }, (_, depth) => ' '.repeat(depth * 2) + '- item').join('\n');
  for (const text of [quotes, lists, `${lists}\n\n${quotes}`]) assert.deepEqual(read(text), markdownItRead(text));
});

test('text the block parser was not built for is left to markdown-it', () => {
  for (const text of ['-\tx', 'a\r\nb', 'a\0']) assert.equal(parseBlocks(text), undefined, JSON.stringify(text));
  assert.deepEqual(parseBlocks(''), []);
});

test('link reference definitions are recorded as markdown-it records them, and make no block', () => {
  const text = ['[Values]: /handbook/company/values "Our values"', '[long', 'label]:', '  /x', '', 'See [values].', '', '[bad]: <a> b'].join('\n');
  assert.deepEqual(read(text), markdownItRead(text));
  assert.deepEqual(read(text)?.references, {
    VALUES: { title: 'Our values', href: '/handbook/company/values' },
    'LONG LABEL': { title: '', href: '/x' },
  });
  assert.deepEqual(read(text)?.blocks.map((block) => [block.type, block.map]), [
    ['paragraph_open', [5, 6]],
    ['inline', [5, 6]],
    ['paragraph_open', [7, 8]],
    ['inline', [7, 8]],
  ]);
});

const CORPUS = path.join(__dirname, '..', '..', 'shared', 'corpus', 'posthog-2022', 'contents');

test('block tokens and definitions are markdown-it\'s on every corpus page it reads, and it reads all but the ones it must decline', { skip: !existsSync(CORPUS) && 'no ../shared corpus' }, () => {
  const files = (readdirSync(CORPUS, { recursive: true }) as string[]).filter((file) => /\.mdx?$/.test(file));
  let taken = 0;
  for (const file of files) {
    const text = readFileSync(path.join(CORPUS, file), 'utf8');
    const ours = read(text);
    const mustDecline = /[\t\r\0]/.test(text);
    assert.equal(ours === undefined, mustDecline, file);
    if (!ours) continue;
    taken++;
    assert.deepEqual(ours, markdownItRead(text), file);
  }
  assert.ok(files.length > 500 && taken > files.length * 0.95, `${taken} of ${files.length}`);
});

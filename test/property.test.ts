import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import GithubSlugger from 'github-slugger';
import matter from 'gray-matter';
import MarkdownIt from 'markdown-it';
import { readSimpleYaml } from '../server/core/frontMatter';
import { parsePage } from '../server/core/page';
import { pageSlugger } from '../server/core/slug';
import { editDistance } from '../server/core/suggest';
import { readLinkTarget } from '../server/core/linkTarget';

/** Seeded, so a failure replays; FUZZ_RUNS raises the volume for a longer fuzzing session. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
const settings = { numRuns: RUNS, seed: SEED };

const plainChar = fc.constantFrom(...'abcxyzABC019 -&\'éü日本ש🚀'.split(''), 'Zalgo\u0301', 'ÅÉ');
const plainText = fc.array(plainChar, { minLength: 1, maxLength: 20 }).map((chars) => chars.join('').replace(/\s+/g, ' ').trim()).filter((t) => t !== '' && !/^[-\d]/.test(t));
const pathSegment = fc.array(fc.constantFrom(...'abcdefgh-_0123%C3A9é'.split('')), { minLength: 1, maxLength: 10 }).map((c) => c.join(''));
const destination = fc
  .tuple(fc.constantFrom('/', 'https://posthog.com/', '', '../', '#'), fc.array(pathSegment, { minLength: 1, maxLength: 4 }), fc.option(pathSegment))
  .map(([lead, segments, anchor]) => `${lead}${segments.join('/')}${anchor ? `#${anchor}` : ''}`);
const noise = fc.string({ unit: fc.constantFrom(...'ab []()<>`*_\\#!:"\'\t\r\n-|~&;'.split(''), 'é', '🚀', '\u0000'), maxLength: 60 });

type Block = { text: string; heading?: string; noise?: boolean };
const block: fc.Arbitrary<Block> = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 6 }), plainText).map(([level, text]) => ({ text: `${'#'.repeat(level)} ${text}`, heading: text })),
  fc.tuple(plainText, destination, plainText).map(([before, dest, label]) => ({ text: `${before} [${label}](${dest}) and <${'https://posthog.com/x'}>` })),
  fc.tuple(plainText, destination).map(([label, dest]) => ({ text: `[${label}][ref]\n\n[ref]: ${dest}` })),
  fc.tuple(plainText, destination).map(([label, dest]) => ({ text: `<Link to="${dest}">${label}</Link>` })),
  fc.tuple(fc.constantFrom('```', '~~~', '````'), plainText, destination).map(([fence, text, dest]) => ({ text: `${fence}\n## ${text}\n[in code](${dest})\n${fence}` })),
  fc.tuple(plainText, destination).map(([text, dest]) => ({ text: `<!-- ## ${text} [c](${dest}) -->` })),
  noise.map((text) => ({ text: text.replace(/#/g, ''), noise: true })),
);
const frontMatter = fc.oneof(
  fc.constant(''),
  plainText.map((title) => `---\ntitle: ${JSON.stringify(title)}\n---\n`),
  noise.map((junk) => `---\n${junk.replace(/---/g, '')}\n---\n`),
  fc.constant('---js\n{ title: (globalThis.__fuzzRan = true) }\n---\n'),
);
const page = fc.tuple(frontMatter, fc.array(block, { maxLength: 12 }), fc.constantFrom('\n', '\r\n')).map(([front, blocks, eol]) => ({
  text: (front + blocks.map((b) => b.text).join('\n\n')).replace(/\r?\n/g, eol),
  headings: blocks.flatMap((b) => (b.heading !== undefined ? [b.heading] : [])),
  // Noise can make a setext heading or swallow the next block; anchors are compared without it.
  noisy: blocks.some((b) => b.noise),
}));

test('the parser never throws, on Markdown-like pages and on any string at all', () => {
  fc.assert(fc.property(page, ({ text }) => void parsePage(text)), settings);
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => void parsePage(text)), settings);
  assert.equal((globalThis as Record<string, unknown>).__fuzzRan, undefined, 'front matter code ran');
});

/**
 * A page made of pieces whose place the generator knows: each link's destination (and whole
 * link) is recorded as the text is put together, so the engine's ranges are held to where
 * the links were put, not to a value computed from its own answer.
 */
interface PlacedPage {
  text: string;
  /** Each link: its destination as written, and where it and its whole link are. */
  links: { written: string; destination: [number, number]; link: [number, number] }[];
}

const word = fc.constantFrom('read', 'the', 'Handbook', 'values', 'é', '日本', 'x1');
const linkTarget = fc
  .tuple(fc.constantFrom('/handbook/', 'https://posthog.com/', '../', '', '#'), fc.array(fc.constantFrom('company', 'values', 'a-b', 'x_y', '%C3%A9'), { minLength: 1, maxLength: 3 }))
  .map(([lead, segments]) => lead + segments.join('/'));
/** One piece of a line: words, or a link of some kind. */
type Piece = { text: string } | { before: string; written: string; after: string };
const piece: fc.Arbitrary<Piece> = fc.oneof(
  fc.array(word, { minLength: 1, maxLength: 3 }).map((words) => ({ text: words.join(' ') })),
  fc.tuple(word, linkTarget).map(([label, written]) => ({ before: `[${label}](`, written, after: ')' })),
  fc.tuple(word, linkTarget, fc.constantFrom(' "t"', " 't'", ' (t)')).map(([label, written, title]) => ({ before: `[${label}](`, written, after: `${title})` })),
  fc.tuple(word, linkTarget).map(([label, written]) => ({ before: `[${label}](<`, written, after: '>)' })),
  linkTarget.filter((target) => target.startsWith('https://')).map((written) => ({ before: '<', written, after: '>' })),
  // Not `<Link>`: `link` is an HTML block name, and a line starting with one is raw HTML, not Markdown.
  fc.tuple(word, linkTarget).map(([label, written]) => ({ before: `<a href="`, written, after: `">${label}</a>` })),
);
/** How a line of a block starts: its container markers and indent. Each block keeps one kind. */
const container = fc.constantFrom(
  { first: '', rest: '' },
  { first: '', rest: '\t' },
  { first: '- ', rest: '  ' },
  { first: '- ', rest: '\t' },
  { first: '-\t', rest: '\t' },
  { first: '1. ', rest: '   ' },
  { first: '> ', rest: '> ' },
  { first: '>\t', rest: '>\t' },
  { first: '> - ', rest: '>   ' },
  { first: '## ', rest: null },
  { first: '| a | ', rest: null, table: true },
);
const placedBlock = fc.tuple(container, fc.array(fc.array(piece, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }));
const placedPage: fc.Arbitrary<PlacedPage> = fc
  .tuple(fc.array(placedBlock, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean())
  .map(([blocks, eol, frontMatter]) => {
    let text = frontMatter ? `---${eol}title: x${eol}---${eol}` : '';
    const links: PlacedPage['links'] = [];
    for (const [kind, lines] of blocks) {
      // A heading or a table row is one line.
      const used = kind.rest === null ? lines.slice(0, 1) : lines;
      used.forEach((pieces, i) => {
        text += i === 0 ? kind.first : kind.rest;
        pieces.forEach((part, j) => {
          if (j > 0) text += ' ';
          if ('text' in part) {
            text += part.text;
            return;
          }
          const start = text.length;
          text += part.before;
          links.push({ written: part.written, destination: [text.length, text.length + part.written.length], link: [start, -1] });
          text += part.written + part.after;
          links[links.length - 1].link[1] = text.length;
        });
        text += 'table' in kind ? ` |${eol}|---|---|` : '';
        text += eol;
      });
      text += eol;
    }
    return { text, links };
  });

test('every link is found where the generator put it: destination and whole link, in lists, quotes, tables and headings, with tabs and any line break', () => {
  fc.assert(
    fc.property(placedPage, ({ text, links }) => {
      const found = parsePage(text).links.map((link) => ({
        written: link.written,
        destination: link.destinationSpan && [link.destinationSpan.start, link.destinationSpan.end],
        link: [link.span.start, link.span.end],
      }));
      // An HTML attribute's link is its value alone.
      const expected = links.map((link) => (text.startsWith('<a ', link.link[0]) ? { ...link, link: link.destination } : link));
      assert.deepEqual(found, expected, JSON.stringify(text));
    }),
    { ...settings, numRuns: RUNS * 3 },
  );
});

test('every heading anchor is github-slugger\'s slug of its text, and code and comments add none', () => {
  fc.assert(
    fc.property(page.filter((p) => !p.noisy), ({ text, headings }) => {
      const slugger = new GithubSlugger();
      assert.deepEqual(parsePage(text).outline.headings.map((h) => h.slug), headings.map((h) => slugger.slug(h)));
    }),
    settings,
  );
});

test('slugs of a page\'s headings, repeats included, are github-slugger\'s, whatever the characters', () => {
  const headingChar = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), fc.constantFrom('é', 'Ü', '日', '🚀', '\u0301', '\t', '\u00a0'));
  const headingText = fc.array(headingChar, { maxLength: 12 }).map((chars) => chars.join(''));
  fc.assert(
    fc.property(fc.array(fc.oneof(headingText, fc.constantFrom('a', 'a-1', 'A', 'a 1')), { maxLength: 8 }), (texts) => {
      const ours = pageSlugger();
      const theirs = new GithubSlugger();
      assert.deepEqual(texts.map(ours), texts.map((text) => theirs.slug(text)));
    }),
    settings,
  );
});

test('a heading\'s text is markdown-it\'s rendering of it, where it is read as plain text too', () => {
  const inline = new MarkdownIt('default', { html: true, linkify: false });
  const rendered = (source: string): string => {
    const parts: string[] = [];
    const visit = (children: ReturnType<typeof inline.parseInline>[number]['children']) => {
      for (const child of children ?? []) {
        if (child.type === 'text' || child.type === 'code_inline' || child.type === 'html_inline') parts.push(child.content);
        else if (child.type === 'image') visit(child.children);
      }
    };
    for (const token of inline.parseInline(source, {})) visit(token.children);
    return parts.join('').trim();
  };
  const unit = fc.constantFrom(...'ab1 _&!>;#*`[]()<\\x:'.split(''), 'amp;', '#35;', 'é', '_é', '[a](b)', '](/c)', 'javascript:', '[x](javascript:y)', '[](z)', '` a `', '`x`');
  fc.assert(
    fc.property(fc.array(unit, { minLength: 1, maxLength: 12 }).map((units) => units.join('')), (source) => {
      const tokens = inline.parse(`# ${source}`, {});
      const content = tokens.find((token) => token.type === 'inline')?.content;
      assert.equal(parsePage(`# ${source}`).outline.headings[0]?.text, content === undefined ? undefined : rendered(content));
    }),
    { ...settings, numRuns: RUNS * 10 },
  );
});

test('reading a link destination never throws, whatever is written', () => {
  const unit = fc.constantFrom(...'/\\.:#?%[]@ ab1'.split(''), 'http', '//', '%zz', '%E0', '\u0000', '\ud800', 'https://', 'posthog.com');
  fc.assert(
    fc.property(fc.string({ unit, maxLength: 20 }), fc.constantFrom('/handbook/x', '/', '/a/b/'), (raw, pageUrl) => {
      readLinkTarget(raw, pageUrl, 'https://posthog.com');
      readLinkTarget(raw, undefined, 'https://posthog.com');
    }),
    { ...settings, numRuns: RUNS * 10 },
  );
  assert.deepEqual(readLinkTarget('\\/', '/handbook/x', 'https://posthog.com'), { kind: 'external' });
});

test('a link to another site reads the same whether or not the short way for such links takes it', () => {
  // The short way only takes lower-case `http://` and `https://`; an upper-case scheme goes the full way.
  const host = fc.constantFrom('posthog.com', 'www.posthog.com', 'PostHog.com', 'github.com', 'posthog.com.evil.io', 'user@posthog.com', 'posthog.com:443', 'a.b', '', 'x y', 'poshtog.com');
  const rest = fc.constantFrom('', '/', '/handbook/company/values', '/handbook/x#y', '?q=1', '#top', '\\handbook', '  ', ' /x', '/x ');
  fc.assert(
    fc.property(fc.constantFrom('https://', 'http://'), host, rest, (scheme, site, tail) => {
      const lower = readLinkTarget(scheme + site + tail, '/handbook/page', 'https://posthog.com');
      const upper = readLinkTarget(scheme.toUpperCase() + site + tail, '/handbook/page', 'https://posthog.com');
      assert.deepEqual(lower, upper);
    }),
    settings,
  );
});

test('edit distance is Levenshtein\'s, and a bound only ever cuts off distances beyond it', () => {
  const levenshtein = (a: string, b: string): number => {
    const table = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        table[i][j] = Math.min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
    }
    return table[a.length][b.length];
  };
  const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '/', '-'), maxLength: 14 });
  fc.assert(
    fc.property(word, word, fc.integer({ min: 0, max: 6 }), (a, b, bound) => {
      const exact = levenshtein(a, b);
      assert.equal(editDistance(a, b), exact);
      const bounded = editDistance(a, b, bound);
      if (exact <= bound) assert.equal(bounded, exact);
      else assert.ok(bounded > bound);
    }),
    settings,
  );
});

test('front matter read without a YAML parser reads exactly as gray-matter does, or is left to it', () => {
  const key = fc.constantFrom('title', 'sidebar', 'b-c', '_x', 'true', 'True', 'null', 'yes', '__proto__', 'a b', '9lives');
  const value = fc.constantFrom(
    ...['Values', 'What\'s new', 'a  b', 'true', 'True', 'false', 'null', 'Null', 'yes', 'No', '~', '0', '12', '012', '1.5', '.5', '.inf', '.NaN'],
    ...['a: b', 'a:b', 'a #c', 'a#c', 'https://posthog.com/x?a=b#c', 'a:', 'x:y:z', 'a::b', 'a:#', 'a# b', 'a :b', 'a\u00a0#b', '"q"', '"a \'b\'"', "'s'", "'it''s'", '"a\\"b"', '["a", "b"]', '[ "a" ,"b" ]', '[]', '["a",]', '[a, b]'],
    ...['../images/x.png', '/blog', '.hidden', '-x', '- x', '&a', '*a', '!tag', '|', '>', '%x', '@x', '`x`', '2020-01-01', '2020-02-30', '2020-13-45', '0000-01-01', '2020-1-1', "['a', 'b']", '[\'a\', "b"]', "['it''s']", 'x\u0085y', 'x\u2028y', 'Über', '🚀', ''],
  );
  const line = fc.oneof(
    { arbitrary: fc.tuple(key, fc.constantFrom(': ', ':', ':  ', ':\t'), value, fc.constantFrom('', ' ', '\t')).map((parts) => parts.join('')), weight: 3 },
    { arbitrary: fc.constantFrom('', '  nested: 1', '# comment', '- item', '...', 'key: value\r', 'tags:', 'authors:  ', 'tags:\n  - a\n    - b', 'tags:\n  - a\n- b', 'tags:\n- a\n  b'), weight: 2 },
    // Block list items, at one indent or several, simple or not.
    { arbitrary: fc.tuple(fc.constantFrom('', '  ', '    ', '   '), fc.constantFrom('- ', '-  ', '-', '- \t'), value).map((parts) => parts.join('')), weight: 3 },
  );
  const readByGrayMatter = (content: string): unknown => {
    try {
      return matter(`---\n${content}\n---\n`, {}).data;
    } catch {
      return 'an error';
    }
  };
  fc.assert(
    fc.property(fc.array(line, { maxLength: 6 }), (lines) => {
      const content = lines.join('\n');
      const simple = readSimpleYaml(content);
      if (simple !== undefined) assert.deepEqual(simple, readByGrayMatter(content), content);
    }),
    { ...settings, numRuns: RUNS * 10 },
  );
  // The usual front matter of a handbook page takes the short way.
  const usual = 'title: Values\nsidebar: Handbook\nshowTitle: true\nauthor: ["ian-vanagas"]\nfeaturedImage: ../images/x.png\norder: 3\nsummary:\ntags:\n    - Engineering\n    - Product & design';
  assert.deepEqual(readSimpleYaml(usual), readByGrayMatter(usual));
  assert.deepEqual((readSimpleYaml(usual) as { tags: string[] }).tags, ['Engineering', 'Product & design']);
});

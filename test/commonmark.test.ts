import { test } from 'node:test';
import assert from 'node:assert/strict';
import spec from 'commonmark-spec';
import GithubSlugger from 'github-slugger';
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { parsePage, type ParsedPage } from '../server/core/page';

/** markdown-it's full parse: the reference the engine's links and slugs are held to. */
const markdownIt = new MarkdownIt('default', { html: true, linkify: false });

/** Every example of the CommonMark spec, its tabs written as tabs (the spec shows them as `→`). */
const EXAMPLES = spec.tests.map((example) => ({ number: example.number, section: example.section, text: example.markdown.replace(/→/g, '\t') }));

/** Where the engine reads a page differently from markdown-it, on purpose. */
const INTENDED: Record<number, string> = {
  96: 'a page that starts with `---` has front matter up to the next `---`, as the site reads it, so `Foo` is no heading',
  604: 'email autolinks are not read: a `mailto:` link is never a page of the site',
  605: 'email autolinks are not read: a `mailto:` link is never a page of the site',
};

/** A heading's text as the site renders it for its slug: text, code and HTML kept, line breaks as line breaks. */
function renderedText(children: Token[] | null): string {
  let text = '';
  for (const child of children ?? []) {
    if (child.type === 'text' || child.type === 'code_inline' || child.type === 'html_inline') text += child.content;
    else if (child.type === 'image') text += renderedText(child.children);
    else if (child.type === 'softbreak' || child.type === 'hardbreak') text += '\n';
  }
  return text;
}

/** markdown-it's links (their hrefs, in order) and heading slugs. */
function reference(text: string): { links: string[]; slugs: string[]; definitions: string[] } {
  const env: { references?: Record<string, { href: string }> } = {};
  const tokens = markdownIt.parse(text, env);
  const slugger = new GithubSlugger();
  const links: string[] = [];
  const slugs: string[] = [];
  tokens.forEach((token, i) => {
    if (token.type === 'heading_open') slugs.push(slugger.slug(renderedText(tokens[i + 1].children).trim()));
    if (token.type === 'inline') for (const child of token.children ?? []) if (child.type === 'link_open') links.push(child.attrGet('href') ?? '');
  });
  return { links, slugs, definitions: Object.values(env.references ?? {}).map((definition) => definition.href) };
}

/**
 * The engine's links as markdown-it would write their hrefs, each read from the source at the
 * range the engine gives it (a reference, which has none, by its definition's).
 */
function engine(text: string, page: ParsedPage): { links: string[]; slugs: string[]; definitions: string[] } {
  const href = (link: ParsedPage['links'][number]) => {
    if (!link.destinationSpan) return markdownIt.normalizeLink(link.destination);
    assert.ok(link.span.start <= link.destinationSpan.start && link.destinationSpan.end <= link.span.end && link.span.end <= text.length, 'destination outside its link');
    const written = text.slice(link.destinationSpan.start, link.destinationSpan.end);
    return markdownIt.normalizeLink(link.kind === 'autolink' ? written : markdownIt.utils.unescapeAll(written));
  };
  return {
    links: page.links.filter((link) => link.kind === 'inline' || link.kind === 'reference' || link.kind === 'autolink').map(href),
    slugs: page.outline.headings.map((heading) => heading.slug),
    definitions: page.links.filter((link) => link.kind === 'definition').map(href),
  };
}

test('on every example of the CommonMark spec, links and heading slugs are markdown-it\'s, but for the differences listed', (t) => {
  const differing: number[] = [];
  for (const example of EXAMPLES) {
    const ours = engine(example.text, parsePage(example.text));
    const theirs = reference(example.text);
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) differing.push(example.number);
  }
  assert.equal(EXAMPLES.length, 652);
  assert.deepEqual(differing, Object.keys(INTENDED).map(Number));
  t.diagnostic(`${EXAMPLES.length - differing.length} of ${EXAMPLES.length} examples agree; ${differing.length} differ on purpose`);
});

test('the CommonMark examples with CRLF and with CR line breaks give the same links, ranges and slugs', () => {
  const shape = (text: string) => {
    const page = parsePage(text);
    return {
      links: page.links.map((link) => [link.kind, link.destination, page.lines.rangeOf(link.span), link.destinationSpan && page.lines.rangeOf(link.destinationSpan)]),
      slugs: page.outline.headings.map((heading) => heading.slug),
      code: page.codeSpans.map((span) => page.lines.rangeOf(span)),
    };
  };
  for (const example of EXAMPLES) {
    const lf = shape(example.text);
    assert.deepEqual(shape(example.text.replace(/\n/g, '\r\n')), lf, `example ${example.number} with CRLF`);
    assert.deepEqual(shape(example.text.replace(/\n/g, '\r')), lf, `example ${example.number} with CR`);
  }
});

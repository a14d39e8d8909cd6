import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { SITE, tempSite } from './fixtures';
import { readRedirectRules } from '../server/siteFiles';
import { CORPUS, corpusSkip, joinLines, runCheck } from './helpers';


const check = runCheck;

const BROKEN_SITE = {
  ...SITE,
  'contents/handbook/broken.md': joinLines(
    '# Broken',
    '',
    '[a](/handbook/company/valuez) and [b](/handbook/company/values#step-on-tos)',
    '[c](/careers) [d](/pricing) [e](/integrations/geoip)',
    '`[in code](/handbook/nope)`',
  ),
  'README.md': '[outside](/handbook/company/teem)',
};

describe('handbook-check', () => {
  test('text output names file, line, column, code and message, then a summary', () => {
    const root = tempSite(BROKEN_SITE);
    const result = check([], root);
    assert.equal(result.status, 1);
    assert.equal(
      result.stdout,
      joinLines(
        'contents/handbook/broken.md:3:5  link.missing-page  No page at `/handbook/company/valuez`; did you mean `/handbook/company/values`?',
        'contents/handbook/broken.md:3:39  link.missing-anchor  No heading or anchor `#step-on-tos` in `/handbook/company/values`; did you mean `#step-on-toes`?',
        '2 problems in 5 pages (contents, posthog URL rules)',
        '',
      ),
    );
  });

  test('--format json prints one array of findings; --routes makes the routes list complete', () => {
    const root = tempSite(BROKEN_SITE);
    const result = check(['--routes', 'routes.txt', '--format', 'json'], root);
    assert.equal(result.status, 1);
    const findings = JSON.parse(result.stdout);
    assert.deepEqual(findings[0], {
      file: 'contents/handbook/broken.md',
      line: 3,
      column: 5,
      endLine: 3,
      endColumn: 29,
      severity: 'warning',
      code: 'link.missing-page',
      message: 'No page at `/handbook/company/valuez`; did you mean `/handbook/company/values`?',
      target: '/handbook/company/valuez',
    });
    assert.deepEqual(findings.map((f: { target: string }) => f.target), [
      '/handbook/company/valuez',
      '/handbook/company/values#step-on-tos',
      '/integrations/geoip',
    ]);
  });

  test('paths limit the check, and files outside the content folder can be checked', () => {
    const root = tempSite(BROKEN_SITE);
    const clean = check(['contents/handbook/company'], root);
    assert.equal(clean.status, 0);
    assert.equal(clean.stdout, 'No problems in 2 pages (contents, posthog URL rules)\n');
    const outside = check(['README.md', '--format', 'json'], root);
    assert.equal(outside.status, 1);
    assert.deepEqual(JSON.parse(outside.stdout).map((f: { file: string; target: string }) => `${f.file} ${f.target}`), ['README.md /handbook/company/teem']);
  });

  test('--root points at the site from elsewhere', () => {
    const root = tempSite(SITE);
    const result = check(['--root', root], path.dirname(root));
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^No problems in 4 pages/);
  });

  test('bad usage exits 2 with a clear message', () => {
    const root = tempSite(SITE);
    const cases: [string[], RegExp][] = [
      [['--format', 'xml'], /--format must be text, json, github or sarif, not "xml"/],
      [['--routes'], /--routes needs a value/],
      [['--routes', 'missing.txt'], /cannot read --routes missing.txt/],
      [['--bogus'], /unknown option --bogus/],
      [['no/such/page.md'], /no such file or folder: no\/such\/page.md/],
      [['--root', 'nowhere'], /--root nowhere is not a folder/],
      [['--site-url', 'example.com'], /--site-url "example.com" is not a site URL: write it with its scheme and no path, as https:\/\/example.com/],
      [['--preset', 'jekyll'], /--preset "jekyll" is not a preset: use one of posthog, gatsby, docusaurus, hugo, mkdocs, nextjs, github/],
      [['--trailing-slash', 'yes'], /--trailing-slash must be true or false, not "yes"/],
      [['--links', 'urls'], /--links must be site, files or both, not "urls"/],
      [['--root', 'contents/handbook'], /no content folder: looked for contents\/ and content\/ in \S+contents\/handbook; run it from the site root, or point --root or --content-root at it/],
    ];
    for (const [args, message] of cases) {
      const result = check(args, root);
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, message);
    }
  });

  test('a site of another generator is checked by its rules, read from its config file', () => {
    const root = tempSite({
      'gatsby-config.js': "module.exports = { trailingSlash: 'always' };",
      'src/docs/sdk/index.mdx': joinLines('# SDK', '', '[features](features/) [payloads](payloads/) [nope](nope/)'),
      'src/docs/sdk/features.mdx': '# Features',
      'src/docs/sdk/payloads/index.mdx': '# Payloads',
    });
    const result = check([], root);
    assert.equal(result.stdout, joinLines(
      'src/docs/sdk/index.mdx:3:52  link.missing-page  No page at `/sdk/nope`',
      '1 problem in 3 pages (src/docs, gatsby URL rules from gatsby-config.js)',
      '',
    ));
    assert.equal(result.status, 1);
    // Told the site serves no trailing slash, the links resolve one folder up, outside the
    // content tree, where nothing is judged: the real 404 would pass.
    const flat = check(['--trailing-slash', 'false'], root);
    assert.equal(flat.stdout, 'No problems in 3 pages (src/docs, gatsby URL rules from gatsby-config.js, no trailing slash)\n');
  });

  test('--fix links each redirected link where it lands, in its own form, and changes nothing else', () => {
    const page = joinLines(
      '# Moved',
      '',
      '[a](/handbook/old#pension) [b](https://posthog.com/handbook/old) [c](<../handbook/older>) [d](/handbook/nowhere)',
      '`[in code](/handbook/old)`',
      '',
      '[ref]: /handbook/older',
    );
    const root = tempSite({
      ...SITE,
      'netlify.toml': joinLines('[[redirects]]', '  from = "/handbook/old"', '  to = "/handbook/people/benefits"', '', '[[redirects]]', '  from = "/handbook/older"', '  to = "/handbook/old#pension"'),
      'contents/handbook/moved.md': page,
      // Not UTF-8 (a Latin-1 é): written back, the rest of its bytes would change.
      'contents/handbook/latin1.md': '',
    });
    writeFileSync(path.join(root, 'contents/handbook/latin1.md'), Buffer.from('Caf\xe9 [x](/handbook/old)\n', 'latin1'));
    const before = check([], root);
    assert.match(before.stdout, /5 links through a redirect/);
    assert.equal(readFileSync(path.join(root, 'contents/handbook/moved.md'), 'utf8'), page);

    const fixed = check(['--fix'], root);
    assert.equal(readFileSync(path.join(root, 'contents/handbook/moved.md'), 'utf8'), joinLines(
      '# Moved',
      '',
      '[a](/handbook/people/benefits#pension) [b](https://posthog.com/handbook/people/benefits) [c](</handbook/people/benefits#pension>) [d](/handbook/nowhere)',
      '`[in code](/handbook/old)`',
      '',
      '[ref]: /handbook/people/benefits#pension',
    ));
    assert.deepEqual(readFileSync(path.join(root, 'contents/handbook/latin1.md')), Buffer.from('Caf\xe9 [x](/handbook/old)\n', 'latin1'));
    assert.equal(fixed.stdout, joinLines(
      'Fixed 4 links through a redirect in 1 file',
      'contents/handbook/latin1.md:1:10  link.redirected  `/handbook/old` redirects to `/handbook/people/benefits` (/handbook/old → /handbook/people/benefits by netlify.toml:1); link there directly',
      // Where it is in the page as fixed.
      'contents/handbook/moved.md:3:135  link.missing-page  No page at `/handbook/nowhere`; did you mean `/handbook/moved`?',
      '1 problem, 1 link through a redirect in 6 pages (contents, posthog URL rules)',
      '',
    ));
    assert.match(fixed.stderr, /Not fixed contents\/handbook\/latin1.md: it is not valid UTF-8/);
    assert.equal(fixed.status, 1);
  });

  test('--version, --name=value, and -- before paths that look like options', () => {
    const root = tempSite({ ...BROKEN_SITE, 'contents/handbook/--fix.md': '[x](/handbook/nope)' });
    const version = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')).version;
    assert.equal(check(['--version'], root).stdout, `handbook-check ${version}\n`);
    assert.deepEqual(check(['--format=json', '--site-url=https://posthog.com'], root).stdout, check(['--format', 'json'], root).stdout);
    const dashed = check(['--', 'contents/handbook/--fix.md'], root);
    assert.equal(dashed.stdout, 'contents/handbook/--fix.md:1:5  link.missing-page  No page at `/handbook/nope`; did you mean `/handbook/broken`?\n1 problem in 1 page (contents, posthog URL rules)\n');
  });

  test('--format github writes one annotation a finding, escaped as workflow commands are', () => {
    const root = tempSite({ ...BROKEN_SITE, 'contents/handbook/odd, name.md': '[x](/handbook/company/valuez%0A)' });
    const result = check(['--format', 'github'], root);
    assert.equal(result.status, 1);
    assert.equal(result.stdout, joinLines(
      '::warning file=contents/handbook/broken.md,line=3,col=5,endLine=3,endColumn=29,title=link.missing-page::No page at `/handbook/company/valuez`; did you mean `/handbook/company/values`?',
      '::warning file=contents/handbook/broken.md,line=3,col=39,endLine=3,endColumn=75,title=link.missing-anchor::No heading or anchor `#step-on-tos` in `/handbook/company/values`; did you mean `#step-on-toes`?',
      '::warning file=contents/handbook/odd%2C name.md,line=1,col=5,endLine=1,endColumn=32,title=link.missing-page::No page at `/handbook/company/valuez%0A`; did you mean `/handbook/company/values`?',
      '',
    ));
  });

  test('--format sarif is a SARIF 2.1.0 log the official schema accepts', () => {
    const root = tempSite(BROKEN_SITE);
    const result = check(['--format', 'sarif'], root);
    assert.equal(result.status, 1);
    const log = JSON.parse(result.stdout);
    const Ajv = require('ajv-draft-04');
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    // The schema's patterns are written for JavaScript's non-Unicode regular expressions.
    const validate = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false }).compile(schema);
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    // A log with the wrong version is refused: the validator is not a yes-man.
    assert.ok(!validate({ ...log, version: '2.0.0' }));
    const [run] = log.runs;
    assert.deepEqual(run.tool.driver.rules.map((rule: { id: string }) => rule.id), ['link.missing-anchor', 'link.missing-page']);
    assert.deepEqual(
      run.results.map((r: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: object } }[] }) => [r.ruleId, r.level, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region]),
      [
        ['link.missing-page', 'warning', 'contents/handbook/broken.md', { startLine: 3, startColumn: 5, endLine: 3, endColumn: 29 }],
        ['link.missing-anchor', 'warning', 'contents/handbook/broken.md', { startLine: 3, startColumn: 39, endLine: 3, endColumn: 75 }],
      ],
    );
  });

  test('a page with broken front matter is reported, and the others still checked', () => {
    const root = tempSite({ ...SITE, 'contents/handbook/bad.md': joinLines('---', 'title: [unclosed', '---', '[x](/handbook/nope)') });
    const findings = JSON.parse(check(['--format', 'json'], root).stdout);
    assert.deepEqual(findings.map((f: { file: string; line: number; code: string }) => `${f.file}:${f.line} ${f.code}`), [
      'contents/handbook/bad.md:3 frontmatter.invalid',
      'contents/handbook/bad.md:4 link.missing-page',
    ]);
  });

  test('links between pages are checked against every page, imported MDX headings included, and named files alone', () => {
    const site = {
      ...BROKEN_SITE,
      // Anchors of other pages, and a link into a page that imports one.
      'contents/handbook/a.md': '# A\n\n## Only here\n\n[b](/handbook/b#only-there) [c](/handbook/c#from-snippet) [x](/handbook/b#nope)',
      'contents/handbook/b.md': '# B\n\n## Only there\n\n[a](/handbook/a#only-here) [y](/handbook/a#nope)',
      'contents/handbook/c.mdx': "import Snippet from './snippet'\n\n# C\n\n<Snippet />",
      'contents/handbook/snippet.mdx': '## From snippet',
      'contents/handbook/bad.md': '---\ntitle: [unclosed\n---\n',
    };
    const root = tempSite(site);
    const one = check(['--format', 'json'], root);
    assert.equal(one.status, 1);
    const targets = JSON.parse(one.stdout).map((f: { file: string; code: string; target: string | null }) => `${f.file} ${f.code} ${f.target}`);
    assert.deepEqual(targets, [
      'contents/handbook/a.md link.missing-anchor /handbook/b#nope',
      'contents/handbook/b.md link.missing-anchor /handbook/a#nope',
      'contents/handbook/bad.md frontmatter.invalid null',
      'contents/handbook/broken.md link.missing-page /handbook/company/valuez',
      'contents/handbook/broken.md link.missing-anchor /handbook/company/values#step-on-tos',
    ]);
    const named = check(['contents/handbook/b.md', 'README.md'], root);
    assert.equal(named.stdout, joinLines(
      'README.md:1:11  link.missing-page  No page at `/handbook/company/teem`; did you mean `/handbook/company/team`?',
      'contents/handbook/b.md:5:32  link.missing-anchor  No heading or anchor `#nope` in `/handbook/a`',
      '2 problems in 2 pages (contents, posthog URL rules)',
      '',
    ));
  });

  test('the bundled content checks clean', () => {
    const result = check(['--root', path.join(__dirname, '..')], process.cwd());
    assert.equal(result.status, 0);
    assert.equal(result.stdout.trim().split('\n').pop()?.startsWith('No problems in 1 page'), true);
  });
});

describe('handbook-check on the PostHog corpus', { skip: corpusSkip() }, () => {
  test('reports its broken links, site-absolute, full-URL and relative, and the links that work through its netlify.toml redirects', () => {
    const result = check(['--routes', 'routes.txt', '--format', 'json'], CORPUS);
    assert.equal(result.status, 1);
    const findings: { file: string; line: number; code: string; target: string; severity: string }[] = JSON.parse(result.stdout);
    const keys = new Set(findings.filter((f) => !f.code.startsWith('value.')).map((f) => `${f.file}:${f.line} ${f.code} ${f.target}`));
    for (const expected of [
      // Broken, as before there were redirects.
      'contents/blog/the-posthog-array-1-31-0.md:73 link.missing-anchor /blog/the-posthog-array-1-30-0#fresh-new-lookandfeel',
      'contents/handbook/people/hiring-process/design-hiring.md:39 link.missing-anchor https://posthog.com/handbook/people/hiring-process#interview-2',
      // Working, through a rule of netlify.toml; once reported as missing pages.
      'contents/blog/meetings.mdx:56 link.redirected https://posthog.com/handbook/company/structure',
      'contents/handbook/company/management.md:80 link.redirected structure',
      'contents/handbook/engineering/beginners-guide/getting-to-know-posthog.md:9 link.redirected ../../people/team',
      'contents/handbook/strategy/prioritization.md:44 link.redirected /handbook/engineering/scale-features-prioritization',
      // Broken where the redirect lands.
      'contents/blog/the-posthog-array-1-17-0.md:47 link.missing-page /docs/plugins/overview',
    ]) {
      assert.ok(keys.has(expected), `missing: ${expected}`);
    }
    const counts: Record<string, number> = {};
    for (const f of findings) counts[f.code] = (counts[f.code] ?? 0) + 1;
    // The rules' own findings are read one by one in test/rule-check.test.ts; the mentions in test/values-report.test.ts.
    assert.deepEqual(counts, {
      'value.unlinked-mention': 16,
      'link.redirected': 172,
      'link.missing-page': 69,
      'link.missing-anchor': 42,
      'redirect.missing-destination': 15,
      'redirect.duplicate': 5,
      'redirect.pre-empted': 2,
      'redirect.shadowed': 3,
    });
    const pageFindings = findings.filter((f) => f.code.startsWith('link.'));
    assert.ok(pageFindings.every((f) => (f.code === 'link.redirected') === (f.severity === 'information')));
    // Nothing flagged may point at a page and anchor that exist.
    const values = readFileSync(path.join(CORPUS, 'contents/handbook/company/values.md'), 'utf8');
    assert.ok(values.includes('## Step on toes'));
    assert.ok(![...keys].some((key) => key.endsWith('/handbook/company/values#step-on-toes')));
  });

  test('with its rules written as vercel.json, the same findings, but where Vercel runs redirects before what the site serves', () => {
    const { rules } = readRedirectRules(CORPUS);
    const site = tempSite({ 'routes.txt': readFileSync(path.join(CORPUS, 'routes.txt'), 'utf8') });
    cpSync(path.join(CORPUS, 'contents'), path.join(site, 'contents'), { recursive: true });
    const source = (from: string) => from.replace(/\/\*$/, '/:splat*');
    writeFileSync(path.join(site, 'vercel.json'), JSON.stringify({
      redirects: rules.filter((rule) => rule.status !== 200).map((rule) => ({ source: source(rule.from), destination: rule.to, statusCode: rule.status })),
      rewrites: rules.filter((rule) => rule.status === 200).map((rule) => ({ source: source(rule.from), destination: rule.to })),
    }, null, 2));
    const keyOf = (f: { file: string; line: number; column: number; code: string; target: string }) => `${f.file}:${f.line}:${f.column} ${f.code} ${f.target}`;
    // The pages' findings: the rules' own are at lines of different files.
    const pageKeys = (stdout: string) => new Set<string>(JSON.parse(stdout).filter((f: { code: string }) => f.code.startsWith('link.')).map(keyOf));
    const netlify = pageKeys(check(['--routes', 'routes.txt', '--format', 'json'], CORPUS).stdout);
    const vercel = pageKeys(check(['--routes', 'routes.txt', '--format', 'json'], site).stdout);
    const target = (key: string) => key.slice(key.lastIndexOf(' ') + 1).replace('https://posthog.com', '');
    // On Netlify a path the site serves (a route, a page) shadows a rule that is not forced; on Vercel no redirect is shadowed.
    const shadowed = new Set(['/signup', '/docs/self-host/deploy/azure', '/handbook/people/team-structure/design']);
    const onlyNetlify = [...netlify].filter((key) => !vercel.has(key));
    const onlyVercel = [...vercel].filter((key) => !netlify.has(key));
    assert.deepEqual(onlyNetlify.map(target), ['/handbook/people/team-structure/design', '/handbook/people/team-structure/design']);
    assert.equal(onlyVercel.length, 20);
    assert.ok(onlyVercel.every((key) => shadowed.has(target(key))), onlyVercel.join('\n'));
  });
});

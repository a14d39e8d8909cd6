import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { CONFIG_KEYS } from '../server/configFile';
import { CODE_DESCRIPTIONS } from '../server/messages';
import { LspClient } from './lspClient';
import { tempSite } from './fixtures';
import { joinLines, waitFor } from './helpers';

const CLI = path.join(__dirname, '..', 'dist', 'cli.js');

/** A site whose config file changes severities, ignores a folder and a target, and sets the URL rules. */
const CONFIGURED = {
  '.handbook.json': JSON.stringify(
    {
      preset: 'gatsby',
      severity: { 'link.missing-anchor': 'error', 'link.redirected': 'off' },
      ignore: { files: ['contents/handbook/legacy/**'], targets: ['/handbook/generated/**'] },
    },
    null,
    2,
  ),
  'netlify.toml': joinLines('[[redirects]]', '  from = "/old"', '  to = "/handbook/sdk/setup"'),
  'contents/handbook/sdk/index.md': joinLines('# SDK', '', '[a](setup/) [b](#nope) [c](/handbook/generated/x) [d](/handbook/missing) [e](/old)'),
  'contents/handbook/sdk/setup.md': '# Setup',
  'contents/handbook/legacy/old.md': '[x](/handbook/nowhere)',
};

test('the CLI and the server read one config file, and give the same findings by it', async () => {
  const root = tempSite(CONFIGURED);
  const result = spawnSync(process.execPath, [CLI, '--format', 'json'], { cwd: root, encoding: 'utf8' });
  assert.equal(result.stderr, '');
  const fromCli = (JSON.parse(result.stdout) as { file: string; line: number; column: number; code: string; severity: string }[]).map(
    (f) => `${f.file}:${f.line}:${f.column} ${f.code} ${f.severity}`,
  );
  // Read with a trailing slash, `setup/` is the page beside; `#nope` an error; the ignored target, page and redirect note are gone.
  assert.deepEqual(fromCli, ['contents/handbook/sdk/index.md:3:17 link.missing-anchor error', 'contents/handbook/sdk/index.md:3:55 link.missing-page warning']);
  assert.equal(result.status, 1);

  const client = new LspClient(root);
  try {
    await client.initialize({ handbook: {} });
    const fromServer: string[] = [];
    for (const file of ['contents/handbook/sdk/index.md', 'contents/handbook/legacy/old.md']) {
      const uri = client.uri(file);
      await client.open(uri, readFileSync(path.join(root, file), 'utf8'));
      const severities = ['', 'error', 'warning', 'information', 'hint'];
      for (const d of (await client.forVersion(uri, 1)).diagnostics) fromServer.push(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${severities[d.severity ?? 0]}`);
    }
    assert.deepEqual(fromServer, fromCli);
  } finally {
    await client.stop();
  }
  // A flag wins over the file.
  const flat = spawnSync(process.execPath, [CLI, '--trailing-slash', 'false', '--format', 'json'], { cwd: root, encoding: 'utf8' });
  assert.ok((JSON.parse(flat.stdout) as { code: string }[]).some((f) => f.code === 'link.missing-page' && (f as { target?: string }).target === 'setup/'));
});

test('a broken config file is one clear message for each thing wrong, naming file, line and key; the defaults carry on', async () => {
  const root = tempSite({
    ...CONFIGURED,
    '.handbook.json': joinLines('{', '  "siteUrl": "example.com",', '  "severity": { "link.missing-page": "loud" },', '  "colour": "blue"', '}'),
  });
  const result = spawnSync(process.execPath, [CLI], { cwd: root, encoding: 'utf8' });
  assert.equal(result.stderr, joinLines(
    'handbook-check: .handbook.json:3: "severity" must be an object of codes to "error", "warning", "information", "hint", "off"; the default is used',
    'handbook-check: .handbook.json:4: "colour" is not a setting (the settings are contentRoot, siteUrl, routesFile, valuesPages, preset, trailingSlash, links, anchorMakers, severity, ignore, values, moves)',
    'handbook-check: .handbook.json siteUrl "example.com" is not a site URL: write it with its scheme and no path, as https://example.com; https://posthog.com is used',
    '',
  ));
  // The defaults carry on: every page checked, the redirect noted.
  assert.match(result.stdout, /5 problems, 1 link through a redirect in 3 pages \(contents, posthog URL rules\)/);

  const invalid = tempSite({ ...CONFIGURED, '.handbook.json': joinLines('{', '  "preset": "gatsby",', '}') });
  const broken = spawnSync(process.execPath, [CLI], { cwd: invalid, encoding: 'utf8' });
  assert.match(broken.stderr, /^handbook-check: \.handbook\.json:3: not valid JSON \([^)]+\); its settings are not used\n$/);
  const client = new LspClient(invalid);
  try {
    await client.initialize({ handbook: {} });
    await waitFor(async () => client.shown.some((message) => /\.handbook\.json:3: not valid JSON/.test(message)));
  } finally {
    await client.stop();
  }
});

test('the JSON schema VS Code validates the file with holds the same settings and codes as the tools read', () => {
  const schema = JSON.parse(readFileSync(path.join(__dirname, '..', 'schemas', 'handbook.schema.json'), 'utf8'));
  const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: '.handbook.json', url: './schemas/handbook.schema.json' }]);
  assert.deepEqual(Object.keys(schema.properties).filter((key) => key !== '$schema').sort(), [...CONFIG_KEYS].sort());
  assert.deepEqual([...schema.properties.severity.propertyNames.enum].sort(), Object.keys(CODE_DESCRIPTIONS).sort());
  const validate = new Ajv({ strict: false }).compile(schema);
  assert.ok(validate(JSON.parse(CONFIGURED['.handbook.json'])), JSON.stringify(validate.errors));
  assert.ok(!validate({ severity: { 'link.missing-page': 'loud' } }));
  assert.ok(!validate({ colour: 'blue' }));
  assert.ok(!validate({ siteUrl: 'example.com' }));
});

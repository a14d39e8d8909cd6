import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { joinLines } from './helpers';

/** Writes files into a fresh temp folder, removed when the test process exits. */
export function tempSite(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'handbook-test-'));
  for (const [relative, text] of Object.entries(files)) writeFile(root, relative, text);
  process.on('exit', () => rmSync(root, { recursive: true, force: true }));
  return root;
}

export function writeFile(root: string, relative: string, text: string): string {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** A small site shaped like posthog.com. */
export const SITE = {
  'contents/handbook/index.md': joinLines('---', 'title: Handbook', '---', 'Welcome to the handbook.'),
  'contents/handbook/company/values.md': joinLines(
    '---',
    'title: Values',
    '---',
    'What we value.',
    '',
    '## Step on toes',
    '',
    'Pick the most *important* thing and work on it.',
    '',
    '## Talent compounds',
    '',
    'Work with the best.',
  ),
  'contents/handbook/company/team.md': joinLines('# Team', '', 'The people of PostHog.', '', '## Co-founder & CEO', '', 'James.'),
  'contents/handbook/people/benefits.mdx': joinLines('# Benefits', '', '## Pension', '', 'Money later.'),
  'routes.txt': '/pricing\n/careers\n',
};

/**
 * A folder under `root` holding a `handbook-ls` that runs the built server, as a global
 * install puts one on the PATH: for editors whose setups name the command.
 */
export function handbookLsOnPath(root: string, server: string): string {
  const bin = path.join(root, '.bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(path.join(bin, 'handbook-ls'), `#!/bin/sh\nexec "${process.execPath}" "${server}" "$@"\n`);
  chmodSync(path.join(bin, 'handbook-ls'), 0o755);
  return bin;
}

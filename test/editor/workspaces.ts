import { mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';

/** Writes a folder of files and returns it. */
function writeFolder(root: string, files: Record<string, string>): string {
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  mkdirSync(root, { recursive: true });
  return root;
}

/** A small handbook site for the in-editor suite and the screenshots. */
export function editorWorkspace(root: string): string {
  return writeFolder(root, {
    'contents/handbook/company/values.md': '---\ntitle: Values\n---\nWhat we value.\n\n## Step on toes\n\nPick the most *important* thing and work on it. It is **not** ok to follow instructions blindly.\n\n- Ship early\n- Ask for feedback\n\n## Talent compounds\n\nWork with the best.\n',
    'contents/handbook/company/team.md': '# Team\n\nThe people of PostHog.\n\n## Co-founder & CEO\n\nJames.\n',
    'contents/handbook/people/benefits.mdx': '# Benefits\n\n## Pension\n\nMoney later.\n',
    'contents/handbook/links.md': '# Links\n\nWe [step on toes](/handbook/company/values#step-on-toes) and meet [the team](/handbook/company/team).\n',
    'contents/handbook/draft.md': '# Draft\n',
    'alt-content/handbook/alt-only.md': '# Only in the alternative content folder\n',
    'notes/outside.md': '',
  });
}

/** A folder with no handbook in it. */
export function emptyWorkspace(root: string): string {
  return writeFolder(root, { 'notes.md': '' });
}

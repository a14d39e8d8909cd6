import type { Finding } from './core/diagnostics';
import type { RuleFinding } from './core/ruleCheck';

/** What each code means, in a line: for tools that list the rules a check applies (SARIF). */
export const CODE_DESCRIPTIONS: Record<string, string> = {
  'link.missing-page': 'A link to a page the site does not serve',
  'link.missing-anchor': 'A link to a heading or anchor its page does not have',
  'link.missing-file': 'A link to an image or other file the site does not serve',
  'link.redirected': 'A link that reaches its page through a redirect',
  'link.redirect-loop': 'A link whose redirects go round in a loop',
  'frontmatter.invalid': 'Front matter that cannot be read',
  'suppression.unused': 'A suppression comment that silences nothing',
  'value.renamed': 'A link to an old anchor of a value, which has another now',
  'value.unlinked-mention': 'Prose that names a value without linking to it',
  'value.duplicate': 'A value named twice on the values page',
  'value.no-definition': 'A value with nothing written under it',
  'redirect.missing-destination': 'A redirect rule that sends to a page or anchor that does not exist',
  'redirect.loop': 'Redirect rules that go round in a loop',
  'redirect.pre-empted': 'A redirect rule an earlier rule always takes first',
  'redirect.duplicate': 'A redirect rule written twice',
  'redirect.shadowed': 'A redirect rule that never applies, as the site serves its source',
};

/** The words a person reads for a finding, the same in the editor and in CI. */
export function describeFinding(finding: Finding): string {
  switch (finding.code) {
    case 'link.missing-page': {
      if (finding.landing !== undefined) return `No page at \`${finding.landing}\`, where \`${finding.targetPath}\` redirects (${chain(finding)})`;
      const hint = finding.suggestion ? `; did you mean \`${finding.suggestion}\`?` : '';
      if (finding.file !== undefined) return `No page file \`${finding.file}\`${hint}`;
      return `No page at \`${finding.targetPath}\`${hint}`;
    }
    case 'link.missing-file': {
      const hint = finding.suggestion ? `; did you mean \`${finding.suggestion}\`?` : '';
      return finding.file !== undefined ? `No file \`${finding.file}\` in the content folder${hint}` : `No file served at \`${finding.targetPath}\`${hint}`;
    }
    case 'link.missing-anchor': {
      const where =
        finding.landing !== undefined
          ? ` in \`${finding.landing}\`, where \`${finding.targetPath}\` redirects (${chain(finding)})`
          : finding.file !== undefined
            ? ` in \`${finding.file}\``
            : finding.targetPath
              ? ` in \`${finding.targetPath}\``
              : ' on this page';
      const hint = finding.suggestion ? `; did you mean \`#${finding.suggestion}\`?` : '';
      return `No heading or anchor \`#${finding.anchor}\`${where}${hint}`;
    }
    case 'link.redirected':
      return `\`${finding.targetPath}\` redirects to \`${finding.landing}\` (${chain(finding)}); link there directly`;
    case 'link.redirect-loop':
      return `The redirects from \`${finding.targetPath}\` go round in a loop (${chain(finding)})`;
    case 'frontmatter.invalid':
      return finding.detail ?? 'Front matter could not be read';
    case 'suppression.unused':
      return finding.detail === 'file' ? 'This suppression silences nothing: this page has no such finding' : 'This suppression silences nothing: the next line has no such finding';
    case 'value.renamed': {
      const where = finding.landing !== undefined ? ` (reached through ${chain(finding)})` : '';
      return `\`#${finding.anchor}\` is an old anchor of the value "${finding.value}"${where}; link to \`#${finding.suggestion}\``;
    }
    case 'value.unlinked-mention':
      return `"${finding.value}" is one of the company's values: link it to \`${finding.suggestion}\``;
    case 'value.duplicate':
      return `The value "${finding.value}" is named twice on this page (first on line ${(finding.firstLine ?? 0) + 1}): every link to it reaches the first`;
    case 'value.no-definition':
      return `The value "${finding.value}" has nothing written under it: its hover and the Values view show no definition`;
  }
}

/** The words for a finding on a redirect rule, the same in the editor and in CI. */
export function describeRuleFinding(finding: RuleFinding): string {
  const { rule } = finding;
  switch (finding.code) {
    case 'redirect.missing-destination': {
      const onward = finding.redirects ? `, and on (${chain(finding)})` : '';
      const lacks = finding.anchor !== undefined ? `\`${finding.landing}\` has no heading or anchor \`#${finding.anchor}\`` : `no page serves \`${finding.landing}\``;
      return `This rule sends \`${rule.from}\` to \`${rule.to}\`${onward}, but ${lacks}`;
    }
    case 'redirect.loop':
      return `The redirects from \`${rule.from}\` go round in a loop (${chain(finding)})`;
    case 'redirect.duplicate':
      return `This rule never applies: it repeats the rule at ${finding.earlier!.origin}`;
    case 'redirect.pre-empted':
      return `This rule never applies: the rule at ${finding.earlier!.origin} (\`${finding.earlier!.from}\` to \`${finding.earlier!.to}\`) takes every URL it matches first`;
    case 'redirect.shadowed':
      return `This rule never applies: the site serves \`${rule.from}\`, and a rule that is not forced applies only where the site serves nothing`;
  }
}

/** A finding's redirects as a reader follows them: `/a → /b (netlify.toml:12) → /c (netlify.toml:40)`. */
function chain(finding: Pick<Finding, 'redirects'>): string {
  return (finding.redirects ?? []).map((hop, i) => `${i === 0 ? `${hop.from} → ` : '→ '}${hop.to} by ${hop.origin}`).join(' ');
}

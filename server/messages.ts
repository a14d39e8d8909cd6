import type { Finding } from './core/diagnostics';

/** The words a person reads for a finding, the same in the editor and in CI. */
export function describeFinding(finding: Finding): string {
  switch (finding.code) {
    case 'link.missing-page': {
      const hint = finding.suggestion ? `; did you mean \`${finding.suggestion}\`?` : '';
      return `No page at \`${finding.targetPath}\`${hint}`;
    }
    case 'link.missing-anchor': {
      const where = finding.targetPath ? ` in \`${finding.targetPath}\`` : ' on this page';
      const hint = finding.suggestion ? `; did you mean \`#${finding.suggestion}\`?` : '';
      return `No heading or anchor \`#${finding.anchor}\`${where}${hint}`;
    }
    case 'frontmatter.invalid':
      return finding.detail ?? 'Front matter could not be read';
  }
}

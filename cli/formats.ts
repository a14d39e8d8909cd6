import { pathToFileURL } from 'url';
import { VERSION } from '../server/version';
import { CODE_DESCRIPTIONS } from '../server/messages';
import type { ReportedFinding } from './siteCheck';

/** A workflow command's data, escaped as GitHub Actions reads it: `%`, and line breaks. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property, escaped: its data's escapes, and `:` and `,`. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * Findings as GitHub Actions workflow commands, one a line: each becomes an annotation on
 * the pull request's file and lines (`::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`).
 */
export function githubAnnotations(findings: ReportedFinding[]): string {
  const command = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' } as const;
  return findings
    .map((finding) => {
      const properties = [
        `file=${escapeProperty(finding.file)}`,
        `line=${finding.line}`,
        `col=${finding.column}`,
        `endLine=${finding.endLine}`,
        `endColumn=${finding.endColumn}`,
        `title=${escapeProperty(finding.code)}`,
      ].join(',');
      return `::${command[finding.severity]} ${properties}::${escapeData(finding.message)}\n`;
    })
    .join('');
}

/** Findings as one SARIF 2.1.0 log, files relative to the site root (`%SRCROOT%`), for code scanning. */
export function sarifLog(findings: ReportedFinding[], root: string): string {
  const codes = [...new Set(findings.map((finding) => finding.code))].sort();
  const level = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;
  const rootUri = pathToFileURL(root.endsWith('/') ? root : root + '/').toString();
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'handbook-check',
            version: VERSION,
            rules: codes.map((code) => ({ id: code, shortDescription: { text: CODE_DESCRIPTIONS[code] ?? code } })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: rootUri } },
        results: findings.map((finding) => ({
          ruleId: finding.code,
          ruleIndex: codes.indexOf(finding.code),
          level: level[finding.severity],
          message: { text: finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(finding.file), uriBaseId: '%SRCROOT%' },
                region: { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn },
              },
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

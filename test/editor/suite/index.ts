/// <reference types="mocha" />
import { appendFileSync } from 'fs';
import { format } from 'util';
import Mocha from 'mocha';
import { registerHandbookTests } from './handbook.test';
import { registerNoHandbookTests } from './noHandbook.test';

/**
 * The in-editor suite, to the @vscode/test-electron contract: VS Code's extension host
 * loads this module and awaits `run()`. HANDBOOK_SUITE picks the half that fits the opened
 * folder: `handbook` (a site with contents/) or `no-handbook` (a folder without one).
 */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  // The runner reads the report from this file; the browser console carries much else.
  const report = process.env.HANDBOOK_SUITE_REPORT;
  if (report) {
    const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
    const original = base.consoleLog;
    base.consoleLog = (...args: unknown[]) => {
      appendFileSync(report, format(...args) + '\n');
      original(...args);
    };
  }
  const which = process.env.HANDBOOK_SUITE ?? 'handbook';
  mocha.suite.emit('pre-require', globalThis, 'suite', mocha);
  if (which === 'handbook' || which === 'installed') registerHandbookTests(which === 'installed');
  if (which === 'no-handbook') registerNoHandbookTests();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} in-editor test(s) failed`)) : resolve()));
  });
}

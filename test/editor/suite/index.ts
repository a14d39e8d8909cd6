/// <reference types="mocha" />
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
  const which = process.env.HANDBOOK_SUITE ?? 'handbook';
  mocha.suite.emit('pre-require', globalThis, 'suite', mocha);
  if (which === 'handbook' || which === 'installed') registerHandbookTests(which === 'installed');
  if (which === 'no-handbook') registerNoHandbookTests();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} in-editor test(s) failed`)) : resolve()));
  });
}

/// <reference types="mocha" />
import * as assert from 'assert';
import { activeExtension, diagnosticsWhen, hoverText, openWithText, positionOf, valuesViewRows, workspaceUri } from './vscodeHelpers';

/** Checks for a folder with no handbook in it. */
export function registerNoHandbookTests(): void {
  suite('Handbook extension in a folder with no handbook', () => {
    test('value hovers come from the bundled values, and handbook links are not flagged', async () => {
      const uri = workspaceUri('notes.md');
      const editor = await openWithText(uri, '[talent](/handbook/company/values#talent-compounds) and [x](/handbook/engineering/anything) and [bad](/handbook/company/values#nope)');
      await activeExtension();
      const [only] = await diagnosticsWhen(uri, 'the one link checked against the bundled values', (d) => d.length === 1);
      assert.match(only.message, /No heading or anchor `#nope` in `\/handbook\/company\/values`/);
      const hover = await hoverText(uri, positionOf(editor.document, 'talent]', 2));
      assert.match(hover, /\*\*Value: Talent compounds\*\*/);
      assert.match(hover, /Getting into PostHog is a huge challenge/);
      assert.match(hover, /\(bundled handbook\)/);
    });

    test('the Values view shows the bundled values', async () => {
      const { items } = await valuesViewRows();
      assert.deepEqual(items.map((item) => item.label), ['We are open source', "We haven't built our defining feature yet", 'Everyone codes', 'Step on toes', 'Talent compounds', 'Bias for Impact']);
      assert.ok(items.every((item) => item.description === 'cited by no page'));
    });
  });
}

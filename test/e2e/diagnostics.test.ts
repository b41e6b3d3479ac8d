// End to end in the workbench: the Option 2 example without add_script_run_ctx shows a squiggle
// and a Problems entry, the quick fix from Ctrl+. attaches the context, and the entry goes away.
// The folder stays untrusted (Restricted Mode): diagnostics need no trust.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { fixtureWorkspace, repoRoot } from '../integration/harness/paths';
import { openCodeActionMenu, selectCodeAction } from './codeActionMenu';
import { openWorkbench, quickOpen, runCommand, type Workbench } from './workbench';

const EXAMPLE = 'option2_no_ctx_broken.py';

describe('diagnostics in the workbench (e2e)', function () {
  this.timeout(180_000);
  let workbench: Workbench | undefined;

  before(async () => {
    workbench = await openWorkbench({
      fixture: fixtureWorkspace,
      extraFiles: { [EXAMPLE]: join(repoRoot, 'examples', EXAMPLE) },
      untrusted: true,
    });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench?.reportFailure('diagnostics', this.currentTest.title);
  });

  after(async () => {
    await workbench?.close();
  });

  it('shows the squiggle and the Problems entry, and the quick fix clears them', async () => {
    assert.ok(workbench);
    const { page } = workbench;
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'visible' });

    await quickOpen(page, EXAMPLE);
    const editor = page.locator('.editor-instance .monaco-editor[data-uri$="' + EXAMPLE + '"]').first();
    const squiggle = editor.locator('.squiggly-warning').first();
    await squiggle.waitFor({ state: 'visible', timeout: 30_000 });
    await workbench.screenshot('01-squiggle');

    await runCommand(page, 'View: Focus Problems');
    const problems = page.locator('.markers-panel .monaco-list-row', { hasText: 'TL001' });
    await problems.first().waitFor({ state: 'visible' });
    assert.match((await problems.first().innerText()).replace(/\s+/g, ' '), /without a ScriptRunContext/);
    await workbench.screenshot('02-problems-entry');

    // The rule code in the entry links to the rule's page shipped in the extension (offline).
    await problems.first().locator('a', { hasText: 'TL001' }).click();
    await page.locator('.tabs-container .tab', { hasText: 'Preview TL001.md' }).waitFor({ state: 'visible' });
    await workbench.screenshot('02b-rule-page');
    // Back to the code by its tab (keyboard focus is inside the preview's webview now).
    await page.locator('.tabs-container .tab', { hasText: EXAMPLE }).click();
    await page.locator(`.tabs-container .tab.active[aria-label^="${EXAMPLE}"]`).waitFor({ state: 'visible' });

    // Go to the finding (F8 jumps to the next problem), then open the quick fixes with Ctrl+.
    await editor.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('F8');
    await page.keyboard.press('Escape');
    await openCodeActionMenu(page, "Attach the script thread's context before start()");
    await workbench.screenshot('03-quick-fix-menu');
    // The menu is keyboard driven (a pointer shield covers it briefly): move to the fix, Enter.
    await selectCodeAction(page, "Attach the script thread's context before start()");

    await editor.locator('.view-line', { hasText: 'add_script_run_ctx(worker, get_script_run_ctx())' }).first().waitFor({ state: 'visible' });
    await problems.first().waitFor({ state: 'detached', timeout: 15_000 });
    await editor.locator('.squiggly-warning').first().waitFor({ state: 'detached', timeout: 15_000 });
    await workbench.screenshot('04-fixed');
  });
});

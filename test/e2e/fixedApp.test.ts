// End to end in the workbench: the Option 2 example without add_script_run_ctx gets the quick fix
// from the light bulb, and the fixed app runs: the five threads write their results in the
// panel's iframe and the Threads pane has no monitor event, even after a second run.
// Screenshots: test-output/e2e/fixedApp-*.png.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from '../integration/harness/paths';
import { pollUntil } from '../integration/harness/wait';
import { appFrame, previewFrame } from './runAppDriver';
import { openCodeActionMenu, selectCodeAction } from './codeActionMenu';
import { openWorkbench, quickOpen, runCommand, type Workbench } from './workbench';

const BROKEN = 'option2_no_ctx_broken.py';
const FIX = "Attach the script thread's context before start()";
const WORKER_RESULT = /^waited 0\.\d s/;

describe('the quick-fixed app in the workbench (e2e)', function () {
  this.timeout(240_000);
  let workbench: Workbench | undefined;

  before(async () => {
    workbench = await openWorkbench({
      fixture: join(repoRoot, 'test', 'fixtures', 'run-app'),
      extraFiles: { [BROKEN]: join(repoRoot, 'examples', BROKEN) },
      settings: { 'threadlit.pythonPath': join(repoRoot, '.venv', 'bin', 'python'), 'threadlit.preview.transport': 'iframe' },
    });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench?.reportFailure('fixedApp', this.currentTest.title);
  });

  after(async () => {
    if (workbench !== undefined) await runCommand(workbench.page, 'Threadlit: Stop App').catch(() => undefined);
    await workbench?.close();
  });

  it('applies the light bulb’s fix, runs the app, and shows five results and no monitor event', async () => {
    assert.ok(workbench);
    const { page } = workbench;
    await quickOpen(page, BROKEN);
    const editor = page.locator('.editor-instance .monaco-editor[data-uri$="' + BROKEN + '"]').first();
    await editor.locator('.squiggly-warning').first().waitFor({ state: 'visible', timeout: 30_000 });
    await workbench.screenshot('fixedApp-01-squiggle');

    // To the finding (F8), then the light bulb's menu (Ctrl+.), then the fix.
    await editor.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('F8');
    await page.keyboard.press('Escape');
    await openCodeActionMenu(page, FIX);
    await workbench.screenshot('fixedApp-02-light-bulb');
    await selectCodeAction(page, FIX);
    await editor.locator('.view-line', { hasText: 'add_script_run_ctx(worker, get_script_run_ctx())' }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Control+S');
    await editor.locator('.squiggly-warning').first().waitFor({ state: 'detached', timeout: 15_000 });
    await workbench.screenshot('fixedApp-03-fixed');

    await runCommand(page, 'Threadlit: Run App', 60_000);
    const app = appFrame(page);
    for (let i = 0; i < 5; i++) await app.getByText(`Thread ${i}`, { exact: true }).waitFor({ state: 'visible', timeout: 90_000 });
    await pollUntil('five worker results', async () => ((await app.getByText(WORKER_RESULT).count()) === 5 ? true : undefined), 30_000);

    // A second run (the app's Rerun button) that finishes takes longer than the monitor's flush
    // tick, so any event of the first run would be in the pane by then.
    const preview = previewFrame(page);
    const body = preview.locator('body');
    const runs = async (): Promise<number> => Number((await body.getAttribute('data-frame-runs')) ?? '0');
    await pollUntil('the first run reported by the app frame', async () => ((await runs()) >= 1 ? true : undefined), 30_000);
    const first = await runs();
    await app.getByRole('button', { name: 'Rerun' }).click();
    await pollUntil(
      'the second run to finish with five results',
      async () => ((await runs()) > first && (await body.getAttribute('data-frame-status')) === 'idle' && (await app.getByText(WORKER_RESULT).count()) === 5 ? true : undefined),
      30_000,
    );

    await preview.locator('#threads-toggle').click();
    await preview.locator('#threads h2').waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await preview.locator('#event-count:not([hidden])').count(), 0, 'no monitor event counted in the toolbar');
    assert.equal(await preview.locator('#threads .event').count(), 0, 'no monitor event in the Threads pane');
    await workbench.screenshot('fixedApp-04-running-clean');
    await runCommand(page, 'Threadlit: Stop App');
  });
});

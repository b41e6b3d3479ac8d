// End to end: in a real workbench, run the Option 2 example from the palette, find its five
// threads' output inside the preview's iframe, click the app's Rerun button, keep session state
// across hiding the panel, and stop it leaving no process. Screenshots go to test-output/.
// Usage: tsx test/e2e/runApp.e2e.ts [--no-build]
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, type Browser } from '../integration/harness/browser';
import { buildExtension } from '../integration/harness/build';
import { startCodeServer, type CodeServer } from '../integration/harness/codeServer';
import { repoRoot, testOutput } from '../integration/harness/paths';
import { pollUntil } from '../integration/harness/wait';
import { copyWorkspace } from '../integration/harness/workspace';
import { appFrame, groupMembers, openFile, previewFrame, processesMatching, runCommand, waitForWorkbench } from './runAppDriver';

const VENV_PYTHON = join(repoRoot, '.venv', 'bin', 'python');
const APP = 'option2_script_run_ctx.py';
const BROKEN = 'option2_no_ctx_broken.py';

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) buildExtension();
  mkdirSync(testOutput, { recursive: true });
  const workspace = copyWorkspace(join(repoRoot, 'test', 'fixtures', 'run-app'));
  for (const name of [APP, BROKEN]) copyFileSync(join(repoRoot, 'examples', name), join(workspace.path, name));
  mkdirSync(join(workspace.path, '.vscode'), { recursive: true });
  writeFileSync(join(workspace.path, '.vscode', 'settings.json'), JSON.stringify({ 'threadlit.pythonPath': VENV_PYTHON }));
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const timings: Record<string, number> = {};
  try {
    server = await startCodeServer({ logFile: join(testOutput, 'e2e-runApp-code-server.log') });
    browser = await launchBrowser();
    const { page } = browser;
    await page.goto(server.workbenchUrl(workspace.path, [['extensionDevelopmentPath', server.remoteUri(repoRoot)]]));
    await waitForWorkbench(page);
    await openFile(page, APP);

    const t0 = Date.now();
    await runCommand(page, 'Threadlit: Run App');
    const app = appFrame(page);
    // Five workers, each with its header and the line it wrote from its own thread.
    for (let i = 0; i < 5; i++) await app.getByText(`Thread ${i}`, { exact: true }).waitFor({ state: 'visible', timeout: 90_000 });
    await pollUntil('five worker results', async () => ((await app.getByText(/^waited 0\.\d s/).count()) === 5 ? true : undefined), 30_000);
    timings.runAppToFiveThreadsMs = Date.now() - t0;
    const preview = previewFrame(page);
    await preview.locator('#state[data-state="running"]').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(testOutput, 'runApp-e2e-running.png') });

    // The app's own Rerun button: the frame reports a new script run to the toolbar.
    const body = preview.locator('body');
    const runsBefore = Number((await body.getAttribute('data-frame-runs')) ?? '0');
    assert.ok(runsBefore >= 1, `the frame reported the first run (data-frame-runs=${runsBefore})`);
    const t1 = Date.now();
    await app.getByRole('button', { name: 'Rerun' }).click();
    await pollUntil('a second run reported by the app frame', async () => (Number((await body.getAttribute('data-frame-runs')) ?? '0') > runsBefore ? true : undefined), 30_000);
    await pollUntil('five results after the rerun', async () => ((await app.getByText(/^waited 0\.\d s/).count()) === 5 && (await body.getAttribute('data-frame-status')) === 'idle' ? true : undefined), 30_000);
    timings.rerunClickToIdleMs = Date.now() - t1;

    // Our toolbar's Threads pane lists the runtime's threads.
    await preview.locator('#threads-toggle').click();
    await preview.locator('#threads h2').waitFor({ state: 'visible', timeout: 10_000 });
    await page.screenshot({ path: join(testOutput, 'runApp-e2e-threads.png') });

    // Stop from the palette: the runtime and everything in its process group end.
    const runtimes = processesMatching('threadlit_runtime', APP);
    assert.equal(runtimes.length, 1, `one runtime process for ${APP}: ${runtimes.join(',')}`);
    const pgid = runtimes[0] ?? 0;
    await runCommand(page, 'Threadlit: Stop App');
    await pollUntil('the runtime process group to be empty', () => (groupMembers(pgid).length === 0 ? true : undefined), 15_000);
    await preview.locator('#state[data-state="stopped"]').waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(testOutput, 'runApp-e2e-stopped.png') });
    await runCommand(page, 'View: Close All Editors');

    await sessionSurvivesHidingAndSavingReruns(page);
    await runCommand(page, 'View: Close All Editors');
    await monitorEventRevealsItsLine(page);
    process.stdout.write(`runApp e2e: passed ${JSON.stringify(timings)}\n`);
  } catch (err) {
    await browser?.page.screenshot({ path: join(testOutput, 'runApp-e2e-failure.png') }).catch(() => undefined);
    throw err;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    workspace.dispose();
  }
}

/** A session_state counter survives hiding and showing the panel; saving the file reruns the app. */
async function sessionSurvivesHidingAndSavingReruns(page: Page): Promise<void> {
  await openFile(page, 'hello.py');
  await runCommand(page, 'Threadlit: Run App');
  const app = appFrame(page);
  await app.getByText('clicks: 0').waitFor({ timeout: 90_000 });
  await app.getByRole('button', { name: 'Count' }).click();
  await app.getByText('clicks: 1').waitFor({ timeout: 30_000 });
  // Hide the preview behind another editor in its group, then show it again.
  await page.locator('.tab', { hasText: '▶ hello.py' }).click();
  await openFile(page, 'README.md');
  await page.locator('.tab', { hasText: '▶ hello.py' }).click();
  await app.getByText('clicks: 1').waitFor({ timeout: 30_000 });
  // Edit the app and save: Streamlit's runOnSave reruns it and the panel shows the new line.
  await page.locator('.tab', { hasText: /^hello\.py/ }).first().click();
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('\nst.write("edited by the e2e test")\n');
  await page.keyboard.press('Control+S');
  await app.getByText('edited by the e2e test').waitFor({ timeout: 30_000 });
  await app.getByText('clicks: 1').waitFor({ timeout: 10_000 });
  await page.screenshot({ path: join(testOutput, 'runApp-e2e-saved.png') });
  await runCommand(page, 'Threadlit: Stop App');
}

/** A broken variant: the monitor's event appears in the Threads pane; clicking it opens its line. */
async function monitorEventRevealsItsLine(page: Page): Promise<void> {
  await openFile(page, BROKEN);
  await runCommand(page, 'Threadlit: Run App');
  const preview = previewFrame(page);
  await appFrame(page).getByText('Thread 4', { exact: true }).waitFor({ timeout: 90_000 });
  await preview.locator('#event-count:not([hidden])').waitFor({ timeout: 30_000 });
  await preview.locator('#threads-toggle').click();
  const event = preview.locator('#threads .event.clickable').first();
  await event.waitFor({ timeout: 30_000 });
  const text = (await event.textContent()) ?? '';
  assert.match(text, new RegExp(`${BROKEN.replace(/\./g, '\\.')}:23 `), `the event names the write's line: ${text}`);
  await page.screenshot({ path: join(testOutput, 'runApp-e2e-monitor.png') });
  await event.click();
  await page.locator('.tab.active', { hasText: BROKEN }).waitFor({ timeout: 15_000 });
  await page.locator('.statusbar', { hasText: 'Ln 23, Col 1' }).waitFor({ timeout: 15_000 });
  await runCommand(page, 'Threadlit: Stop App');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`runApp e2e: FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);

// End to end in the workbench, with each preview transport: keep session state across hiding the
// panel, rerun on save, restore the preview after a window reload, see a broken variant's monitor
// event in the Threads pane and open its line. With the iframe, also: run the Option 2 example
// from the palette and find its five threads' output inside the preview's iframe, click the app's
// Rerun button and the toolbar's, stop leaving no process, and recover a frame whose first load
// failed (the tunnel's own versions of these are in runAppTunnel*.test.ts).
// Screenshots: test-output/e2e/runApp-<transport>-*.png.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from '../integration/harness/paths';
import { pollUntil } from '../integration/harness/wait';
import { appFrame, appView, groupMembers, previewFrame, processesMatching, webviewWith } from './runAppDriver';
import { openWorkbench, quickOpen, runCommand, type Workbench } from './workbench';

const APP = 'option2_script_run_ctx.py';
const BROKEN = 'option2_no_ctx_broken.py';
const WORKER_RESULT = /^waited 0\.\d s/;

for (const transport of ['tunnel', 'iframe'] as const) describe(`Run App in the workbench, ${transport} transport (e2e)`, function () {
  this.timeout(240_000);
  let workbench: Workbench | undefined;
  const shot = (name: string): Promise<void> => workbench?.screenshot(`runApp-${transport}-${name}`) ?? Promise.resolve();

  before(async () => {
    workbench = await openWorkbench({
      fixture: join(repoRoot, 'test', 'fixtures', 'run-app'),
      extraFiles: { [APP]: join(repoRoot, 'examples', APP), [BROKEN]: join(repoRoot, 'examples', BROKEN) },
      settings: { 'threadlit.pythonPath': join(repoRoot, '.venv', 'bin', 'python'), 'threadlit.preview.transport': transport },
    });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench?.reportFailure(`runApp-${transport}`, this.currentTest.title);
    if (workbench !== undefined) await runCommand(workbench.page, 'View: Close All Editors');
  });

  after(async () => {
    await workbench?.close();
  });

  if (transport === 'iframe') it('runs the Option 2 example from the palette, reruns from the app, and stops leaving no process', async () => {
    assert.ok(workbench);
    const { page } = workbench;
    await quickOpen(page, APP);
    const t0 = Date.now();
    await runCommand(page, 'Threadlit: Run App', 60_000);
    const app = appFrame(page);
    for (let i = 0; i < 5; i++) await app.getByText(`Thread ${i}`, { exact: true }).waitFor({ state: 'visible', timeout: 90_000 });
    await pollUntil('five worker results', async () => ((await app.getByText(WORKER_RESULT).count()) === 5 ? true : undefined), 30_000);
    console.log(`[threadlit] e2e: Run App → five threads rendered in the panel: ${Date.now() - t0} ms`);
    const preview = previewFrame(page);
    await preview.locator('#state[data-state="running"]').waitFor({ timeout: 30_000 });
    await shot('01-running');

    // The app's own Rerun button: Streamlit's frontend reports the new run to the panel.
    const body = preview.locator('body');
    const runs = async (): Promise<number> => Number((await body.getAttribute('data-frame-runs')) ?? '0');
    const before = await runs();
    assert.ok(before >= 1, `the frame reported the first run (data-frame-runs=${before})`);
    const t1 = Date.now();
    await app.getByRole('button', { name: 'Rerun' }).click();
    await pollUntil('a second run reported by the app frame', async () => ((await runs()) > before ? true : undefined), 30_000);
    await pollUntil(
      'five results after the rerun',
      async () => ((await app.getByText(WORKER_RESULT).count()) === 5 && (await body.getAttribute('data-frame-status')) === 'idle' ? true : undefined),
      30_000,
    );
    console.log(`[threadlit] e2e: Rerun click → run finished in the panel: ${Date.now() - t1} ms`);
    // Our toolbar's Rerun goes through the runtime's `rerun` command to the same session.
    const afterAppRerun = await runs();
    await preview.locator('#rerun').click();
    await pollUntil('a run started by the toolbar', async () => ((await runs()) > afterAppRerun ? true : undefined), 30_000);

    await preview.locator('#threads-toggle').click();
    await preview.locator('#threads h2').waitFor({ state: 'visible', timeout: 10_000 });
    await shot('02-threads');

    // Matched by full path: other runs of the same example may be alive on this machine.
    const runtimes = processesMatching('threadlit_runtime', join(workbench.workspace.path, APP));
    assert.equal(runtimes.length, 1, `one runtime process: ${runtimes.join(',')}`);
    const pgid = runtimes[0] ?? 0;
    await runCommand(page, 'Threadlit: Stop App');
    await pollUntil('the runtime process group to be empty', () => (groupMembers(pgid).length === 0 ? true : undefined), 15_000);
    await preview.locator('#state[data-state="stopped"]').waitFor({ timeout: 15_000 });
  });

  it('keeps session state across hiding the panel, and reruns when the file is saved', async () => {
    assert.ok(workbench);
    const { page } = workbench;
    await quickOpen(page, 'hello.py');
    // The ▶ button in the editor title (shown for Python files that use Streamlit).
    await page.locator('.editor-actions .action-label[aria-label^="Run App"]').first().click({ timeout: 30_000 });
    const app = appView(page, transport);
    await app.getByText('clicks: 0').waitFor({ timeout: 90_000 });
    // The status bar item names the running app; while it runs, ■ replaces ▶.
    await page.locator('.statusbar-item', { hasText: 'hello.py' }).first().waitFor({ timeout: 15_000 });
    await app.getByRole('button', { name: 'Count' }).click();
    await app.getByText('clicks: 1').waitFor({ timeout: 30_000 });
    // Hide the preview behind another editor in its group, then show it again.
    const previewTab = page.locator('.tab', { hasText: '▶ hello.py' });
    await previewTab.click();
    await quickOpen(page, 'README.md');
    await previewTab.click();
    await app.getByText('clicks: 1').waitFor({ timeout: 30_000 });
    // Edit and save: Streamlit's runOnSave reruns the app and the panel shows the new line.
    await page.locator('.tab[data-resource-name="hello.py"]').click();
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText('\nst.write("edited by the e2e test")\n');
    await page.keyboard.press('Control+S');
    await app.getByText('edited by the e2e test').waitFor({ timeout: 30_000 });
    await app.getByText('clicks: 1').waitFor({ timeout: 10_000 });
    await shot('03-saved');
    await runCommand(page, 'Threadlit: Stop App');
  });

  it('restores the preview after a window reload and runs its app again', async () => {
    assert.ok(workbench);
    const { page } = workbench;
    const appPath = join(workbench.workspace.path, 'hello.py');
    await quickOpen(page, 'hello.py');
    await runCommand(page, 'Threadlit: Run App');
    await appView(page, transport).getByText('Hello from Threadlit').waitFor({ timeout: 90_000 });
    const [before] = processesMatching('threadlit_runtime', appPath);
    assert.ok(before !== undefined, 'the runtime runs');
    // The tunnel's toolbar and Threads pane are a panel of their own: it comes back too.
    const threadsTab = page.locator('.tab[aria-label^="Threads: hello.py"]');
    if (transport === 'tunnel') {
      await runCommand(page, 'Threadlit: Show Threads');
      await (await webviewWith(page, '#threads-toggle')).locator('#threads').waitFor({ timeout: 30_000 });
      await threadsTab.first().waitFor({ timeout: 10_000 });
    }
    await runCommand(page, 'Developer: Reload Window');
    // The old extension host stops its runtime; the serializer brings the panel back and starts a new one.
    await pollUntil('the old runtime to end', () => (groupMembers(before).length === 0 ? true : undefined), 30_000);
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    // Tunnel: two webviews now (the app's document and the Threads panel), in no fixed order.
    if (transport === 'tunnel') await webviewWith(page, 'text=Hello from Threadlit', 90_000);
    else await appView(page, transport).getByText('Hello from Threadlit').waitFor({ timeout: 90_000 });
    const after = processesMatching('threadlit_runtime', appPath);
    assert.equal(after.length, 1, `one new runtime after the reload: ${after.join(',')}`);
    assert.notEqual(after[0], before);
    if (transport === 'tunnel') {
      // Restored with the preview, for the same (one) runtime, and it shows that app's threads.
      await threadsTab.first().waitFor({ timeout: 30_000 });
      const threads = await webviewWith(page, '#threads-toggle');
      await threads.locator('#threads').getByText(/Streamlit — \d+ thread\(s\)/).first().waitFor({ timeout: 30_000 });
    }
    await shot('05-restored');
    await runCommand(page, 'Threadlit: Stop App', 60_000);
    await pollUntil('the restored runtime to end', () => (groupMembers(after[0] ?? 0).length === 0 ? true : undefined), 15_000);
  });

  if (transport === 'iframe') it('loads the app again when its frame’s first load fails (a port proxy’s error page)', async () => {
    assert.ok(workbench);
    const { page } = workbench;
    // The first load of the app's page through code-server's port proxy fails, once; Streamlit in
    // the frame then never says GUEST_READY, and the panel loads the frame again.
    const proxiedPage = /\/proxy\/\d+\/(\?[^/]*)?$/;
    let failed = 0;
    await page.route(proxiedPage, async (route) => {
      failed++;
      await route.fulfill({ status: 502, contentType: 'text/plain', body: 'injected by the e2e test' });
    }, { times: 1 });
    try {
      await quickOpen(page, 'hello.py');
      const t0 = Date.now();
      await runCommand(page, 'Threadlit: Run App');
      await appFrame(page).getByText('Hello from Threadlit').waitFor({ timeout: 90_000 });
      console.log(`[threadlit] e2e: app frame failed once → app shown after ${Date.now() - t0} ms`);
    } finally {
      await page.unroute(proxiedPage);
    }
    assert.equal(failed, 1, 'the injected failure happened');
    const log = await pollUntil('the reload in the log', () => (/did not load in the panel within 20 s .*loading it again \(1 of 2\)/.test(workbench?.threadlitLog() ?? '') ? workbench?.threadlitLog() : undefined), 15_000);
    assert.ok(!log?.includes('2 of 2'), 'one reload was enough');
    await runCommand(page, 'Threadlit: Stop App');
  });

  it('shows a broken variant’s monitor event in the Threads pane and opens its line on click', async () => {
    assert.ok(workbench);
    const { page } = workbench;
    await quickOpen(page, BROKEN);
    await runCommand(page, 'Threadlit: Run App');
    await appView(page, transport).getByText('Thread 4', { exact: true }).waitFor({ timeout: 90_000 });
    // The tunnel's document is Streamlit's alone: its toolbar and Threads pane are a panel of their own.
    if (transport === 'tunnel') await runCommand(page, 'Threadlit: Show Threads');
    const preview = transport === 'tunnel' ? await webviewWith(page, '#threads-toggle') : previewFrame(page);
    await preview.locator('#event-count:not([hidden])').waitFor({ timeout: 30_000 });
    if (transport === 'iframe') await preview.locator('#threads-toggle').click();
    const event = preview.locator('#threads .event.clickable').first();
    await event.waitFor({ timeout: 30_000 });
    const text = (await event.textContent()) ?? '';
    // Line 23 is the worker's `self.target.write(...)` in the example.
    assert.ok(text.startsWith(`${BROKEN}:23 `), `the event names the write's line: ${text}`);
    await shot('04-monitor');
    await event.click();
    await page.locator(`.tab.active[data-resource-name="${BROKEN}"]`).waitFor({ timeout: 15_000 });
    await page.locator('.statusbar', { hasText: 'Ln 23, Col 1' }).waitFor({ timeout: 15_000 });
    await runCommand(page, 'Threadlit: Stop App');
  });
});

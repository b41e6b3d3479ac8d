// End to end in the workbench with `threadlit.preview.transport: "tunnel"`: Run App shows the
// Option 2 example as the webview's own document (Streamlit's frontend, no iframe of the app),
// its five threads render, and no request or socket from any frame of the page reaches the app's
// port (directly or through code-server's /proxy/<port>/); a control fetch through the proxy
// proves the recorder sees such requests. Stop brings back the shell. Shortcuts work with the
// focus inside a custom component's frame. Then the fallback: with an
// interpreter whose Streamlit frontend cannot be located, the panel says so and shows the app in
// the iframe. Screenshots: test-output/e2e/runAppTunnel-*.png.
import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../integration/harness/paths';
import { pollUntil } from '../integration/harness/wait';
import { appFrame, groupMembers, previewFrame, processesMatching } from './runAppDriver';
import { openWorkbench, quickOpen, runCommand, type Workbench } from './workbench';

const APP = 'option2_script_run_ctx.py';
const WORKER_RESULT = /^waited 0\.\d s/;

describe('Run App with the tunnel transport (e2e)', function () {
  this.timeout(240_000);
  let workbench: Workbench | undefined;
  /** Every request and socket the page's frames (and the context's workers) opened. */
  const seen: string[] = [];

  // The interpreter is the repo's .venv behind a wrapper that, once the flag file exists, fails
  // the frontend probe (as an install without a built frontend does) and runs everything else.
  const scratch = mkdtempSync(join(tmpdir(), 'threadlit-tunnel-e2e-'));
  const noFrontendFlag = join(scratch, 'no-frontend');
  const wrapper = join(scratch, 'python');

  before(async () => {
    writeFileSync(
      wrapper,
      `#!/bin/bash\nif [[ -e '${noFrontendFlag}' && "$1" == "-c" && "$2" == *"'static'"* ]]; then echo "ModuleNotFoundError: no frontend in this test" >&2; exit 1; fi\nexec '${join(repoRoot, '.venv', 'bin', 'python')}' "$@"\n`,
    );
    chmodSync(wrapper, 0o755);
    workbench = await openWorkbench({
      fixture: join(repoRoot, 'test', 'fixtures', 'run-app'),
      extraFiles: { [APP]: join(repoRoot, 'examples', APP) },
      settings: { 'threadlit.pythonPath': wrapper, 'threadlit.preview.transport': 'tunnel' },
    });
    const { page } = workbench;
    page.context().on('request', (request) => seen.push(request.url()));
    page.on('request', (request) => seen.push(request.url()));
    page.on('websocket', (socket) => seen.push(socket.url()));
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench?.reportFailure('runAppTunnel', this.currentTest.title);
    // One preview at a time, so previewFrame() finds this test's panel.
    if (workbench !== undefined) await runCommand(workbench.page, 'View: Close All Editors');
  });

  after(async () => {
    await workbench?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('runs the Option 2 example as the webview’s own document, and nothing in the page reaches the app’s port', async () => {
    assert.ok(workbench);
    const { page } = workbench;
    await quickOpen(page, APP);
    const t0 = Date.now();
    await runCommand(page, 'Threadlit: Run App', 60_000);
    // The webview's document is the app itself: no toolbar shell, no #app-frame.
    const app = previewFrame(page);
    for (let i = 0; i < 5; i++) await app.getByText(`Thread ${i}`, { exact: true }).waitFor({ state: 'visible', timeout: 90_000 });
    await pollUntil('five worker results', async () => ((await app.getByText(WORKER_RESULT).count()) === 5 ? true : undefined), 30_000);
    console.log(`[threadlit] e2e: Run App (tunnel) → five threads rendered in the panel: ${Date.now() - t0} ms`);
    assert.equal(await app.locator('#app-frame').count(), 0, 'no iframe of the app in tunnel mode');
    assert.equal(await app.locator('#toolbar').count(), 0, 'the document is Streamlit’s, not the shell');

    const log = await pollUntil('the tunnel line in the Threadlit log', () => {
      const text = (workbench?.threadlitLog() ?? '');
      return /preview through the tunnel to 127\.0\.0\.1:\d+/.test(text) ? text : undefined;
    }, 15_000);
    const port = Number(/serving at http:\/\/127\.0\.0\.1:(\d+)/.exec(log)?.[1]);
    assert.ok(port > 0, 'the runtime logged its port');
    assert.match(log, new RegExp(`preview through the tunnel to 127\\.0\\.0\\.1:${port} `));
    assert.doesNotMatch(log, /using the iframe transport/, 'the tunnel did not fall back');
    await workbench.screenshot('runAppTunnel-01-running');

    // The app's own Rerun button: its traffic goes through the tunnel too.
    await app.getByRole('button', { name: 'Rerun' }).click();
    await pollUntil('five results after the rerun', async () => ((await app.getByText(WORKER_RESULT).count()) === 5 ? true : undefined), 30_000);

    const toApp = seen.filter((url) => reachesPort(url, port));
    // The recorder sees the webview's own loads: Streamlit's bundle from its static folder.
    assert.ok(seen.some((url) => url.includes('/streamlit/static/')), `the recorder saw the tunnel document's loads (${seen.length} requests and sockets)`);
    assert.deepEqual(toApp, [], `requests or sockets to the app's port ${port}`);
    console.log(`[threadlit] e2e: tunnel: ${seen.length} requests and sockets recorded, none to port ${port}`);

    // Control: a request from the workbench through code-server's proxy to the app is seen and matched.
    const before = seen.length;
    const status = await page.evaluate(async (p) => (await fetch(`./proxy/${p}/_stcore/health`)).status, port);
    await pollUntil('the control request in the recorder', () => (seen.slice(before).some((url) => reachesPort(url, port)) ? true : undefined), 10_000);
    assert.equal(status, 200, 'the app answers through the proxy, so the port is the app’s');

    // Stop: the runtime's whole group ends, and the panel shows the shell's stopped state.
    const runtimes = processesMatching('threadlit_runtime', join(workbench.workspace.path, APP));
    assert.equal(runtimes.length, 1, `one runtime process: ${runtimes.join(',')}`);
    // Streamlit's own XSRF defaults: the iframe's relaxed cookie is not needed through the tunnel.
    assert.deepEqual(processesMatching('threadlit_runtime', join(workbench.workspace.path, APP), 'xsrfCookieSameSite'), [], 'no SameSite flag on the runtime');
    await runCommand(page, 'Threadlit: Stop App');
    await pollUntil('the runtime process group to be empty', () => (groupMembers(runtimes[0] ?? 0).length === 0 ? true : undefined), 15_000);
    await previewFrame(page).locator('#state[data-state="stopped"]').waitFor({ timeout: 15_000 });
    await workbench.screenshot('runAppTunnel-02-stopped');
  });

  it('VS Code shortcuts work while focus is in a custom component’s frame, and typing stays there', async () => {
    assert.ok(workbench);
    const { page } = workbench;
    await quickOpen(page, 'component_keys.py');
    await runCommand(page, 'Threadlit: Run App', 60_000);
    const component = previewFrame(page).frameLocator('iframe').first();
    const field = component.locator('#keys');
    await field.waitFor({ state: 'visible', timeout: 90_000 });
    const palette = page.locator('.quick-input-widget input');
    for (const keys of ['Control+Shift+P', 'F1']) {
      await palette.waitFor({ state: 'hidden', timeout: 10_000 });
      await field.click();
      await pollUntil('focus in the component’s field', async () => ((await field.evaluate((el) => el.ownerDocument.activeElement === el && el.ownerDocument.hasFocus())) ? true : undefined), 10_000);
      const t0 = Date.now();
      await page.keyboard.press(keys);
      await palette.waitFor({ state: 'visible', timeout: 10_000 });
      assert.ok((await palette.inputValue()).startsWith('>'), `${keys} opened the Command Palette`);
      console.log(`[threadlit] e2e: tunnel shortcut ${keys} from inside a component → palette in ${Date.now() - t0} ms`);
      await workbench.screenshot('runAppTunnel-03-component-shortcut');
      await page.keyboard.press('Escape');
    }
    // Plain keys are the component's: they type, and open nothing.
    await field.click();
    await page.keyboard.type('abc');
    assert.equal(await field.inputValue(), 'abc');
    assert.equal(await palette.isVisible(), false, 'typing opened no quick input');
    await runCommand(page, 'Threadlit: Stop App');
  });

  it('falls back to the iframe, with a log line and a note in the toolbar, when the frontend cannot be located', async () => {
    assert.ok(workbench);
    const { page } = workbench;
    writeFileSync(noFrontendFlag, '');
    // Another app, so a new panel asks the interpreter again (a panel remembers the answer).
    await quickOpen(page, 'hello.py');
    await runCommand(page, 'Threadlit: Run App', 60_000);
    const preview = previewFrame(page);
    await preview.locator('#note:not([hidden])', { hasText: 'Tunnel unavailable' }).waitFor({ timeout: 60_000 });
    await appFrame(page).getByText('Hello from Threadlit').waitFor({ timeout: 90_000 });
    const log = workbench.threadlitLog();
    const lines = log.split('\n').filter((line) => line.includes('[hello.py] preview: Streamlit') && line.includes('using the iframe transport'));
    assert.equal(lines.length, 1, `one fallback line for hello.py:\n${lines.join('\n')}`);
    assert.match(lines[0] ?? '', /could not be loaded \(.*no frontend in this test\)/);
    // The iframe needs the relaxed XSRF cookie for uploads: the app was started again with it.
    await pollUntil('the runtime restarted with the SameSite flag', () => (processesMatching('threadlit_runtime', join(workbench!.workspace.path, 'hello.py'), 'xsrfCookieSameSite=none').length === 1 ? true : undefined), 30_000);
    assert.match(workbench.threadlitLog(), /\[hello\.py\] restarting the app with --server\.xsrfCookieSameSite=none for the iframe preview/);
    await appFrame(page).getByText('Hello from Threadlit').waitFor({ timeout: 90_000 });
    await workbench.screenshot('runAppTunnel-04-fallback');
    await runCommand(page, 'Threadlit: Stop App');
    await preview.locator('#state[data-state="stopped"]').waitFor({ timeout: 15_000 });
  });
});

/** A URL on the app's port, directly or through code-server's port proxy. */
function reachesPort(url: string, port: number): boolean {
  try {
    const parsed = new URL(url);
    return parsed.port === String(port) || new RegExp(`/(abs)?proxy/${port}(/|$)`).test(parsed.pathname);
  } catch {
    return false;
  }
}

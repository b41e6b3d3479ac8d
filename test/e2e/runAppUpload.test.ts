// End to end: st.file_uploader in the preview when the workbench and the app are cross-site, as
// in desktop VS Code. The workbench runs at http://localhost:<port> and the app's external URI is
// on http://127.0.0.1:<another port> (see WorkbenchOptions.crossSite). With the preview's default
// (`server.xsrfCookieSameSite=none`) the uploaded text appears in the app; the control runs the
// same upload with Streamlit's default cookie (`lax`, set through threadlit.streamlitArgs) and
// sees the 403 this setup exists to catch; it runs first, and both start without cookies (a
// cookie from an earlier run holds a valid token). Screenshots: test-output/e2e/runAppUpload-*.png.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../integration/harness/paths';
import { pollUntil } from '../integration/harness/wait';
import { appFrame, groupMembers, previewFrame, processesMatching } from './runAppDriver';
import { openWorkbench, quickOpen, runCommand, type Workbench } from './workbench';

const APP = 'upload.py';
const CONTENT = 'hello from the cross-site upload';

describe('Run App: file upload with the workbench and the app cross-site (e2e)', function () {
  this.timeout(240_000);
  let workbench: Workbench | undefined;

  before(async () => {
    workbench = await openWorkbench({
      fixture: join(repoRoot, 'test', 'fixtures', 'run-app'),
      crossSite: true,
      settings: { 'threadlit.pythonPath': join(repoRoot, '.venv', 'bin', 'python'), 'threadlit.preview.transport': 'iframe' },
    });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench?.reportFailure('runAppUpload', this.currentTest.title);
    if (workbench !== undefined) {
      // Keys typed after a click in the app's iframe stay there: a click on a tab brings them back.
      await workbench.page.locator(`.tab[data-resource-name="${APP}"]`).first().click().catch(() => undefined);
      await runCommand(workbench.page, 'View: Close All Editors');
    }
  });

  after(async () => {
    await workbench?.close();
  });

  /**
   * Runs the app and returns its runtime's command line once it matches `wanted` (settings are read
   * at start). Cookies are cleared before every attempt: an attempt that started before VS Code read
   * the new settings leaves a cookie whose token stays valid for the next runtime.
   */
  async function start(wb: Workbench, wanted: (cmdline: string) => boolean): Promise<string> {
    const appPath = join(wb.workspace.path, APP);
    return pollUntil(
      'a runtime started with the expected flags',
      async () => {
        await wb.page.context().clearCookies();
        await quickOpen(wb.page, APP);
        await runCommand(wb.page, 'Threadlit: Run App', 60_000);
        await appFrame(wb.page).getByText('Upload', { exact: true }).first().waitFor({ state: 'visible', timeout: 90_000 });
        const [pid] = processesMatching('threadlit_runtime', appPath);
        const cmdline = pid === undefined ? '' : readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
        if (wanted(cmdline)) return cmdline;
        // The settings file changed after VS Code last read it: start again.
        await stop(wb);
        return undefined;
      },
      120_000,
    );
  }

  async function stop(wb: Workbench): Promise<void> {
    const [pgid] = processesMatching('threadlit_runtime', join(wb.workspace.path, APP));
    await wb.page.locator(`.tab[data-resource-name="${APP}"]`).first().click();
    await runCommand(wb.page, 'Threadlit: Stop App', 60_000);
    if (pgid !== undefined) await pollUntil('the runtime to end', () => (groupMembers(pgid).length === 0 ? true : undefined), 30_000);
  }

  function writeSettings(wb: Workbench, settings: Record<string, unknown>): void {
    const dir = join(wb.workspace.path, '.vscode');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings));
  }

  /** The app's iframe origin and the workbench's, to show the setup really is cross-site. */
  async function origins(wb: Workbench): Promise<{ workbench: string; app: string }> {
    const src = (await previewFrame(wb.page).locator('#app-frame').getAttribute('src')) ?? '';
    return { workbench: new URL(wb.page.url()).origin, app: new URL(src).origin };
  }

  async function upload(wb: Workbench): Promise<void> {
    await appFrame(wb.page)
      .locator('input[type="file"]')
      .setInputFiles({ name: 'note.txt', mimeType: 'text/plain', buffer: Buffer.from(CONTENT) });
  }

  it('control: with Streamlit’s default SameSite=Lax cookie the same upload fails with 403', async () => {
    assert.ok(workbench);
    writeSettings(workbench, { 'threadlit.streamlitArgs': ['--server.xsrfCookieSameSite=lax'] });
    await start(workbench, (cmdline) => cmdline.includes('--server.xsrfCookieSameSite=lax'));
    await upload(workbench);
    const app = appFrame(workbench.page);
    await app.getByText(/status code 403/).first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await app.getByText(`uploaded: ${CONTENT}`).count(), 0);
    await workbench.screenshot('runAppUpload-01-control-403');
    await stop(workbench);
  });

  it('uploads a file through the app in the panel and shows its content (the fix)', async () => {
    assert.ok(workbench);
    writeSettings(workbench, {});
    const cmdline = await start(workbench, (line) => line.includes('--server.xsrfCookieSameSite=none'));
    assert.ok(!cmdline.includes('enableXsrfProtection'), `XSRF protection stays on: ${cmdline}`);
    const { workbench: wbOrigin, app } = await origins(workbench);
    assert.match(wbOrigin, /^http:\/\/localhost:\d+$/);
    assert.match(app, /^http:\/\/127\.0\.0\.1:\d+$/);
    await upload(workbench);
    await appFrame(workbench.page).getByText(`uploaded: ${CONTENT}`).waitFor({ state: 'visible', timeout: 30_000 });
    await workbench.screenshot('runAppUpload-02-uploaded');
    await stop(workbench);
  });
});

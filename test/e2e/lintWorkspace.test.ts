// End to end: Threadlit: Lint Workspace from the palette shows a progress notification whose
// Cancel stops the analysis at once (the worker process ends while 5 MB files are in flight).
import { join } from 'node:path';
import { descendantCommands } from '../integration/harness/codeServer';
import { generateLintWorkspace } from '../integration/harness/generate';
import { fixtureWorkspace } from '../integration/harness/paths';
import { pollUntil } from '../integration/harness/wait';
import { openWorkbench, runCommand, type Workbench } from './workbench';

describe('Lint Workspace in the workbench (e2e)', function () {
  this.timeout(180_000);
  let workbench: Workbench | undefined;

  before(async () => {
    workbench = await openWorkbench({
      fixture: fixtureWorkspace,
      // Analyzing these takes many seconds, so the lint is still running when Cancel is clicked.
      prepare: (root) => void generateLintWorkspace(join(root, 'generated'), 0, 3, 5 * 1024 * 1024),
      settings: { 'threadlit.lint.maxFileSizeKb': 8192 },
    });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench?.reportFailure('lint', this.currentTest.title);
  });

  after(async () => {
    await workbench?.close();
  });

  it('shows progress and stops the worker when cancelled', async () => {
    if (!workbench) throw new Error('no workbench');
    const { page, server } = workbench;
    const workers = () => descendantCommands(server.pid).filter((c) => c.includes('lintWorker.js'));

    await runCommand(page, 'Threadlit: Lint Workspace');
    const toast = page.locator('.notification-toast', { hasText: 'Threadlit: linting workspace' });
    await toast.waitFor({ state: 'visible', timeout: 30_000 });
    await pollUntil('the lint worker process', () => (workers().length > 0 ? true : undefined), 20_000);
    await workbench.screenshot('lint-01-progress');

    await toast.hover();
    await toast.locator('.monaco-button', { hasText: 'Cancel' }).click();
    // Three 5 MB files take far longer than this; only cancellation ends the worker so soon.
    await pollUntil('the lint worker to stop after Cancel', () => (workers().length === 0 ? true : undefined), 5_000);
    await toast.waitFor({ state: 'detached', timeout: 10_000 });
    await workbench.screenshot('lint-02-cancelled');
  });
});

// End to end with workspace trust on and the folder untrusted (Restricted Mode): Run App refuses
// with a message that says why, and no runtime starts.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from '../integration/harness/paths';
import { processesMatching } from './runAppDriver';
import { openWorkbench, quickOpen, runCommand, type Workbench } from './workbench';

describe('Run App in an untrusted workspace (e2e)', function () {
  this.timeout(180_000);
  let workbench: Workbench | undefined;

  before(async () => {
    workbench = await openWorkbench({
      fixture: join(repoRoot, 'test', 'fixtures', 'run-app'),
      untrusted: true,
      settings: { 'threadlit.pythonPath': join(repoRoot, '.venv', 'bin', 'python') },
    });
  });

  after(async () => {
    await workbench?.close();
  });

  it('refuses to run, saying why, and starts nothing', async () => {
    assert.ok(workbench);
    const { page } = workbench;
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'visible' });
    await quickOpen(page, 'hello.py');
    await runCommand(page, 'Threadlit: Run App', 60_000);
    const toast = page.locator('.notification-toast', { hasText: 'Run App is disabled in an untrusted workspace' });
    await toast.waitFor({ timeout: 30_000 });
    const text = (await toast.textContent()) ?? '';
    assert.match(text, /running an app executes its code/);
    assert.match(text, /Manage Workspace Trust/);
    await workbench.screenshot('runApp-untrusted');
    assert.deepEqual(processesMatching('threadlit_runtime', join(workbench.workspace.path, 'hello.py')), [], 'no runtime was started');
  });
});

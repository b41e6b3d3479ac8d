// End to end in the workbench: however an app ends — Stop, closing its preview, or the extension
// host killed outright — nothing it started is left running. The fixture app starts a child
// process and a never-ending non-daemon thread on every run; the runtime is a process-group
// leader, so an empty group means all of it is gone. Screenshots: test-output/e2e/cleanup-*.png.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { descendants } from '../integration/harness/codeServer';
import { repoRoot } from '../integration/harness/paths';
import { pollUntil } from '../integration/harness/wait';
import { DEFAULT_PREVIEW_TRANSPORT } from '../../src/preview/transport';
import { appView, groupMembers, processesMatching } from './runAppDriver';
import { openWorkbench, quickOpen, runCommand, type Workbench } from './workbench';

const APP = 'lingering.py';

describe('Run App leaves no process behind (e2e)', function () {
  this.timeout(240_000);
  let workbench: Workbench | undefined;

  before(async () => {
    workbench = await openWorkbench({
      fixture: join(repoRoot, 'test', 'fixtures', 'run-app'),
      settings: { 'threadlit.pythonPath': join(repoRoot, '.venv', 'bin', 'python') },
    });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench?.reportFailure('cleanup', this.currentTest.title);
  });

  after(async () => {
    await workbench?.close();
  });

  /** Runs the fixture from the palette; its runtime's process group, with the app's child in it. */
  async function runLingering(): Promise<number> {
    assert.ok(workbench);
    const { page } = workbench;
    await quickOpen(page, APP);
    await runCommand(page, 'Threadlit: Run App', 60_000);
    await appView(page, DEFAULT_PREVIEW_TRANSPORT).getByText(/^started sleep \d+/).waitFor({ state: 'visible', timeout: 90_000 });
    // Matched by full path: other tests' runtimes may be alive on this machine.
    const runtimes = processesMatching('threadlit_runtime', join(workbench.workspace.path, APP));
    assert.equal(runtimes.length, 1, `one runtime process: ${runtimes.join(',')}`);
    const pgid = runtimes[0] as number;
    // The runtime, and the `sleep` the app started: the test would prove nothing without it.
    assert.ok(groupMembers(pgid).length >= 2, `the app's child runs in the runtime's group: ${groupMembers(pgid).join(',')}`);
    return pgid;
  }

  async function untilGroupEmpty(pgid: number, what: string): Promise<void> {
    await pollUntil(`${what}: the runtime's process group to be empty (left: ${groupMembers(pgid).join(',')})`, () => (groupMembers(pgid).length === 0 ? true : undefined), 15_000);
  }

  it('Stop App ends the runtime, its child process and its never-ending thread', async () => {
    const pgid = await runLingering();
    await runCommand(workbench!.page, 'Threadlit: Stop App');
    await untilGroupEmpty(pgid, 'after Stop');
    await runCommand(workbench!.page, 'View: Close All Editors');
  });

  it('closing the preview does the same (threadlit.stopWhenPreviewCloses, on by default)', async () => {
    const pgid = await runLingering();
    await runCommand(workbench!.page, 'View: Close All Editors');
    await untilGroupEmpty(pgid, 'after closing the preview');
  });

  // Last: the workbench's extension host does not come back.
  it('a killed extension host does the same: the runtime sees its stdin close and ends everything', async () => {
    const pgid = await runLingering();
    await workbench!.screenshot('cleanup-before-host-kill');
    const hosts = descendants(workbench!.server.pid).filter((p) => p.command.includes('--type=extensionHost'));
    assert.equal(hosts.length, 1, `one extension host under code-server: ${JSON.stringify(hosts)}`);
    process.kill((hosts[0] as { pid: number }).pid, 'SIGKILL');
    await untilGroupEmpty(pgid, 'after SIGKILL of the extension host');
  });
});

// A host killed with SIGKILL cannot clean up: the runtime must notice its closed stdin and take
// the app's subprocess and never-ending thread down with it.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openSession, type StreamlitSession } from '../../../src/core/session';
import { cleanup, commandName, descendants, FIXTURES, spawnTs, VENV_PYTHON, waitAllGone, type Watched } from './processes';

describe('RuntimeProcess host killed with SIGKILL (real runtime)', function () {
  this.timeout(30_000);
  let host: Watched | undefined;
  let session: StreamlitSession | undefined;
  let tree: number[] = [];

  afterEach(async () => {
    await session?.close();
    host?.child.kill('SIGKILL');
    cleanup(tree);
  });

  it('leaves no descendant process', async () => {
    host = spawnTs(join(FIXTURES, 'host.ts'), [VENV_PYTHON, join(FIXTURES, 'leaky_app.py')]);
    const [, port] = await host.waitFor(/^port (\d+)$/m);
    session = await openSession({ port: Number(port) });
    const [, sleepPid] = await host.waitFor(/leaky-app: started sleep pid (\d+)/);
    tree = descendants(host.child.pid as number);
    assert.equal(commandName(Number(sleepPid)), 'sleep');
    assert.ok(tree.includes(Number(sleepPid)));
    assert.ok(tree.length >= 2, `expected the runtime and sleep, got ${tree.join(',')}`);
    host.child.kill('SIGKILL');
    await host.exited;
    assert.deepEqual(await waitAllGone(tree), [], 'processes left behind');
  });
});

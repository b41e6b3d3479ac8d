// `threadlit check app.py` without --run is the static lint of that file; option errors exit 2.

import assert from 'node:assert/strict';
import { checkCommand } from '../../../src/cli/check';
import { BROKEN_APP, captured, spawnCli } from '../core/processes';

async function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = spawnCli(args);
  const code = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

describe('threadlit check without --run', function () {
  this.timeout(20_000);

  it('gives exactly what threadlit lint gives for that file', async () => {
    const file = BROKEN_APP;
    const [check, lint] = await Promise.all([cli(['check', file, '--format', 'json']), cli(['lint', file, '--format', 'json'])]);
    assert.deepEqual(check, lint);
  });

  it('rejects a bad --timeout and an unknown option with exit 2', async () => {
    const bad = await captured(() => checkCommand(['--run', '--timeout', 'soon', 'app.py']));
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--timeout must be a positive number of seconds/);
    const unknown = await captured(() => checkCommand(['--run', '--frobnicate', 'app.py']));
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown option '--frobnicate'/);
  });
});

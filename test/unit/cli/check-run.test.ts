// `threadlit check --run` against the real Python runtime: exit codes 0/1/2, the JSON report,
// and the messages for an app that cannot run.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BROKEN_APP, BROKEN_LINE, cleanup, commandName, descendants, FIXTURES, REPO, spawnCli, waitAllGone } from '../core/processes';

async function check(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cli = spawnCli(['check', '--run', ...args]);
  const code = await cli.exited;
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}

describe('threadlit check --run (real runtime)', function () {
  this.timeout(40_000);

  it('exits 0 for a correct app, with a JSON report on request', async () => {
    const result = await check(['--json', join(REPO, 'examples/option2_script_run_ctx.py')]);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { ok: boolean; failure: unknown; run: { run: number; status: string }; events: unknown[]; timedOut: boolean };
    assert.equal(report.ok, true);
    assert.equal(report.failure, null);
    assert.deepEqual([report.run.run, report.run.status], [1, 'ok']);
    assert.deepEqual(report.events, []);
    assert.equal(report.timedOut, false);
  });

  it('exits 1 and prints the event for a broken app', async () => {
    const result = await check([BROKEN_APP]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(
      result.stdout,
      new RegExp(
        `^warning: examples/option2_no_ctx_broken\\.py:${BROKEN_LINE} Thread-\\d+: container\\.write without ScriptRunContext — raised NoSessionContext \\(×5\\)\nFound 0 errors and 1 warning\\.\n$`,
      ),
    );
  });

  it('exits 2 with file:line for a syntax error', async () => {
    const result = await check([join(FIXTURES, 'syntax_error.py')]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /syntax_error\.py:4(:\d+)?: SyntaxError/);
  });

  it('reports a thread that never ends as a note after the timeout', async () => {
    const result = await check(['--timeout', '1.5', join(FIXTURES, 'leaky_app.py')]);
    assert.match(result.stdout, /note: after 1\.5 s, 1 thread\(s\) the run started were still running: never-ends/);
  });

  it('exits 2 naming the port when the requested port is busy', async () => {
    const server = createServer();
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    const port = (server.address() as AddressInfo).port;
    try {
      const result = await check(['--port', String(port), join(FIXTURES, 'plain_app.py')]);
      assert.equal(result.code, 2);
      assert.match(result.stderr, new RegExp(`Port ${port} .*not available`));
    } finally {
      server.close();
    }
  });

  it('exits 2 with the last stderr lines when the runtime crashes', async () => {
    const result = await check([join(FIXTURES, 'crash_app.py')]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /The runtime crashed: it exited with code 3\.\nLast lines of its output:\n(.*\n)*  crash-app: going down\n/);
  });

  it('Ctrl-C stops the check and everything the app started, exit 2', async () => {
    const cli = spawnCli(['check', '--run', '--timeout', '30', join(FIXTURES, 'leaky_app.py')]);
    let tree: number[] = [];
    try {
      // Poll the process table until the app's `sleep` child exists: then the run is under way.
      const deadline = Date.now() + 20_000;
      while (!tree.some((pid) => commandName(pid) === 'sleep')) {
        assert.ok(Date.now() < deadline, `the app never started its subprocess\n${cli.stderr()}`);
        await new Promise((res) => setTimeout(res, 50));
        tree = descendants(cli.child.pid as number);
      }
      cli.child.kill('SIGINT');
      assert.equal(await cli.exited, 2);
      assert.match(cli.stderr(), /check interrupted; the app was stopped/);
      assert.deepEqual(await waitAllGone(tree), [], 'processes left behind');
    } finally {
      cli.child.kill('SIGKILL');
      cleanup(tree);
    }
  });

  describe('with an interpreter that has no Streamlit', () => {
    let dir: string;
    before(function () {
      this.timeout(60_000);
      dir = mkdtempSync(join(tmpdir(), 'threadlit-nopip-'));
      execFileSync('python3', ['-m', 'venv', '--without-pip', join(dir, 'venv')]);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('prints the exact pip command, and how to get pip first', async () => {
      const python = join(dir, 'venv', 'bin', 'python');
      const result = await check(['--python', python, join(FIXTURES, 'plain_app.py')]);
      assert.equal(result.code, 2);
      assert.ok(result.stderr.includes(`Streamlit is not installed for ${python}.`), result.stderr);
      assert.ok(result.stderr.includes(`\n  ${python} -m pip install streamlit\n`), result.stderr);
      assert.ok(result.stderr.includes(`${python} -m ensurepip`), result.stderr);
    });
  });
});

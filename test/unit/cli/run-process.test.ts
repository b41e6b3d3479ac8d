// `threadlit run` against the real Python runtime: the URL, live monitor lines, and Ctrl-C
// leaving no process behind.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSession, type StreamlitSession } from '../../../src/core/session';
import { runCommand } from '../../../src/cli/run';
import { BROKEN_APP, BROKEN_LINE, captured, cleanup, commandName, descendants, FIXTURES, spawnCli, waitAllGone, type Watched } from '../core/processes';

describe('threadlit run (real runtime)', function () {
  this.timeout(40_000);
  let cli: Watched | undefined;
  let session: StreamlitSession | undefined;
  let tree: number[] = [];

  afterEach(async () => {
    await session?.close();
    session = undefined;
    cli?.child.kill('SIGKILL');
    cleanup(tree);
    cli = undefined;
    tree = [];
  });

  it('prints the URL and a readable monitor line for a broken app, then stops on Ctrl-C', async () => {
    cli = spawnCli(['run', BROKEN_APP]);
    const [, url, port] = await cli.waitFor(/is running at (http:\/\/127\.0\.0\.1:(\d+)\/)/);
    assert.ok(url);
    session = await openSession({ port: Number(port) });
    const [line] = await cli.waitFor(/^warning: .*$/m);
    assert.match(line, new RegExp(`^warning: examples/option2_no_ctx_broken\\.py:${BROKEN_LINE} Thread-\\d+: container\\.write without ScriptRunContext — raised NoSessionContext`));
    cli.child.kill('SIGINT');
    assert.equal(await cli.exited, 0);
  });

  it('Ctrl-C stops the runtime, its subprocess and its never-ending thread', async () => {
    cli = spawnCli(['run', join(FIXTURES, 'leaky_app.py')]);
    const [, port] = await cli.waitFor(/is running at http:\/\/127\.0\.0\.1:(\d+)\//);
    session = await openSession({ port: Number(port) });
    const [, sleepPid] = await cli.waitFor(/leaky-app: started sleep pid (\d+)/, 'stderr');
    // Collect the whole tree before anything is killed: afterwards the links are gone.
    tree = descendants(cli.child.pid as number);
    assert.ok(tree.includes(Number(sleepPid)), `sleep ${sleepPid} not among descendants ${tree.join(',')}`);
    assert.equal(commandName(Number(sleepPid)), 'sleep');
    cli.child.kill('SIGINT');
    assert.equal(await cli.exited, 0);
    assert.deepEqual(await waitAllGone(tree), [], 'processes left behind');
  });

  it('SIGTERM stops it too, exit 0, nothing left', async () => {
    cli = spawnCli(['run', join(FIXTURES, 'plain_app.py')]);
    await cli.waitFor(/is running at/);
    tree = descendants(cli.child.pid as number);
    assert.ok(tree.length >= 1);
    cli.child.kill('SIGTERM');
    assert.equal(await cli.exited, 0);
    assert.deepEqual(await waitAllGone(tree), []);
  });

  it('exits 2 with the last stderr lines when the runtime crashes', async () => {
    cli = spawnCli(['run', join(FIXTURES, 'crash_app.py')]);
    const [, port] = await cli.waitFor(/is running at http:\/\/127\.0\.0\.1:(\d+)\//);
    session = await openSession({ port: Number(port) });
    assert.equal(await cli.exited, 2);
    assert.match(cli.stderr(), /threadlit: The runtime crashed: it exited with code 3\.\nLast lines of its output:\n(.*\n)*  crash-app: going down\n/);
  });

  it('exits 2 with file:line when the app has a syntax error', async () => {
    cli = spawnCli(['run', join(FIXTURES, 'syntax_error.py')]);
    assert.equal(await cli.exited, 2);
    assert.match(cli.stderr(), /^threadlit: .*syntax_error\.py:4(:\d+)?: SyntaxError/m);
  });

  it('reports a missing app file before starting Python', async () => {
    const result = await captured(() => runCommand(['no/such/app.py']));
    assert.equal(result.code, 2);
    assert.match(result.stderr, /The app file no\/such\/app\.py does not exist/);
  });

  it('reports an interpreter that does not exist', async () => {
    const result = await captured(() => runCommand([join(FIXTURES, 'plain_app.py'), '--python', '/no/such/python']));
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Python interpreter not found: \/no\/such\/python\nFix: pass an existing interpreter with --python PATH/);
  });

  describe('with interpreters that cannot start the runtime', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'threadlit-fakepy-'));
      // Plays an old Python: answers the version probe, fails to import the runtime.
      writeFileSync(
        join(dir, 'python2'),
        '#!/bin/sh\nif [ "$1" = "-c" ]; then printf "2.7\\n"; exit 1; fi\necho "SyntaxError: invalid syntax" >&2\nexit 1\n',
        { mode: 0o755 },
      );
      writeFileSync(join(dir, 'not-executable'), '', { mode: 0o644 });
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('names the version when the interpreter is too old to speak the protocol', async () => {
      const python = join(dir, 'python2');
      cli = spawnCli(['run', join(FIXTURES, 'plain_app.py'), '--python', python]);
      assert.equal(await cli.exited, 2);
      assert.ok(cli.stderr().includes(`${python} is Python 2.7; Threadlit needs Python 3.10 or newer.`), cli.stderr());
    });

    it('says so when the interpreter is not executable', async () => {
      cli = spawnCli(['run', join(FIXTURES, 'plain_app.py'), '--python', join(dir, 'not-executable')]);
      assert.equal(await cli.exited, 2);
      assert.match(cli.stderr(), /Could not start the Python interpreter .*not-executable \(not executable\)/);
    });
  });

  it('lists what it tried when no interpreter is found anywhere', async () => {
    // No PATH and an app outside any folder with a .venv: nothing to find.
    const saved = { PATH: process.env.PATH, THREADLIT_PYTHON: process.env.THREADLIT_PYTHON };
    process.env.PATH = '';
    delete process.env.THREADLIT_PYTHON;
    try {
      const result = await captured(() => runCommand(['/etc/hostname']));
      assert.equal(result.code, 2);
      assert.match(result.stderr, /No Python interpreter found\. Tried, in order:\n  - \.venv or venv in the app's folder and its parents\n  - python3 on PATH\n  - python on PATH/);
    } finally {
      Object.assign(process.env, saved);
      if (saved.THREADLIT_PYTHON === undefined) delete process.env.THREADLIT_PYTHON;
    }
  });
});

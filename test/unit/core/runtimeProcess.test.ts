// Unit tests of RuntimeProcess with a fake child: events, commands, and stop escalation.

import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { delimiter } from 'node:path';
import { PassThrough } from 'node:stream';
import type { SpawnOptions } from 'node:child_process';
import { RuntimeProcess, runtimeArgs, runtimeEnv, type ChildLike, type RuntimeOptions } from '../../../src/core/runtimeProcess';

/** A child process made of streams: the test plays the runtime. */
class FakeChild extends EventEmitter implements ChildLike {
  readonly stdin = new PassThrough();
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly commands: string[] = [];
  constructor(readonly pid: number | undefined) {
    super();
    this.stdin.on('data', (chunk: Buffer) => this.commands.push(...chunk.toString().split('\n').filter(Boolean)));
  }
  emitEvent(event: object): void {
    this.stdout.write(JSON.stringify({ v: 1, ...event }) + '\n');
  }
  die(code: number | null, signal: NodeJS.Signals | null = null): void {
    this.stdout.end();
    this.stderr.end();
    this.emit('exit', code, signal);
  }
}

function harness(over: Partial<RuntimeOptions> = {}, onKill: (child: FakeChild) => void = () => undefined) {
  const child = new FakeChild(4242);
  const kills: Array<[number, string]> = [];
  const spawns: Array<{ command: string; args: readonly string[]; options: SpawnOptions }> = [];
  const runtime = new RuntimeProcess({
    python: '/py',
    app: '/proj/app.py',
    runtimeDir: '/repo/runtime',
    env: { PATH: '/bin' },
    spawn: (command, args, options) => {
      spawns.push({ command, args, options });
      return child;
    },
    killTree: (pid, signal) => {
      kills.push([pid, signal]);
      onKill(child);
    },
    ...over,
  });
  return { child, kills, spawns, runtime };
}

const ready = { type: 'ready', url: 'http://127.0.0.1:5/', port: 5, streamlitVersion: '1.64.0', pythonVersion: '3.11.7', pid: 4242 };

describe('RuntimeProcess', () => {
  it('spawns the runtime in the app folder with the runtime on PYTHONPATH, as a group leader', () => {
    const { runtime, spawns } = harness({ port: 8600, fastReruns: true, streamlitArgs: ['--theme.base=dark'] });
    runtime.start();
    const spawn = spawns[0];
    assert.ok(spawn);
    assert.equal(spawn.command, '/py');
    assert.deepEqual(spawn.args, ['-m', 'threadlit_runtime', '/proj/app.py', '--port', '8600', '--fast-reruns', '--', '--theme.base=dark']);
    assert.equal(spawn.options.cwd, '/proj');
    assert.equal(spawn.options.env?.PYTHONPATH, '/repo/runtime');
    assert.equal(spawn.options.detached, process.platform !== 'win32');
  });

  it('builds arguments and environment', () => {
    assert.deepEqual(runtimeArgs({ app: '/a.py', monitor: false }), ['-m', 'threadlit_runtime', '/a.py', '--no-monitor']);
    assert.equal(runtimeEnv({ PYTHONPATH: '/user' }, '/rt').PYTHONPATH, `/rt${delimiter}/user`);
  });

  it('delivers typed events, protocol errors and stderr lines in order', async () => {
    const { runtime, child } = harness();
    const seen: string[] = [];
    runtime.onEvent((e) => seen.push(`event:${e.type}`));
    runtime.onReady((e) => seen.push(`ready:${e.port}`));
    runtime.onMonitor((e) => seen.push(`monitor:${e.kind}`));
    runtime.onProtocolError((e) => seen.push(`protocol:${e.kind}`));
    runtime.onStderr((line) => seen.push(`stderr:${line}`));
    runtime.start();
    child.stderr.write('hello from the app\n');
    child.emitEvent(ready);
    child.stdout.write('garbage\n');
    child.emitEvent({ type: 'monitor', kind: 'missing-context', severity: 'warning', thread: { name: 'T', id: 1 }, session: null, run: null, site: null, call: 'st.write', outcome: 'dropped', count: 1, message: 'm' });
    child.emitEvent({ type: 'exit', code: 0, reason: 'shutdown' });
    child.die(0);
    const exit = await runtime.whenExited;
    assert.equal(runtime.ready?.port, 5);
    assert.deepEqual(seen, [
      'stderr:hello from the app',
      'event:ready',
      'ready:5',
      'protocol:not-json',
      'event:monitor',
      'monitor:missing-context',
      'event:exit',
    ]);
    assert.equal(exit.requested, false);
    assert.equal(exit.exitEvent?.reason, 'shutdown');
    assert.deepEqual(exit.stderrTail, ['hello from the app']);
    assert.equal(runtime.state, 'exited');
  });

  it('sends commands as JSON lines', () => {
    const { runtime, child } = harness();
    runtime.start();
    assert.ok(runtime.rerun());
    assert.ok(runtime.requestThreads());
    return new Promise<void>((resolve) => setImmediate(() => {
      assert.deepEqual(child.commands, ['{"v":1,"type":"rerun"}', '{"v":1,"type":"threads"}']);
      resolve();
    }));
  });

  it('stop() sends shutdown and closes stdin; a runtime that obeys is not killed', async () => {
    const { runtime, child, kills } = harness({ stopGraceMs: 60_000 });
    runtime.start();
    child.emitEvent(ready);
    child.stdin.on('end', () => child.die(0));
    const exit = await runtime.stop();
    assert.deepEqual(child.commands, ['{"v":1,"type":"shutdown"}']);
    assert.equal(exit.requested, true);
    // Only the sweep of the (now empty) group after exit: no kill during the grace period.
    assert.deepEqual(kills, [[4242, 'SIGKILL']]);
  });

  it('stop() kills the whole group with SIGKILL when the runtime ignores shutdown', async () => {
    let stdinClosed = false;
    const { runtime, child, kills } = harness({ stopGraceMs: 20 }, (fake) => {
      // The group kill is what ends this runtime, after stdin EOF did not.
      if (!fake.stdout.writableEnded) fake.die(null, 'SIGKILL');
    });
    runtime.start();
    child.stdin.on('end', () => (stdinClosed = true));
    const exit = await runtime.stop();
    assert.ok(stdinClosed);
    assert.deepEqual(kills[0], [4242, 'SIGKILL']);
    assert.equal(exit.signal, 'SIGKILL');
    assert.equal(exit.requested, true);
  });

  it('reports an interpreter that cannot be spawned', async () => {
    const child = new FakeChild(undefined);
    const runtime = new RuntimeProcess({ python: '/nope', app: '/a.py', runtimeDir: '/rt', spawn: () => child, killTree: () => undefined });
    runtime.start();
    child.emit('error', Object.assign(new Error('spawn /nope ENOENT'), { code: 'ENOENT' }));
    const exit = await runtime.whenExited;
    assert.equal((exit.spawnError as NodeJS.ErrnoException).code, 'ENOENT');
    assert.equal(exit.spokeProtocol, false);
  });

  it('keeps the last fatal error, not a warning, to explain the exit', async () => {
    const { runtime, child } = harness({ stderrTailLines: 2 });
    runtime.start();
    child.stderr.write('a\nb\nc\n');
    child.emitEvent({ type: 'error', code: 'port-busy', message: 'Port 1 busy', fatal: true });
    child.emitEvent({ type: 'error', code: 'bad-command', message: 'bad', fatal: false });
    child.die(2);
    const exit = await runtime.whenExited;
    assert.equal(exit.errorEvent?.code, 'port-busy');
    assert.deepEqual(exit.stderrTail, ['b', 'c']);
  });
});

describe('RuntimeProcess.forceKill', () => {
  it('kills the group at once and counts as a requested stop', async () => {
    const { runtime, kills, child } = harness({ stopGraceMs: 60_000 }, (fake) => {
      if (!fake.stdout.writableEnded) fake.die(null, 'SIGKILL');
    });
    runtime.start();
    void runtime.stop();
    assert.deepEqual(kills, []);
    runtime.forceKill();
    const exit = await runtime.whenExited;
    assert.deepEqual(kills[0], [4242, 'SIGKILL']);
    assert.equal(exit.requested, true);
    assert.ok(child.stdout.writableEnded);
  });
});

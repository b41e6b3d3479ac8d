// App manager with a fake runtime child: readiness, crash, stop, restart coalescing, several apps.

import assert from 'node:assert/strict';
import { AppManager } from '../../../src/app/appManager';
import type { AppState } from '../../../src/app/appInstance';
import { FakeSpawner, until } from './fakeRuntime';

const launch = (app = '/proj/app.py') => ({ app, python: '/venv/bin/python', fastReruns: true, streamlitArgs: ['--theme.base=dark'] });

describe('AppManager', () => {
  let spawner: FakeSpawner;
  let manager: AppManager;
  beforeEach(() => {
    spawner = new FakeSpawner();
    manager = new AppManager(spawner.deps());
  });
  afterEach(() => manager.dispose());

  it('starts the runtime and becomes running on its ready event', async () => {
    const { instance, started } = manager.run(launch());
    assert.equal(started, true);
    assert.equal(instance.state, 'starting');
    const child = spawner.last();
    assert.deepEqual(child.args, ['-m', 'threadlit_runtime', '/proj/app.py', '--fast-reruns', '--', '--theme.base=dark']);
    const settled = instance.whenSettled();
    child.ready(8600);
    assert.equal(await settled, 'running');
    assert.equal(instance.snapshot().url, 'http://127.0.0.1:8600/');
    assert.equal(instance.snapshot().streamlitVersion, '1.64.0');
  });

  it('runs the runtime in the configured working directory', () => {
    manager.run({ ...launch(), cwd: '/proj/root' });
    assert.equal(spawner.last().options.cwd, '/proj/root');
  });

  it('returns the running instance on a second run of the same file, and runs two apps at once', () => {
    const a = manager.run(launch('/proj/a.py'));
    const again = manager.run(launch('/proj/./a.py'));
    assert.equal(again.instance, a.instance);
    assert.equal(again.started, false);
    const b = manager.run(launch('/proj/b.py'));
    assert.notEqual(b.instance, a.instance);
    assert.equal(spawner.children.length, 2);
    assert.equal(manager.running().length, 2);
  });

  it('goes to rerunning during a script run and back to running after it', async () => {
    const { instance } = manager.run(launch());
    const states: AppState[] = [];
    instance.onDidChange((s) => states.push(s.state));
    const child = spawner.last();
    child.ready();
    child.emitEvent({ type: 'runStarted', session: 's1', run: 1 });
    child.emitEvent({ type: 'runFinished', session: 's1', run: 1, status: 'ok', duration: 0.01 });
    await until('run finished', () => states.length >= 3);
    assert.deepEqual(states, ['running', 'rerunning', 'running']);
  });

  it('turns an unexpected exit into the error state with the last stderr lines', async () => {
    const { instance } = manager.run(launch());
    const child = spawner.last();
    child.ready();
    await instance.whenSettled();
    child.stderr.write('Traceback (most recent call last):\nSegfault\n');
    child.die(139);
    await until('error state', () => instance.state === 'error');
    const error = instance.snapshot().error;
    assert.ok(error);
    assert.match(error.message, /^crashed: 139 Traceback \(most recent call last\):\|Segfault$/);
    assert.deepEqual(error.stderrTail, ['Traceback (most recent call last):', 'Segfault']);
  });

  it('keeps the runtime error code (streamlit-missing) for the editor to offer an install', async () => {
    const { instance } = manager.run(launch());
    const child = spawner.last();
    child.emitEvent({ type: 'error', code: 'streamlit-missing', message: 'No module named streamlit', fatal: true });
    child.emitEvent({ type: 'exit', code: 2, reason: 'error' });
    child.die(2);
    assert.equal(await instance.whenSettled(), 'error');
    assert.equal(instance.snapshot().error?.code, 'streamlit-missing');
  });

  it('stop sends shutdown, ends the process group and reaches stopped', async () => {
    const { instance } = manager.run(launch());
    const child = spawner.last();
    child.ready();
    await instance.whenSettled();
    await instance.stop();
    assert.equal(instance.state, 'stopped');
    assert.deepEqual(child.commands, ['shutdown']);
    // The group is swept after exit too, so a grandchild the app left behind cannot survive.
    assert.ok(spawner.kills.includes(child.pid));
  });

  it('stop escalates to killing the group when the runtime ignores shutdown', async () => {
    spawner = new FakeSpawner(false);
    manager = new AppManager(spawner.deps());
    const { instance } = manager.run(launch());
    spawner.last().ready();
    await instance.stop();
    assert.equal(instance.state, 'stopped');
    assert.deepEqual(spawner.kills, [spawner.last().pid, spawner.last().pid]);
  });

  it('merges restart requests: at most one restart is queued behind the one in progress', async () => {
    const { instance } = manager.run(launch());
    spawner.last().ready();
    await instance.whenSettled();
    const first = instance.restart();
    const second = instance.restart();
    const third = instance.restart();
    const fourth = instance.restart();
    assert.equal(third, second, 'later requests join the queued restart');
    assert.equal(fourth, second);
    assert.notEqual(first, second);
    await first;
    // The queued restart stops the runtime the first restart started.
    spawner.last().ready();
    await second;
    assert.equal(spawner.children.length, 3, 'the original plus exactly two restarts');
    assert.deepEqual(
      spawner.children.map((c) => c.exited),
      [true, true, false],
    );
    spawner.last().ready();
    assert.equal(await instance.whenSettled(), 'running');
  });

  it('runs a failed app again on the next run, with a fresh error and monitor count', async () => {
    const { instance } = manager.run(launch());
    spawner.last().emitEvent({ type: 'monitor', kind: 'missing-context', severity: 'warning', thread: { name: 'T', id: 1 }, session: 's', run: 1, site: { file: '/proj/app.py', line: 3, function: 'w' }, call: 'st.write', outcome: 'dropped', count: 2, message: 'm' });
    await until('monitor counted', () => instance.snapshot().monitorEventCount === 2);
    spawner.last().die(1);
    await until('error', () => instance.state === 'error');
    const again = manager.run(launch());
    assert.equal(again.instance, instance);
    assert.equal(again.started, true);
    assert.equal(instance.state, 'starting');
    assert.equal(instance.snapshot().error, undefined);
    assert.equal(instance.snapshot().monitorEventCount, 0);
    assert.equal(spawner.children.length, 2);
  });

  it('replaces a repeated monitor event instead of appending it', async () => {
    const { instance } = manager.run(launch());
    const event = { type: 'monitor', kind: 'missing-context', severity: 'warning', thread: { name: 'T', id: 1 }, session: 's', run: 1, site: { file: '/proj/app.py', line: 3, function: 'w' }, call: 'st.write', outcome: 'dropped', message: 'm' };
    spawner.last().emitEvent({ ...event, count: 1 });
    spawner.last().emitEvent({ ...event, count: 5 });
    await until('count 5', () => instance.snapshot().monitorEventCount === 5);
    assert.equal(instance.monitorEvents.length, 1);
  });

  it('stopAll stops every app; dispose stops them without waiting', async () => {
    const a = manager.run(launch('/proj/a.py')).instance;
    const b = manager.run(launch('/proj/b.py')).instance;
    await manager.stopAll();
    assert.equal(a.state, 'stopped');
    assert.equal(b.state, 'stopped');
    const c = manager.run(launch('/proj/c.py')).instance;
    const child = spawner.last();
    manager.dispose();
    await until('c exited', () => child.exited);
    assert.deepEqual(child.commands, ['shutdown']);
    assert.equal(manager.get(c.app), undefined);
    assert.throws(() => manager.run(launch()), /disposed/);
  });
});

// Unit tests of interpreter resolution: the order of the sources, with the outside world injected.

import assert from 'node:assert/strict';
import { InterpreterNotFoundError, resolveInterpreter, type InterpreterLookup } from '../../../src/core/interpreter';
import { interpreterNotFoundMessage } from '../../../src/core/messages';

function world(files: string[], onPath: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}, windows = false): InterpreterLookup {
  const set = new Set(files);
  return { env, isFile: (p) => set.has(p), which: (name) => onPath[name], windows, cwd: '/work' };
}

describe('resolveInterpreter', () => {
  const app = '/home/u/proj/app/app.py';
  const everything = world(['/opt/py/bin/python', '/env/python', '/home/u/proj/app/.venv/bin/python', '/home/u/proj/.venv/bin/python'], {
    python3: '/usr/bin/python3',
    python: '/usr/bin/python',
  }, { THREADLIT_PYTHON: '/env/python' });

  it('prefers --python over everything', () => {
    assert.deepEqual(resolveInterpreter({ explicit: '/opt/py/bin/python', appPath: app }, everything), { path: '/opt/py/bin/python', source: 'option' });
  });

  it('then THREADLIT_PYTHON', () => {
    assert.deepEqual(resolveInterpreter({ appPath: app }, everything), { path: '/env/python', source: 'env' });
  });

  it("then a .venv in the app's folder before one in a parent", () => {
    const w = { ...everything, env: {} };
    assert.deepEqual(resolveInterpreter({ appPath: app }, w), { path: '/home/u/proj/app/.venv/bin/python', source: 'venv' });
  });

  it('then a venv folder in a parent, relative app paths resolved from cwd', () => {
    const w = world(['/work/venv/bin/python'], { python3: '/usr/bin/python3' });
    assert.deepEqual(resolveInterpreter({ appPath: 'sub/app.py' }, w), { path: '/work/venv/bin/python', source: 'venv' });
  });

  it('then python3, then python on PATH', () => {
    assert.equal(resolveInterpreter({ appPath: app }, world([], { python3: '/a/python3', python: '/b/python' })).path, '/a/python3');
    assert.equal(resolveInterpreter({ appPath: app }, world([], { python: '/b/python' })).path, '/b/python');
  });

  it('uses Scripts\\python.exe and py on Windows', () => {
    const w = world(['/home/u/proj/.venv/Scripts/python.exe'], {}, {}, true);
    assert.equal(resolveInterpreter({ appPath: app }, w).path, '/home/u/proj/.venv/Scripts/python.exe');
    assert.equal(resolveInterpreter({ appPath: app }, world([], { py: 'C:/py.exe' }, {}, true)).path, 'C:/py.exe');
  });

  it('looks a bare --python name up on PATH', () => {
    assert.equal(resolveInterpreter({ explicit: 'python3.11', appPath: app }, world([], { 'python3.11': '/usr/bin/python3.11' })).path, '/usr/bin/python3.11');
  });

  it('fails on a missing explicit interpreter instead of falling through', () => {
    assert.throws(
      () => resolveInterpreter({ explicit: './nope/python', appPath: app }, everything),
      (err: unknown) => err instanceof InterpreterNotFoundError && err.explicitFailed === './nope/python',
    );
    assert.throws(() => resolveInterpreter({ appPath: app }, world([], { python3: '/x' }, { THREADLIT_PYTHON: '/missing' })), InterpreterNotFoundError);
  });

  it('lists every candidate it tried when nothing is found', () => {
    let caught: unknown;
    try {
      resolveInterpreter({ appPath: app }, world([]));
    } catch (err) {
      caught = err;
    }
    assert.ok(caught instanceof InterpreterNotFoundError);
    const message = interpreterNotFoundMessage(caught);
    for (const part of ['.venv or venv', 'python3 on PATH', 'python on PATH', '--python PATH', 'THREADLIT_PYTHON']) {
      assert.ok(message.includes(part), `${part} missing from:\n${message}`);
    }
  });
});

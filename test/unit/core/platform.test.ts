// Unit tests of the platform module: PATH lookup, venv layout and interpreter names per OS.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { groupSpawnOptions, pathInterpreterNames, venvPythonPaths, which } from '../../../src/core/platform';

describe('platform', () => {
  it('looks commands up on PATH in order, with PATHEXT on Windows', () => {
    const files = new Set([join('/b', 'python3'), join('/c', 'python3'), join('/w', 'py.exe')]);
    const exists = (p: string): boolean => files.has(p);
    assert.equal(which('python3', { PATH: '/a:/b:/c' }, false, exists), join('/b', 'python3'));
    assert.equal(which('python3', { PATH: '' }, false, exists), undefined);
    assert.equal(which('py', { Path: '/v;/w', PATHEXT: '.COM;.EXE' }, true, exists), join('/w', 'py.exe'));
  });

  it('knows the venv layout and interpreter names of each OS', () => {
    assert.deepEqual(venvPythonPaths('/p/.venv', false), [join('/p/.venv', 'bin', 'python'), join('/p/.venv', 'bin', 'python3')]);
    assert.deepEqual(venvPythonPaths('/p/.venv', true), [join('/p/.venv', 'Scripts', 'python.exe')]);
    assert.deepEqual(pathInterpreterNames(false), ['python3', 'python']);
    assert.deepEqual(pathInterpreterNames(true), ['python', 'python3', 'py']);
  });

  it('makes the runtime a process-group leader on POSIX only', () => {
    assert.deepEqual(groupSpawnOptions(false), { detached: true });
    assert.deepEqual(groupSpawnOptions(true), { detached: false, windowsHide: true });
  });
});

// Resolution order of the editor's interpreter (Python extension → setting → .venv → PATH), and the install command.

import assert from 'node:assert/strict';
import { PythonPathSettingError, resolveAppInterpreter, streamlitInstallCommand } from '../../../src/app/interpreter';
import type { InterpreterLookup } from '../../../src/core/interpreter';

function lookup(files: string[], path: Record<string, string> = {}): InterpreterLookup {
  return { env: {}, isFile: (p) => files.includes(p), which: (name) => path[name], windows: false, cwd: '/' };
}

const APP = '/work/proj/app.py';

describe('resolveAppInterpreter', () => {
  it('prefers the Python extension’s active environment', async () => {
    const found = await resolveAppInterpreter(APP, {
      pythonExtension: async () => '/envs/conda/bin/python',
      setting: '/custom/python',
      lookup: lookup(['/envs/conda/bin/python', '/custom/python', '/work/proj/.venv/bin/python'], { python3: '/usr/bin/python3' }),
    });
    assert.deepEqual(found, { path: '/envs/conda/bin/python', source: 'python-extension' });
  });

  it('falls through to the setting when the extension is missing, throws, or names a file that is gone', async () => {
    for (const pythonExtension of [async () => undefined, async () => Promise.reject(new Error('Python extension is not installed')), async () => '/gone/python']) {
      const found = await resolveAppInterpreter(APP, { pythonExtension, setting: '/custom/python', lookup: lookup(['/custom/python', '/work/proj/.venv/bin/python']) });
      assert.deepEqual(found, { path: '/custom/python', source: 'setting' });
    }
  });

  it('looks a bare setting up on PATH', async () => {
    const found = await resolveAppInterpreter(APP, { pythonExtension: async () => undefined, setting: 'python3.12', lookup: lookup([], { 'python3.12': '/usr/bin/python3.12' }) });
    assert.deepEqual(found, { path: '/usr/bin/python3.12', source: 'setting' });
  });

  it('reports a setting that does not exist instead of silently using another interpreter', async () => {
    await assert.rejects(
      resolveAppInterpreter(APP, { pythonExtension: async () => undefined, setting: '/nope/python', lookup: lookup(['/work/proj/.venv/bin/python']) }),
      (err: unknown) => err instanceof PythonPathSettingError && /threadlit\.pythonPath.*\/nope\/python/.test(err.message),
    );
  });

  it('then uses a .venv in the app folder or a parent, then PATH', async () => {
    const venv = await resolveAppInterpreter(APP, { pythonExtension: async () => undefined, setting: '  ', lookup: lookup(['/work/.venv/bin/python'], { python3: '/usr/bin/python3' }) });
    assert.deepEqual(venv, { path: '/work/.venv/bin/python', source: 'venv' });
    const onPath = await resolveAppInterpreter(APP, { pythonExtension: async () => undefined, setting: undefined, lookup: lookup([], { python3: '/usr/bin/python3' }) });
    assert.deepEqual(onPath, { path: '/usr/bin/python3', source: 'path' });
  });

  it('fails with the list of what it tried when nothing exists', async () => {
    await assert.rejects(resolveAppInterpreter(APP, { pythonExtension: async () => undefined, setting: undefined, lookup: lookup([]) }), /no Python interpreter found/);
  });
});

describe('streamlitInstallCommand', () => {
  it('uses pip when the environment has it', () => {
    assert.equal(streamlitInstallCommand('/p/.venv/bin/python', { hasPip: true, uv: '/usr/bin/uv' }), '/p/.venv/bin/python -m pip install streamlit');
    assert.equal(streamlitInstallCommand('/my env/python', { hasPip: undefined, uv: undefined }), '"/my env/python" -m pip install streamlit');
  });

  it('uses uv for an environment without pip when uv is available, else bootstraps pip', () => {
    assert.equal(streamlitInstallCommand('/p/.venv/bin/python', { hasPip: false, uv: '/usr/bin/uv' }), '/usr/bin/uv pip install --python /p/.venv/bin/python streamlit');
    assert.equal(
      streamlitInstallCommand('/p/.venv/bin/python', { hasPip: false, uv: undefined }),
      '/p/.venv/bin/python -m ensurepip --upgrade && /p/.venv/bin/python -m pip install streamlit',
    );
  });
});

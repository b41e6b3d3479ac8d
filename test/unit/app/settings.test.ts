// Run App settings: defaults, invalid values, and the working directory rules.

import assert from 'node:assert/strict';
import { appCwd, readRunAppSettings } from '../../../src/app/settings';

describe('readRunAppSettings', () => {
  it('has the documented defaults', () => {
    assert.deepEqual(readRunAppSettings(() => undefined), {
      pythonPath: undefined,
      streamlitArgs: [],
      cwd: undefined,
      stopWhenPreviewCloses: true,
      previewColumn: 'beside',
      fastReruns: true,
      previewTransport: 'tunnel',
    });
  });

  it('reads valid values and drops invalid ones', () => {
    const values: Record<string, unknown> = {
      pythonPath: ' /venv/bin/python ',
      streamlitArgs: ['--theme.base=dark', 3, null],
      cwd: '',
      stopWhenPreviewCloses: false,
      'preview.column': 'active',
      fastReruns: 'yes',
      'preview.transport': 'iframe',
    };
    const s = readRunAppSettings((k) => values[k]);
    assert.equal(s.pythonPath, '/venv/bin/python');
    assert.deepEqual(s.streamlitArgs, ['--theme.base=dark']);
    assert.equal(s.cwd, undefined);
    assert.equal(s.stopWhenPreviewCloses, false);
    assert.equal(s.previewColumn, 'active');
    assert.equal(s.fastReruns, true);
    assert.equal(s.previewTransport, 'iframe');
    assert.equal(readRunAppSettings((k) => (k === 'preview.transport' ? 'websocket' : undefined)).previewTransport, 'tunnel');
  });
});

describe('appCwd', () => {
  it('defaults to the workspace folder, else the app folder', () => {
    assert.equal(appCwd(undefined, '/ws', '/ws/apps'), '/ws');
    assert.equal(appCwd(undefined, undefined, '/tmp/apps'), '/tmp/apps');
  });

  it('expands variables and resolves relative paths against the workspace folder', () => {
    assert.equal(appCwd('${workspaceFolder}/data', '/ws', '/ws/apps'), '/ws/data');
    assert.equal(appCwd('${fileDirname}', '/ws', '/ws/apps'), '/ws/apps');
    assert.equal(appCwd('sub', '/ws', '/ws/apps'), '/ws/sub');
    assert.equal(appCwd('/abs', '/ws', '/ws/apps'), '/abs');
  });
});

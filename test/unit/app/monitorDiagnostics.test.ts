// Monitor events → per-file problems: line, message with count and thread, severity, code.

import assert from 'node:assert/strict';
import { monitorProblems } from '../../../src/app/monitorDiagnostics';
import type { MonitorEvent } from '../../../src/protocol/runtime';

const event = (over: Partial<MonitorEvent> = {}): MonitorEvent => ({
  type: 'monitor', kind: 'missing-context', severity: 'warning', thread: { name: 'Thread-8', id: 8 }, session: 's', run: 2,
  site: { file: '/ws/app.py', line: 23, function: 'run' }, call: 'container.write', outcome: 'raised', count: 5, message: 'no context', ...over,
});

describe('monitorProblems', () => {
  it('puts each event at its 0-based line with count, thread, run and outcome', () => {
    const problems = monitorProblems([event(), event({ kind: 'outlived-run', severity: 'error', count: 1, run: null, outcome: 'wrong-run', site: { file: '/ws/app.py', line: 1, function: 'f' } })]);
    assert.deepEqual(problems.get('/ws/app.py'), [
      { line: 22, message: 'no context (×5) [thread Thread-8, run 2, raised]', severity: 'warning', code: 'missing-context' },
      { line: 0, message: 'no context [thread Thread-8, wrong run]', severity: 'error', code: 'outlived-run' },
    ]);
  });

  it('groups by file and leaves out events without a site in user code', () => {
    const problems = monitorProblems([event({ site: null }), event({ site: { file: '/ws/b.py', line: 3, function: 'g' } })]);
    assert.deepEqual([...problems.keys()], ['/ws/b.py']);
  });
});

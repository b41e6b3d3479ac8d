// The runtime problems' lifecycle: count updates, reruns per session, stop, and edits that move
// or drop problems.

import assert from 'node:assert/strict';
import { RuntimeProblems } from '../../../src/app/runtimeProblems';
import { PROTOCOL_VERSION, type MonitorEvent, type RuntimeEvent } from '../../../src/protocol/runtime';

const APP = '/ws/app.py';

const monitor = (over: Partial<MonitorEvent> = {}): RuntimeEvent => ({
  v: PROTOCOL_VERSION, type: 'monitor', kind: 'missing-context', severity: 'warning', thread: { name: 'Thread-8', id: 8 }, session: 's1', run: 1,
  site: { file: APP, line: 23, function: 'run' }, call: 'container.write', outcome: 'raised', count: 1, message: 'no context', ...over,
});
const runStarted = (session: string, run: number): RuntimeEvent => ({ v: PROTOCOL_VERSION, type: 'runStarted', session, run });

/** `line:message` (1-based line) of the live problems in APP. */
function live(problems: RuntimeProblems, file = APP): string[] {
  return (problems.problems().get(file) ?? []).map((p) => `${p.line + 1}:${p.message}`);
}

describe('RuntimeProblems', () => {
  it('shows a monitor event at its line with thread, run, outcome and count; a repeat updates it in place', () => {
    const problems = new RuntimeProblems();
    assert.equal(problems.onEvent(APP, monitor()), true);
    assert.equal(problems.onEvent(APP, monitor({ count: 5 })), true);
    assert.deepEqual(live(problems), ['23:no context (×5) [thread Thread-8, run 1, raised]']);
    const [problem] = problems.problems().get(APP) ?? [];
    assert.equal(problem?.severity, 'warning');
    assert.equal(problem?.code, 'missing-context');
  });

  it('takes the severity from the event and leaves out events without a site', () => {
    const problems = new RuntimeProblems();
    assert.equal(problems.onEvent(APP, monitor({ site: null })), false);
    problems.onEvent(APP, monitor({ kind: 'wrong-run-write', severity: 'error', outcome: 'wrong-run', site: { file: APP, line: 4, function: 'f' } }));
    assert.deepEqual(problems.problems().get(APP)?.map((p) => [p.line, p.severity, p.code]), [[3, 'error', 'wrong-run-write']]);
  });

  it('a rerun of a session clears that session’s earlier problems and keeps what comes after it', () => {
    const problems = new RuntimeProblems();
    problems.onEvent(APP, monitor({ session: 's1', run: 1 }));
    problems.onEvent(APP, monitor({ session: 's2', run: 1, site: { file: APP, line: 30, function: 'g' } }));
    problems.onEvent(APP, monitor({ session: null, run: null, site: { file: APP, line: 40, function: 'h' } }));
    assert.equal(problems.onEvent(APP, runStarted('s1', 2)), true);
    // s2 did not rerun; the session-less problem cannot be told apart from s1's, so it goes.
    assert.deepEqual(live(problems), ['30:no context [thread Thread-8, run 1, raised]']);
    problems.onEvent(APP, monitor({ session: 's1', run: 2, count: 3 }));
    // The runtime flushes count updates in batches, so one of the retired run can arrive after
    // the rerun began: it must not bring the retired problem back.
    assert.equal(problems.onEvent(APP, monitor({ session: 's1', run: 1, count: 2, outcome: 'dropped' })), false);
    // A new problem of the old run (a thread that outlived it) is news, and shows.
    assert.equal(problems.onEvent(APP, monitor({ kind: 'outlived-run', session: 's1', run: 1, site: { file: APP, line: 50, function: 'run' } })), true);
    assert.deepEqual(live(problems).sort(), [
      '23:no context (×3) [thread Thread-8, run 2, raised]',
      '30:no context [thread Thread-8, run 1, raised]',
      '50:no context [thread Thread-8, run 1, raised]',
    ]);
    assert.equal(problems.onEvent(APP, runStarted('s3', 1)), false, 'a new session clears nothing of the others');
  });

  it('clears an app’s problems, and only its own, when it stops', () => {
    const problems = new RuntimeProblems();
    const other = '/ws/other.py';
    problems.onEvent(APP, monitor());
    problems.onEvent(other, monitor({ site: { file: other, line: 2, function: 'f' } }));
    assert.equal(problems.clearApp(APP), true);
    assert.deepEqual(live(problems), []);
    assert.equal(live(problems, other).length, 1);
    assert.equal(problems.clearApp(APP), false);
  });

  it('shifts a problem below an edit by its line delta, keeps one above, drops one on a touched line', () => {
    const problems = new RuntimeProblems();
    problems.onEvent(APP, monitor({ site: { file: APP, line: 5, function: 'a' } }));
    problems.onEvent(APP, monitor({ site: { file: APP, line: 23, function: 'b' } }));
    problems.onEvent(APP, monitor({ site: { file: APP, line: 30, function: 'c' } }));
    // Two lines inserted after line 10 (0-based 9), without touching line 11.
    assert.equal(problems.onEdit(APP, [{ startLine: 9, endLine: 9, lineDelta: 2 }]), true);
    assert.deepEqual(live(problems).map((l) => Number(l.split(':')[0])), [5, 25, 32]);
    // Line 32 (0-based 31) edited in place: that problem goes; the others stay.
    assert.equal(problems.onEdit(APP, [{ startLine: 31, endLine: 31, lineDelta: 0 }]), true);
    assert.deepEqual(live(problems).map((l) => Number(l.split(':')[0])), [5, 25]);
    // Lines 2–3 (0-based 1–2) deleted: below moves up by two.
    problems.onEdit(APP, [{ startLine: 1, endLine: 3, lineDelta: -2 }]);
    assert.deepEqual(live(problems).map((l) => Number(l.split(':')[0])), [3, 23]);
    // Edits to another file change nothing.
    assert.equal(problems.onEdit('/ws/b.py', [{ startLine: 0, endLine: 0, lineDelta: 5 }]), false);
  });

  it('applies several changes of one edit in the coordinates they were given in, whatever their order', () => {
    const problems = new RuntimeProblems();
    problems.onEvent(APP, monitor({ site: { file: APP, line: 21, function: 'a' } }));
    // A line inserted after 0-based line 5 and one after 0-based line 30: only the first moves it.
    problems.onEdit(APP, [{ startLine: 5, endLine: 5, lineDelta: 1 }, { startLine: 30, endLine: 30, lineDelta: 1 }]);
    assert.deepEqual(live(problems).map((l) => Number(l.split(':')[0])), [22]);
  });

  it('keeps a moved problem at its new line when its count grows, and a dropped one hidden', () => {
    const problems = new RuntimeProblems();
    problems.onEvent(APP, monitor({ site: { file: APP, line: 10, function: 'a' } }));
    problems.onEvent(APP, monitor({ site: { file: APP, line: 20, function: 'b' } }));
    problems.onEdit(APP, [{ startLine: 0, endLine: 0, lineDelta: 1 }]);
    problems.onEdit(APP, [{ startLine: 20, endLine: 20, lineDelta: 0 }]);
    assert.equal(problems.onEvent(APP, monitor({ site: { file: APP, line: 10, function: 'a' }, count: 4 })), true);
    assert.equal(problems.onEvent(APP, monitor({ site: { file: APP, line: 20, function: 'b' }, count: 4 })), false);
    assert.deepEqual(live(problems), ['11:no context (×4) [thread Thread-8, run 1, raised]']);
  });

  it('puts events that arrive after unsaved edits where their line is now, until the file is saved', () => {
    const problems = new RuntimeProblems();
    problems.onEdit(APP, [{ startLine: 0, endLine: 0, lineDelta: 2 }]);
    problems.onEdit(APP, [{ startLine: 24, endLine: 24, lineDelta: 0 }]);
    // The run executed the file on disk: its line 23 is line 25 of the edited text, whose line 25 was edited.
    assert.equal(problems.onEvent(APP, monitor({ site: { file: APP, line: 23, function: 'a' } })), false);
    problems.onEvent(APP, monitor({ site: { file: APP, line: 10, function: 'b' } }));
    assert.deepEqual(live(problems).map((l) => Number(l.split(':')[0])), [12]);
    problems.onSaved(APP);
    problems.onEvent(APP, monitor({ site: { file: APP, line: 30, function: 'c' } }));
    assert.deepEqual(live(problems).map((l) => Number(l.split(':')[0])), [12, 30]);
  });
});

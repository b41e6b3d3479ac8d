// Unit tests of the readable monitor lines and the user-facing error messages.

import assert from 'node:assert/strict';
import type { MonitorEvent } from '../../../src/protocol/runtime';
import { displayPath, formatMonitorEvent } from '../../../src/core/format';
import { installCommand, isTooOld, runtimeErrorMessage, unexpectedExitMessage } from '../../../src/core/messages';
import type { RuntimeExit } from '../../../src/core/runtimeProcess';

const event = (over: Partial<MonitorEvent>): MonitorEvent => ({
  type: 'monitor',
  kind: 'missing-context',
  severity: 'warning',
  thread: { name: 'Thread-3', id: 7 },
  session: 's',
  run: 1,
  site: { file: '/proj/app.py', line: 27, function: 'work' },
  call: 'container.write',
  outcome: 'raised',
  count: 1,
  message: 'runtime text',
  ...over,
});

const exit = (over: Partial<RuntimeExit>): RuntimeExit => ({
  code: 1,
  signal: null,
  requested: false,
  exitEvent: undefined,
  errorEvent: undefined,
  spokeProtocol: true,
  spawnError: undefined,
  stderrTail: [],
  ...over,
});

describe('formatMonitorEvent', () => {
  it('renders the example line of the docs', () => {
    assert.equal(formatMonitorEvent(event({}), '/proj'), 'app.py:27 Thread-3: container.write without ScriptRunContext — raised NoSessionContext');
  });
  it('says dropped, counts repeats, and falls back to the runtime message for other kinds', () => {
    assert.equal(formatMonitorEvent(event({ outcome: 'dropped', count: 3 }), '/proj'), 'app.py:27 Thread-3: container.write without ScriptRunContext — dropped (×3)');
    assert.equal(formatMonitorEvent(event({ kind: 'thread-exception', message: 'ValueError: boom', site: null }), '/proj'), '<unknown site> Thread-3: ValueError: boom');
  });
  it('shows paths outside the working folder in full', () => {
    assert.equal(displayPath('/other/app.py', '/proj'), '/other/app.py');
    assert.equal(displayPath('/proj/sub/app.py', '/proj'), 'sub/app.py');
  });
});

describe('error messages', () => {
  it('streamlit-missing prints the exact install command for the interpreter given', () => {
    const text = runtimeErrorMessage({ code: 'streamlit-missing', message: 'x' }, { python: '/v/bin/python' });
    assert.ok(text.includes('  /v/bin/python -m pip install streamlit'), text);
    assert.ok(!text.includes('ensurepip'));
    const noPip = runtimeErrorMessage({ code: 'streamlit-missing', message: 'x' }, { python: '/v/bin/python', hasPip: false });
    assert.ok(noPip.includes('/v/bin/python -m ensurepip') && noPip.includes('uv pip install --python /v/bin/python streamlit'), noPip);
  });
  it('quotes interpreter paths with spaces', () => {
    assert.equal(installCommand('C:\\Program Files\\Python\\python.exe'), '"C:\\Program Files\\Python\\python.exe" -m pip install streamlit');
  });
  it("keeps the runtime's own message for codes whose fix it names", () => {
    assert.equal(runtimeErrorMessage({ code: 'syntax-error', message: 'app.py:3:5: SyntaxError: bad. Fix it.' }, { python: 'p' }), 'app.py:3:5: SyntaxError: bad. Fix it.');
    assert.match(runtimeErrorMessage({ code: 'internal', message: 'boom' }, { python: 'p' }), /bug in Threadlit/);
  });
  it('explains a crash with the last stderr lines', () => {
    const text = unexpectedExitMessage(exit({ signal: 'SIGSEGV', code: null, stderrTail: ['Fatal Python error', 'Segmentation fault'] }), { python: 'p' });
    assert.match(text, /crashed: it was killed by SIGSEGV/);
    assert.match(text, /  Segmentation fault$/);
  });
  it('explains an interpreter that cannot start or is too old', () => {
    const enoent = Object.assign(new Error('spawn /x ENOENT'), { code: 'ENOENT' });
    assert.match(unexpectedExitMessage(exit({ spawnError: enoent }), { python: '/x' }), /Could not start the Python interpreter \/x \(no such file\)/);
    assert.match(unexpectedExitMessage(exit({ spokeProtocol: false }), { python: '/x', pythonVersion: '3.8' }), /Python 3\.8; Threadlit needs Python 3\.10/);
    assert.match(unexpectedExitMessage(exit({ spokeProtocol: false, code: 1 }), { python: '/x', pythonVersion: '3.11' }), /could not start with \/x: it exited with code 1/);
  });
  it('prefers the runtime error event over the exit status', () => {
    const errorEvent = { v: 1 as const, type: 'error' as const, code: 'port-busy' as const, message: 'Port 80 is busy.', fatal: true };
    assert.equal(unexpectedExitMessage(exit({ errorEvent, code: 2 }), { python: 'p' }), 'Port 80 is busy.');
  });
  it('compares versions', () => {
    assert.ok(isTooOld('3.9') && isTooOld('2.7') && !isTooOld('3.10') && !isTooOld('4.0') && !isTooOld('x'));
  });
});

// Validation of host ↔ webview messages on both boundaries: ours pass, anything else is dropped.

import assert from 'node:assert/strict';
import { parseHostMessage, parsePersistedState, parseWebviewMessage } from '../../../src/protocol/webview';

const view = { app: '/p/app.py', name: 'app.py', state: 'running', frameUrl: 'http://x/', error: null, monitorEventCount: 0, note: null };
const monitorEvent = {
  type: 'monitor', v: 1, kind: 'missing-context', severity: 'warning', thread: { name: 'Thread-3', id: 7 }, session: 's', run: 1,
  site: { file: '/p/app.py', line: 12, function: 'work' }, call: 'container.write', outcome: 'raised', count: 2, message: 'no context',
};

describe('webview protocol validation', () => {
  it('accepts every host message the extension sends', () => {
    assert.deepEqual(parseHostMessage({ type: 'state', view }), { type: 'state', view });
    assert.deepEqual(parseHostMessage({ type: 'monitor', events: [monitorEvent] })?.type, 'monitor');
    assert.deepEqual(parseHostMessage({ type: 'threads', threads: [{ name: 'MainThread', id: 1, daemon: false, alive: true, session: null, run: null, streamlit: true }] })?.type, 'threads');
    assert.deepEqual(parseHostMessage({ type: 'showThreads' }), { type: 'showThreads' });
  });

  it('rejects malformed host messages', () => {
    for (const bad of [
      null, 'state', [], { type: 'nope' },
      { type: 'state', view: { ...view, state: 'exploded' } },
      { type: 'state', view: { ...view, monitorEventCount: -1 } },
      { type: 'state', view: { ...view, frameUrl: 5 } },
      { type: 'state', view: { ...view, note: 3 } },
      { type: 'state', view: { app: view.app, name: view.name, state: view.state, frameUrl: null, error: null, monitorEventCount: 0 } },
      { type: 'monitor', events: [{ ...monitorEvent, site: { file: '/p', line: 'x' } }] },
      { type: 'monitor', events: 'all' },
      { type: 'threads', threads: [{ name: 1 }] },
    ]) {
      assert.equal(parseHostMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it('accepts the webview’s messages and rejects anything else', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'command', command: 'rerun' }), { type: 'command', command: 'rerun' });
    assert.deepEqual(parseWebviewMessage({ type: 'reveal', file: '/p/app.py', line: 3, extra: 1 }), { type: 'reveal', file: '/p/app.py', line: 3 });
    assert.deepEqual(parseWebviewMessage({ type: 'frameStatus', status: 'connected' }), { type: 'frameStatus', status: 'connected' });
    for (const bad of [
      undefined, 42, { type: 'command', command: 'rm -rf' }, { type: 'command' },
      { type: 'reveal', file: '', line: 3 }, { type: 'reveal', file: '/a', line: 0 }, { type: 'reveal', file: '/a', line: 1.5 },
      { type: 'frameStatus', status: 'exploded' }, { type: 'eval', code: 'x' },
    ]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it('reads the persisted panel state only when it names an app', () => {
    assert.deepEqual(parsePersistedState({ app: '/p/app.py', other: 1 }), { app: '/p/app.py' });
    assert.equal(parsePersistedState({ app: '' }), undefined);
    assert.equal(parsePersistedState(undefined), undefined);
  });
});

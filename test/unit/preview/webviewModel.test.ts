// The webview's pure parts: Streamlit's parent-window messages → toolbar state, and the Threads pane grouping.

import assert from 'node:assert/strict';
import { displayState, streamlitFrameStatus } from '../../../webview/frameStatus';
import { eventSummary, groupByRun } from '../../../webview/threadsModel';
import type { MonitorEvent, ThreadInfo } from '../../../src/protocol/runtime';

const thread = (name: string, over: Partial<ThreadInfo> = {}): ThreadInfo => ({ name, id: name.length, daemon: false, alive: true, session: null, run: null, streamlit: false, ...over });
const event = (over: Partial<MonitorEvent> = {}): MonitorEvent => ({
  type: 'monitor', kind: 'missing-context', severity: 'warning', thread: { name: 'Thread-8', id: 8 }, session: 's1', run: 1,
  site: { file: '/ws/app.py', line: 23, function: 'run' }, call: 'container.write', outcome: 'raised', count: 1, message: 'no context', ...over,
});

describe('streamlitFrameStatus', () => {
  it('reads Streamlit’s host messages', () => {
    assert.equal(streamlitFrameStatus({ stCommVersion: 1, type: 'GUEST_READY' }), 'guest-ready');
    assert.equal(streamlitFrameStatus({ stCommVersion: 1, type: 'WEBSOCKET_CONNECTED' }), 'connected');
    assert.equal(streamlitFrameStatus({ stCommVersion: 1, type: 'WEBSOCKET_DISCONNECTED' }), 'disconnected');
    assert.equal(streamlitFrameStatus({ stCommVersion: 1, type: 'SCRIPT_RUN_STATE_CHANGED', scriptRunState: 'running' }), 'running');
    assert.equal(streamlitFrameStatus({ stCommVersion: 1, type: 'SCRIPT_RUN_STATE_CHANGED', scriptRunState: 'rerunRequested' }), 'running');
    assert.equal(streamlitFrameStatus({ stCommVersion: 1, type: 'SCRIPT_RUN_STATE_CHANGED', scriptRunState: 'notRunning' }), 'idle');
  });

  it('ignores other messages and other versions', () => {
    for (const data of [null, 'GUEST_READY', { type: 'GUEST_READY' }, { stCommVersion: 2, type: 'GUEST_READY' }, { stCommVersion: 1, type: 'SET_PAGE_TITLE' }]) {
      assert.equal(streamlitFrameStatus(data), undefined);
    }
  });
});

describe('displayState', () => {
  it('lets the runtime decide whether the app serves, and the frame whether a run is in progress', () => {
    assert.equal(displayState('starting', 'running'), 'starting');
    assert.equal(displayState('error', 'idle'), 'error');
    assert.equal(displayState('stopped', 'running'), 'stopped');
    assert.equal(displayState('running', 'running'), 'rerunning');
    assert.equal(displayState('rerunning', 'idle'), 'running');
    assert.equal(displayState('rerunning', undefined), 'rerunning');
    assert.equal(displayState('running', 'disconnected'), 'running');
  });
});

describe('groupByRun', () => {
  it('puts the latest run first, then threads without context, then Streamlit’s own threads', () => {
    const groups = groupByRun(
      [thread('ScriptRunner.scriptThread', { streamlit: true }), thread('worker-a', { session: 's1', run: 1 }), thread('worker-b', { session: 's1', run: 2 }), thread('orphan')],
      [event({ run: 2 }), event({ run: null, session: null })],
    );
    assert.deepEqual(groups.map((g) => g.label), ['Run 2', 'Run 1', 'No ScriptRunContext', 'Streamlit']);
    assert.deepEqual(groups.map((g) => [g.threads.map((t) => t.name), g.events.length]), [[['worker-b'], 1], [['worker-a'], 0], [['orphan'], 1], [['ScriptRunner.scriptThread'], 0]]);
  });

  it('names the session only when there are several', () => {
    const groups = groupByRun([], [event({ session: 'aaaaaaaaaaaa', run: 1 }), event({ session: 'bbbbbbbbbbbb', run: 1 })]);
    assert.deepEqual(groups.map((g) => g.label).sort(), ['Run 1 · session aaaaaaaa', 'Run 1 · session bbbbbbbb']);
  });

  it('summarizes an event with its place, thread and count', () => {
    assert.equal(eventSummary(event({ count: 5 })), 'app.py:23 · Thread-8: no context (×5)');
    assert.equal(eventSummary(event({ site: null })), 'unknown place · Thread-8: no context');
  });
});

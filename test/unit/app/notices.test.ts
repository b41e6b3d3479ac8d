// The failed-app notification: Streamlit missing offers an install, anything else logs and restart.

import assert from 'node:assert/strict';
import { errorNotice, INSTALL_STREAMLIT, RESTART, SELECT_INTERPRETER, SHOW_LOGS } from '../../../src/app/notices';
import type { AppSnapshot } from '../../../src/app/appInstance';

const base: AppSnapshot = { app: '/p/app.py', state: 'error', python: '/p/.venv/bin/python', url: undefined, streamlitVersion: undefined, monitorEventCount: 0, error: undefined };

describe('errorNotice', () => {
  it('offers Install Streamlit and Select Interpreter when Streamlit is missing', () => {
    const notice = errorNotice({ ...base, error: { code: 'streamlit-missing', message: 'Streamlit is not installed', stderrTail: [] } });
    assert.deepEqual(notice?.actions, [INSTALL_STREAMLIT, SELECT_INTERPRETER]);
    assert.match(notice?.text ?? '', /app\.py: Streamlit is not installed for \/p\/\.venv\/bin\/python/);
  });

  it('shows the first line of any other failure with Show Logs and Restart', () => {
    const notice = errorNotice({ ...base, error: { code: undefined, message: 'The runtime crashed: it exited with code 139.\nLast lines…', stderrTail: ['x'] } });
    assert.deepEqual(notice, { text: 'Threadlit: app.py stopped: The runtime crashed: it exited with code 139.', actions: [SHOW_LOGS, RESTART] });
  });

  it('says nothing for an app that did not fail', () => {
    assert.equal(errorNotice({ ...base, state: 'running' }), undefined);
    assert.equal(errorNotice({ ...base, state: 'stopped' }), undefined);
  });
});

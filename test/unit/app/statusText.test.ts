// The status bar text: state icon, app name, monitor event count; URL in the tooltip.

import assert from 'node:assert/strict';
import type { AppSnapshot } from '../../../src/app/appInstance';
import { statusText } from '../../../src/app/statusText';

const base: AppSnapshot = { app: '/ws/app.py', state: 'running', python: '/py', url: 'http://127.0.0.1:8501/', streamlitVersion: '1.64.0', monitorEventCount: 0, error: undefined };

describe('statusText', () => {
  it('shows the state and the app, and the event count only when there are events', () => {
    assert.equal(statusText(base).text, '$(play-circle) app.py');
    assert.equal(statusText({ ...base, monitorEventCount: 3 }).text, '$(play-circle) app.py $(warning) 3');
    assert.equal(statusText({ ...base, state: 'error', url: undefined }).text, '$(error) app.py');
  });

  it('puts the URL and the event count in the tooltip', () => {
    const { tooltip } = statusText({ ...base, monitorEventCount: 2 });
    assert.match(tooltip, /app\.py is running\nhttp:\/\/127\.0\.0\.1:8501\/\n2 thread-context event\(s\)/);
  });
});

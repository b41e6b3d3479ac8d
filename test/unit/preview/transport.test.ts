// The preview's transport decisions: which transport a panel uses, where a webview message goes,
// what the tunnel's host messages mean for the panel, when it falls back and what it says.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReadyWatchdog } from '../../../src/preview/readyWatchdog';
import { FakeClock } from '../fakeTimers';
import {
  DocumentTheme,
  DEFAULT_PREVIEW_TRANSPORT,
  downloadName,
  fallbackText,
  parsePreviewTransport,
  PREVIEW_TRANSPORTS,
  routeWebviewMessage,
  startupComplete,
  TUNNEL_STARTUP_DEADLINE_MS,
  tunnelFrameStatus,
} from '../../../src/preview/transport';
import { parseWebviewTunnelMessage } from '../../../src/protocol/tunnel';
import { parseWebviewMessage } from '../../../src/protocol/webview';

const repo = join(__dirname, '..', '..', '..');

describe('preview transport', () => {
  it('defaults to the tunnel, in the code and in package.json, and offers exactly the two transports', () => {
    assert.equal(DEFAULT_PREVIEW_TRANSPORT, 'tunnel');
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default: unknown; enum: unknown[] }> } };
    };
    const setting = pkg.contributes.configuration.properties['threadlit.preview.transport'];
    assert.ok(setting, 'threadlit.preview.transport is contributed');
    assert.equal(setting.default, DEFAULT_PREVIEW_TRANSPORT);
    assert.deepEqual([...setting.enum].sort(), [...PREVIEW_TRANSPORTS].sort());
  });

  it('reads the setting, and anything unknown is the default', () => {
    assert.equal(parsePreviewTransport('tunnel'), 'tunnel');
    assert.equal(parsePreviewTransport('iframe'), 'iframe');
    for (const bad of [undefined, null, '', 'Tunnel', 'websocket', 1, true]) assert.equal(parsePreviewTransport(bad), 'tunnel', String(bad));
  });

  it('routes tunnel messages to the relay and the panel’s own messages to the panel', () => {
    const tunnel = [
      { type: 'tunnel/ready', documentUrl: 'vscode-webview://x/index.html' },
      { type: 'tunnel/ws-send', id: 1, data: 'hi' },
      { type: 'tunnel/app-message', message: { type: 'GUEST_READY', stCommVersion: 1 } },
      // Invalid ones still go to the relay, which reports them as protocol errors (not the panel's "ignored" warning).
      { type: 'tunnel/bogus' },
    ];
    for (const m of tunnel) assert.equal(routeWebviewMessage(m), 'tunnel', JSON.stringify(m));
    assert.equal(parseWebviewTunnelMessage(tunnel[0]).ok, true);
    const panel = [{ type: 'ready' }, { type: 'command', command: 'rerun' }, { type: 'reveal', file: '/a.py', line: 2 }, { type: 'frameStatus', status: 'idle' }];
    for (const m of panel) {
      assert.equal(routeWebviewMessage(m), 'panel', JSON.stringify(m));
      assert.ok(parseWebviewMessage(m), 'and the panel understands it');
    }
    for (const junk of [null, 42, 'tunnel/ready', { type: 5 }, { kind: 'tunnel/ready' }, { type: 'tunnelready' }]) {
      assert.equal(routeWebviewMessage(junk), 'panel', JSON.stringify(junk));
    }
  });

  it('reads Streamlit’s host messages from the tunnel as the iframe’s frame status', () => {
    assert.equal(tunnelFrameStatus({ type: 'GUEST_READY', stCommVersion: 1 }), 'guest-ready');
    assert.equal(tunnelFrameStatus({ type: 'SCRIPT_RUN_STATE_CHANGED', stCommVersion: 1, scriptRunState: 'running' }), 'running');
    assert.equal(tunnelFrameStatus({ type: 'SCRIPT_RUN_STATE_CHANGED', stCommVersion: 1, scriptRunState: 'notRunning' }), 'idle');
    assert.equal(tunnelFrameStatus({ type: 'WEBSOCKET_DISCONNECTED', stCommVersion: 1 }), 'disconnected');
    assert.equal(tunnelFrameStatus({ type: 'SET_THEME_CONFIG', stCommVersion: 1 }), undefined);
    assert.equal(tunnelFrameStatus({ type: 'GUEST_READY' }), undefined, 'not Streamlit’s host protocol');
  });

  it('falls back when no GUEST_READY comes within the startup deadline of visible time, and not when it does', () => {
    const timers = new FakeClock();
    let fellBack = 0;
    const startup = new ReadyWatchdog(TUNNEL_STARTUP_DEADLINE_MS, () => fellBack++, true, timers);
    startup.expectReady();
    timers.advance(TUNNEL_STARTUP_DEADLINE_MS - 1);
    assert.equal(fellBack, 0);
    timers.advance(1);
    assert.equal(fellBack, 1, 'the deadline passed without GUEST_READY');

    const healthy = new ReadyWatchdog(TUNNEL_STARTUP_DEADLINE_MS, () => fellBack++, true, timers);
    healthy.expectReady();
    timers.advance(2_000);
    if (tunnelFrameStatus({ type: 'GUEST_READY', stCommVersion: 1 }) === 'guest-ready') healthy.ready();
    timers.advance(TUNNEL_STARTUP_DEADLINE_MS * 2);
    assert.equal(fellBack, 1, 'GUEST_READY ended the deadline');

    const hidden = new ReadyWatchdog(TUNNEL_STARTUP_DEADLINE_MS, () => fellBack++, false, timers);
    hidden.expectReady();
    timers.advance(TUNNEL_STARTUP_DEADLINE_MS * 2);
    assert.equal(fellBack, 1, 'a hidden webview does not load, so its time does not count');
  });

  it('counts the frontend as started once it connected (or runs), not at GUEST_READY', () => {
    assert.equal(startupComplete('guest-ready'), false);
    assert.equal(startupComplete('disconnected'), false);
    for (const up of ['connected', 'running', 'idle'] as const) assert.equal(startupComplete(up), true, up);
  });

  it('says why it fell back, once in the log and as the toolbar’s note', () => {
    const missing = fallbackText('app.py', { kind: 'frontend-missing', detail: 'Streamlit 1.64 has no built frontend at /x/static/index.html' });
    assert.match(missing.log, /^\[app\.py\] preview: .*no built frontend at \/x\/static\/index\.html.*; using the iframe transport for this panel$/);
    const timeout = fallbackText('app.py', { kind: 'startup-timeout', deadlineMs: 15_000, reached: 'shim' });
    assert.match(timeout.log, /did not start within 15 s \(the tunnel shim loaded, the app never said GUEST_READY\)/);
    assert.match(fallbackText('a.py', { kind: 'startup-timeout', deadlineMs: 15_000, reached: 'nothing' }).log, /the tunnel shim never loaded/);
    assert.match(fallbackText('a.py', { kind: 'startup-timeout', deadlineMs: 15_000, reached: 'frontend' }).log, /said GUEST_READY but never connected to the app through the tunnel/);
    assert.match(timeout.note, /iframe/);
    assert.ok(!timeout.note.includes('\n'));
  });

  it('proposes a download’s file name without any folder part', () => {
    assert.equal(downloadName({ url: 'https://app.threadlit.invalid/media/abc.csv', filename: 'data.csv' }), 'data.csv');
    assert.equal(downloadName({ url: 'https://app.threadlit.invalid/media/abc.csv?title=report.csv', filename: null }), 'report.csv');
    assert.equal(downloadName({ url: 'https://app.threadlit.invalid/media/abc.csv', filename: null }), 'abc.csv');
    assert.equal(downloadName({ url: 'https://app.threadlit.invalid/media/x', filename: '../../etc/passwd' }), 'passwd');
    assert.equal(downloadName({ url: 'https://app.threadlit.invalid/', filename: '..' }), 'download');
  });

  it('switches a tunnel document’s theme in place, once its shim listens, and only on a real change', () => {
    const theme = new DocumentTheme('light');
    // Before the shim runs a message would be lost: the change waits for ready.
    assert.equal(theme.change('dark'), undefined);
    assert.equal(theme.ready(), 'dark');
    assert.equal(theme.change('dark'), undefined, 'already dark');
    assert.equal(theme.change('light'), 'light');
    // Changed and changed back before ready: the document already shows it.
    const early = new DocumentTheme('dark');
    early.change('light');
    early.change('dark');
    assert.equal(early.ready(), undefined);
    // VS Code reloaded the webview from the same HTML (built light): it needs the dark theme again.
    const reloaded = new DocumentTheme('light');
    reloaded.ready();
    assert.equal(reloaded.change('dark'), 'dark');
    assert.equal(reloaded.ready(), 'dark');
  });
});

// The preview webview: toolbar, the app's iframe, and the Threads pane. Everything it shows
// arrives by postMessage from the host (validated); its buttons post commands back.

import { parseHostMessage, type AppView, type FrameStatus, type HostMessage, type ToolbarCommand } from '../src/protocol/webview';
import type { MonitorEvent, ThreadInfo } from '../src/protocol/runtime';
import { badge, button, registerComponents, setEnabled, spinner, tag } from './components';
import { displayState, streamlitFrameStatus } from './frameStatus';
import { renderThreads } from './threadsPane';
import { vscode } from './vscodeApi';

registerComponents();

const command = (name: ToolbarCommand) => () => vscode.postMessage({ type: 'command', command: name });

const root = document.getElementById('root') as HTMLElement;
const toolbar = el('div', 'toolbar');
const stateTag = tag('state');
const title = el('span', 'title');
const busy = spinner();
const rerun = button('rerun', 'Rerun', 'Rerun the app (R)', command('rerun'), 'primary');
const stop = button('stop', 'Stop', 'Stop the app and every process it started', command('stop'));
const restart = button('restart', 'Restart', 'Restart the app’s runtime', command('restart'));
const open = button('open', 'Open in Browser', 'Open the app in a browser tab', command('openInBrowser'));
const eventCount = badge('event-count');
const threadsButton = button('threads-toggle', 'Threads', 'Show the threads and thread-context events', () => toggleThreads());
threadsButton.append(eventCount);
toolbar.append(stateTag, title, busy, el('span', 'spacer'), rerun, stop, restart, open, threadsButton);

const errorBox = el('pre', 'error');
// The transport's note, e.g. why the tunnel fell back to this iframe.
const note = el('div', 'note');
note.setAttribute('role', 'status');
const stage = el('div', 'stage');
const placeholder = el('div', 'placeholder');
const frame = document.createElement('iframe');
frame.id = 'app-frame';
frame.title = 'Streamlit app';
frame.setAttribute('allow', 'clipboard-read; clipboard-write; fullscreen');
stage.append(placeholder, frame);
const threadsPane = el('section', 'threads');
threadsPane.hidden = true;
root.append(toolbar, note, errorBox, stage, threadsPane);

let view: AppView | undefined;
let frameStatus: FrameStatus | undefined;
let frameOrigin: string | undefined;
let frameRuns = 0;
let threads: ThreadInfo[] = [];
let events: MonitorEvent[] = [];

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (frame.contentWindow !== null && event.source === frame.contentWindow) {
    // Streamlit's frontend talking to its parent: only from the app's own origin.
    if (event.origin !== frameOrigin) return;
    const status = streamlitFrameStatus(event.data);
    if (status === undefined) return;
    // Counted for the user-visible run count and as a stable hook for end-to-end tests.
    if (status === 'running' && frameStatus !== 'running') document.body.dataset.frameRuns = String(++frameRuns);
    frameStatus = status;
    document.body.dataset.frameStatus = status;
    vscode.postMessage({ type: 'frameStatus', status });
    draw();
    return;
  }
  const message = parseHostMessage(event.data);
  if (message !== undefined) onHostMessage(message);
});

function onHostMessage(message: HostMessage): void {
  switch (message.type) {
    case 'state':
      setView(message.view);
      break;
    case 'monitor':
      events = message.events;
      drawThreads();
      break;
    case 'threads':
      threads = message.threads;
      drawThreads();
      break;
    case 'showThreads':
      toggleThreads(true);
      break;
  }
}

function setView(next: AppView): void {
  if (view?.app !== next.app) vscode.setState({ app: next.app });
  view = next;
  if (next.frameUrl === null) {
    frameStatus = undefined;
    frameOrigin = undefined;
    if (frame.getAttribute('src') !== null) frame.removeAttribute('src');
  } else if (frame.getAttribute('src') !== next.frameUrl) {
    // A new URL (first start, restart, theme change) loads the app; the same URL keeps the session.
    frameStatus = undefined;
    frameOrigin = new URL(next.frameUrl).origin;
    frame.src = next.frameUrl;
  }
  draw();
}

function draw(): void {
  if (view === undefined) return;
  const state = displayState(view.state, frameStatus);
  stateTag.textContent = state;
  stateTag.dataset.state = state;
  document.body.dataset.state = state;
  title.textContent = view.name;
  busy.hidden = state !== 'starting' && state !== 'rerunning';
  const serving = view.state === 'running' || view.state === 'rerunning';
  setEnabled(rerun, serving);
  setEnabled(stop, serving || view.state === 'starting');
  setEnabled(open, serving);
  restart.textContent = serving || view.state === 'starting' ? 'Restart' : 'Start';
  eventCount.textContent = String(view.monitorEventCount);
  eventCount.hidden = view.monitorEventCount === 0;
  note.textContent = view.note ?? '';
  note.hidden = view.note === null;
  errorBox.textContent = view.error ?? '';
  errorBox.hidden = view.error === null;
  frame.hidden = view.frameUrl === null;
  placeholder.hidden = view.frameUrl !== null;
  placeholder.textContent = placeholderText(view);
}

function placeholderText(v: AppView): string {
  switch (v.state) {
    case 'starting':
      return `Starting ${v.name}…`;
    case 'error':
      return `${v.name} is not running.`;
    case 'stopped':
      return `${v.name} is stopped. Press Start to run it again.`;
    default:
      return '';
  }
}

function toggleThreads(show?: boolean): void {
  threadsPane.hidden = show === undefined ? !threadsPane.hidden : !show;
  document.body.classList.toggle('with-threads', !threadsPane.hidden);
  drawThreads();
}

function drawThreads(): void {
  if (threadsPane.hidden) return;
  renderThreads(threadsPane, threads, events, (file, line) => vscode.postMessage({ type: 'reveal', file, line }));
}

function el<K extends keyof HTMLElementTagNameMap>(tagName: K, id: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tagName);
  node.id = id;
  return node;
}

vscode.postMessage({ type: 'ready' });

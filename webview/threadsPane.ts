// Draws the Threads pane: runs (latest first) with their threads and monitor events; clicking
// an event asks the host to open its file at its line.

import type { MonitorEvent, ThreadInfo } from '../src/protocol/runtime';
import { eventSummary, groupByRun } from './threadsModel';

export function renderThreads(
  pane: HTMLElement,
  threads: readonly ThreadInfo[],
  events: readonly MonitorEvent[],
  reveal: (file: string, line: number) => void,
): void {
  const heading = document.createElement('h2');
  heading.textContent = `Threads (${threads.length}) · events (${events.length})`;
  const children: HTMLElement[] = [heading];
  const groups = groupByRun(threads, events);
  if (groups.length === 0) children.push(text('p', 'No threads reported yet.'));
  for (const group of groups) {
    const section = document.createElement('details');
    section.className = 'run-group';
    section.dataset.group = group.key;
    // Streamlit's own threads are noise unless asked for.
    section.open = group.key !== 'streamlit';
    const summary = document.createElement('summary');
    summary.textContent = `${group.label} — ${group.threads.length} thread(s), ${group.events.length} event(s)`;
    section.append(summary);
    if (group.events.length > 0) {
      const list = document.createElement('ul');
      list.className = 'events';
      for (const e of group.events) {
        const item = text('li', eventSummary(e));
        item.className = `event severity-${e.severity}`;
        item.title = e.traceback ?? e.message;
        if (e.site !== null) {
          const site = e.site;
          item.classList.add('clickable');
          item.tabIndex = 0;
          item.addEventListener('click', () => reveal(site.file, site.line));
          item.addEventListener('keydown', (k) => {
            if (k.key === 'Enter') reveal(site.file, site.line);
          });
        }
        list.append(item);
      }
      section.append(list);
    }
    if (group.threads.length > 0) {
      const list = document.createElement('ul');
      list.className = 'thread-list';
      for (const t of group.threads) {
        const flags = [t.alive ? 'alive' : 'ended', t.daemon ? 'daemon' : '', t.session === null ? 'no context' : ''].filter(Boolean).join(', ');
        const item = text('li', `${t.name} (${flags})`);
        item.className = 'thread';
        list.append(item);
      }
      section.append(list);
    }
    children.push(section);
  }
  pane.replaceChildren(...children);
}

function text<K extends keyof HTMLElementTagNameMap>(tagName: K, content: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tagName);
  node.textContent = content;
  return node;
}

// The only module that knows which web-component library draws our toolbar: today
// @vscode/webview-ui-toolkit (archived upstream); swapping it for @vscode-elements/elements
// means changing this file alone.

//
// The badge and the tag are plain spans styled by main.css, not the toolkit's <vscode-badge> and
// <vscode-tag>: their shared template carries a `style="${…}"` binding, and parsing it trips the
// panel's CSP (style-src-attr) once per element and document. Allowing it would need
// 'unsafe-inline' for style attributes (the value holds a random marker, so no hash fits).

import { provideVSCodeDesignSystem, vsCodeButton, vsCodeDivider, vsCodeProgressRing } from '@vscode/webview-ui-toolkit';

export function registerComponents(): void {
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeDivider(), vsCodeProgressRing());
}

export type ButtonAppearance = 'primary' | 'secondary' | 'icon';

/** A toolbar button; `id` doubles as the test hook. */
export function button(id: string, label: string, title: string, onClick: () => void, appearance: ButtonAppearance = 'secondary'): HTMLElement {
  const el = document.createElement('vscode-button');
  el.id = id;
  el.setAttribute('appearance', appearance);
  el.title = title;
  el.textContent = label;
  el.addEventListener('click', onClick);
  return el;
}

export function setEnabled(el: HTMLElement, enabled: boolean): void {
  if (enabled) el.removeAttribute('disabled');
  else el.setAttribute('disabled', '');
}

/** A small count bubble (monitor events). */
export function badge(id: string): HTMLElement {
  const el = document.createElement('span');
  el.id = id;
  el.className = 'badge';
  return el;
}

/** A label for the app's state. */
export function tag(id: string): HTMLElement {
  const el = document.createElement('span');
  el.id = id;
  el.className = 'tag';
  return el;
}

export function spinner(): HTMLElement {
  const el = document.createElement('vscode-progress-ring');
  el.className = 'spinner';
  return el;
}

export function divider(): HTMLElement {
  return document.createElement('vscode-divider');
}

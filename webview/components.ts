// The only module that knows which web-component library draws our toolbar: today
// @vscode/webview-ui-toolkit (archived upstream); swapping it for @vscode-elements/elements
// means changing this file alone.

import { provideVSCodeDesignSystem, vsCodeBadge, vsCodeButton, vsCodeDivider, vsCodeProgressRing, vsCodeTag } from '@vscode/webview-ui-toolkit';

export function registerComponents(): void {
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeBadge(), vsCodeTag(), vsCodeDivider(), vsCodeProgressRing());
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
  const el = document.createElement('vscode-badge');
  el.id = id;
  return el;
}

/** A label for the app's state. */
export function tag(id: string): HTMLElement {
  const el = document.createElement('vscode-tag');
  el.id = id;
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

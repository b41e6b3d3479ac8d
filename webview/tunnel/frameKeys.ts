// VS Code's webview host listens for keydown on the webview document's window and hands each key
// to the workbench, which runs its keybindings (F1, Ctrl+Shift+P…). Keys pressed inside a custom
// component's frame never reach that window: events do not cross frames. The component frames are
// same-origin (blob: and srcdoc documents of this one), so the shim listens in each frame and
// replays shortcut keys on this window, where VS Code's listener sees them.

import { isShortcutCandidate, replayInit } from './shortcutKeys';

/** Replays shortcut keys from every same-origin child frame on this window. */
export function forwardFrameKeys(): void {
  const hooked = new WeakSet<Window>();
  const hook = (frame: HTMLIFrameElement): void => {
    let child: Window | null;
    try {
      child = frame.contentWindow;
      // Throws for a cross-origin frame: its keys are not ours to see.
      if (child === null || hooked.has(child) || child.document === null) return;
    } catch {
      return;
    }
    hooked.add(child);
    child.addEventListener('keydown', (event: KeyboardEvent) => {
      if (!isShortcutCandidate(event)) return;
      const replayed = new KeyboardEvent('keydown', replayInit(event));
      // VS Code's host prevents the browser's own action for some keys (Ctrl+S, Ctrl+F…); keep that.
      if (!window.dispatchEvent(replayed)) event.preventDefault();
    });
  };
  // A frame's window is new after each load (the shim swaps a component's src for its blob:
  // document): hook on every load. Load does not bubble, but the capture phase passes the document.
  document.addEventListener(
    'load',
    (event) => {
      if (event.target instanceof HTMLIFrameElement) hook(event.target);
    },
    true,
  );
}

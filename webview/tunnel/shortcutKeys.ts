// Which keys from a component's frame frameKeys.ts replays for VS Code, and how. Pure (no DOM
// types), so the unit tests run in Node.

/** The parts of a keydown that VS Code's host passes on, plus what the replay needs. */
export interface ForwardedKey {
  key: string;
  code: string;
  keyCode: number;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  repeat: boolean;
}

/**
 * Whether a key pressed in a component frame may be a workbench shortcut. Plain typing stays in
 * the component: VS Code binds no unmodified printable key, and replaying every keystroke would
 * cost a message to the workbench each.
 */
export function isShortcutCandidate(key: ForwardedKey): boolean {
  if (key.ctrlKey || key.metaKey || key.altKey) return true;
  return /^F\d{1,2}$/.test(key.key);
}

/**
 * The init of the replayed event. Fields are copied one by one: a KeyboardEvent's are getters on
 * its prototype, which a spread would miss. keyCode is a legacy init member Chromium honours.
 */
export function replayInit(key: ForwardedKey): ForwardedKey & { bubbles: true; cancelable: true } {
  const { key: name, code, keyCode, shiftKey, altKey, ctrlKey, metaKey, repeat } = key;
  return { key: name, code, keyCode, shiftKey, altKey, ctrlKey, metaKey, repeat, bubbles: true, cancelable: true };
}

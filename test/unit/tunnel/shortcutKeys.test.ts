// Which keys pressed in a component's frame the shim replays on the tunnel document for VS Code's
// webview host, and what the replayed event carries (webview/tunnel/shortcutKeys.ts, used by frameKeys.ts).
import * as assert from 'node:assert/strict';
import { isShortcutCandidate, replayInit, type ForwardedKey } from '../../../webview/tunnel/shortcutKeys';

function key(init: Partial<ForwardedKey>): ForwardedKey {
  return { key: 'a', code: 'KeyA', keyCode: 65, shiftKey: false, altKey: false, ctrlKey: false, metaKey: false, repeat: false, ...init };
}

describe('tunnel shim: shortcut keys from component frames', () => {
  it('replays keys with Ctrl, Meta or Alt, and the function keys', () => {
    assert.equal(isShortcutCandidate(key({ key: 'P', code: 'KeyP', ctrlKey: true, shiftKey: true })), true);
    assert.equal(isShortcutCandidate(key({ key: 'p', metaKey: true })), true);
    assert.equal(isShortcutCandidate(key({ key: 'x', altKey: true })), true);
    assert.equal(isShortcutCandidate(key({ key: 'F1', code: 'F1', keyCode: 112 })), true);
    assert.equal(isShortcutCandidate(key({ key: 'F12', code: 'F12', keyCode: 123 })), true);
  });

  it('leaves plain typing in the component', () => {
    for (const plain of [key({}), key({ key: 'A', shiftKey: true }), key({ key: 'Enter', code: 'Enter' }), key({ key: 'Escape' }), key({ key: 'Fn' }), key({ key: 'F' })]) {
      assert.equal(isShortcutCandidate(plain), false, plain.key);
    }
  });

  it('copies every field VS Code reads, from getters too, into a bubbling, cancelable init', () => {
    // A KeyboardEvent's fields are prototype getters: a spread of one would copy none of them.
    class Getters {
      get key(): string { return 'P'; }
      get code(): string { return 'KeyP'; }
      get keyCode(): number { return 80; }
      get shiftKey(): boolean { return true; }
      get altKey(): boolean { return false; }
      get ctrlKey(): boolean { return true; }
      get metaKey(): boolean { return false; }
      get repeat(): boolean { return false; }
    }
    assert.deepEqual(replayInit(new Getters()), {
      key: 'P', code: 'KeyP', keyCode: 80, shiftKey: true, altKey: false, ctrlKey: true, metaKey: false, repeat: false, bubbles: true, cancelable: true,
    });
  });
});

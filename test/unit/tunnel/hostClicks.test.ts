// The guard that keeps anchor clicks in the tunnel document from VS Code's webview host, which
// would hand every clicked href to the workbench's opener (webview/tunnel/hostClicks.ts).
import * as assert from 'node:assert/strict';
import { guardAnchorClick, type ClickLike } from '../../../webview/tunnel/hostClicks';

function anchor(href: string): { tagName: string; href: string; getAttribute(name: string): string | null } {
  return { tagName: 'A', href: new URL(href, 'https://webview.test/index.html').href, getAttribute: (name) => (name === 'href' ? href : null) };
}

function click(path: unknown[], defaultPrevented = false): ClickLike & { stopped: boolean; prevented: boolean } {
  return {
    defaultPrevented,
    stopped: false,
    prevented: false,
    composedPath: () => path,
    preventDefault() {
      this.prevented = true;
    },
    stopPropagation() {
      this.stopped = true;
    },
  };
}

describe('tunnel shim: anchor clicks stay away from VS Code’s link opener', () => {
  it('stops a click on a page link the app already handled, and leaves its default alone', () => {
    const span = { tagName: 'SPAN' };
    const event = click([span, anchor('http://app.threadlit.invalid:8080/second'), { tagName: 'BODY' }], true);
    assert.equal(guardAnchorClick(event), true);
    assert.equal(event.stopped, true);
    assert.equal(event.prevented, false);
  });

  it('keeps the document from navigating on an anchor nobody handled', () => {
    const event = click([anchor('/second')]);
    assert.equal(guardAnchorClick(event), true);
    assert.deepEqual([event.stopped, event.prevented], [true, true]);
  });

  it('lets an in-page #fragment link scroll', () => {
    const event = click([anchor('#a-heading')]);
    assert.equal(guardAnchorClick(event), true);
    assert.deepEqual([event.stopped, event.prevented], [true, false]);
  });

  it('leaves clicks elsewhere, and anchors without an href, to everyone', () => {
    const noHref = { tagName: 'a', href: '', getAttribute: () => null };
    for (const path of [[{ tagName: 'BUTTON' }, { tagName: 'DIV' }], [noHref], [null, window0()]]) {
      const event = click(path);
      assert.equal(guardAnchorClick(event), false);
      assert.deepEqual([event.stopped, event.prevented], [false, false]);
    }
  });
});

/** A window on the path has no tagName. */
function window0(): object {
  return { document: {} };
}

// Pure (no DOM types, unit-tested in Node); main.ts installs it on the document.
//
// VS Code's webview host (pre/index.html) listens for clicks on this document's window, in the
// bubble phase, and hands the href of every clicked anchor to the workbench's opener
// ('did-click-link'), whatever the page already did with the click. In the tunnel document that
// opened Streamlit's own page links (`http://app.threadlit.invalid:<port>/second`) as browser
// tabs, and a markdown link twice (once from links.ts, once from VS Code). Found by the workbench
// e2e (runAppTunnelFeatures); the standalone stand-in has no such listener.
//
// The app handles its anchors itself (React's page links, links.ts, downloads.ts), so an anchor
// click stops at the document, after the page's handlers and before the window's. What VS Code's
// handler also did, keeping the document from navigating away, is kept; except for in-page
// `#fragment` links, whose default (scroll) is harmless and is what VS Code emulated.

/** The little of a click event the guard uses (a DOM MouseEvent in the webview). */
export interface ClickLike {
  readonly defaultPrevented: boolean;
  composedPath(): readonly unknown[];
  preventDefault(): void;
  stopPropagation(): void;
}

interface AnchorLike {
  readonly tagName: string;
  readonly href: unknown;
  getAttribute(name: string): string | null;
}

/** The first anchor with an href on the event's path, as VS Code's handler finds it. */
function anchorOnPath(event: ClickLike): AnchorLike | undefined {
  for (const node of event.composedPath()) {
    const candidate = node as Partial<AnchorLike> | null;
    if (typeof candidate?.tagName === 'string' && candidate.tagName.toLowerCase() === 'a' && Boolean(candidate.href)) {
      return candidate as AnchorLike;
    }
  }
  return undefined;
}

/** Keeps one anchor click from VS Code's window listener; true when it was an anchor click. */
export function guardAnchorClick(event: ClickLike): boolean {
  const anchor = anchorOnPath(event);
  if (anchor === undefined) return false;
  event.stopPropagation();
  const href = anchor.getAttribute('href') ?? '';
  if (!event.defaultPrevented && !href.startsWith('#')) event.preventDefault();
  return true;
}

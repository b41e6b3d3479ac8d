// How a preview panel shows its app: the iframe on the app's forwarded URL, or the tunnel
// (Streamlit's own frontend as the webview document, its traffic relayed by the extension host,
// docs/tunnel.md). The decisions (which transport, where a message goes, when and how to fall
// back) are here, pure; src/preview/panel.ts applies them.

import { isTunnelMessage } from '../protocol/tunnel';
import { streamlitFrameStatus, type FrameStatus, type ThemeKind } from '../protocol/webview';

export type PreviewTransport = 'iframe' | 'tunnel';
export const PREVIEW_TRANSPORTS: readonly PreviewTransport[] = ['iframe', 'tunnel'];

/** The tunnel needs no port forwarding; the iframe is its fallback (docs/tunnel.md). */
export const DEFAULT_PREVIEW_TRANSPORT: PreviewTransport = 'tunnel';

/**
 * How long a visible tunnel document may take from its HTML to Streamlit's frontend connected to
 * the app. A healthy one takes 1–3 s on a loaded 2-core machine; past this it is not coming.
 */
export const TUNNEL_STARTUP_DEADLINE_MS = 15_000;

export function parsePreviewTransport(value: unknown): PreviewTransport {
  return value === 'tunnel' || value === 'iframe' ? value : DEFAULT_PREVIEW_TRANSPORT;
}

/**
 * Where a message from the webview goes: the tunnel's (`tunnel/…`) to the relay, the rest to the
 * panel's own handler (toolbar, Threads pane, ready). One listener routes both, so neither side
 * sees, and warns about, the other's messages.
 */
export function routeWebviewMessage(data: unknown): 'tunnel' | 'panel' {
  return isTunnelMessage(data) ? 'tunnel' : 'panel';
}

/** What Streamlit's frontend reported through the tunnel's parent stub, as the iframe's frame status. */
export function tunnelFrameStatus(message: { type: string } & Record<string, unknown>): FrameStatus | undefined {
  return streamlitFrameStatus(message);
}

/** How far a tunnel document got: its shim ran, then Streamlit said GUEST_READY, then connected. */
export type StartupStage = 'nothing' | 'shim' | 'frontend';

/**
 * Whether the frontend is up: connected to the app through the tunnel (a run state implies it).
 * GUEST_READY alone is not enough: a Streamlit whose seams moved may start and then aim its
 * socket past the tunnel, where the CSP blocks it, and the app would never show.
 */
export function startupComplete(status: FrameStatus): boolean {
  return status === 'connected' || status === 'running' || status === 'idle';
}

/** Why a panel gives up on the tunnel for the iframe. */
export type FallbackCause =
  /** `locateStreamlitFrontend` threw: no built frontend in the app's Streamlit, or a new layout. */
  | { kind: 'frontend-missing'; detail: string }
  /** Building the tunnel document failed (e.g. a webview `cspSource` the document refuses). */
  | { kind: 'attach-failed'; detail: string }
  /** Not connected within the deadline; `reached` says how far it got. */
  | { kind: 'startup-timeout'; deadlineMs: number; reached: StartupStage };

const STAGE_TEXT: Record<StartupStage, string> = {
  nothing: 'the tunnel shim never loaded',
  shim: 'the tunnel shim loaded, the app never said GUEST_READY',
  frontend: 'it said GUEST_READY but never connected to the app through the tunnel',
};

/** The log line and the toolbar's note for a fallback. */
export function fallbackText(appName: string, cause: FallbackCause): { log: string; note: string } {
  const why =
    cause.kind === 'frontend-missing'
      ? `Streamlit's frontend could not be loaded (${cause.detail})`
      : cause.kind === 'attach-failed'
        ? `the tunnel could not be attached (${cause.detail})`
        : `Streamlit's frontend did not start within ${cause.deadlineMs / 1000} s (${STAGE_TEXT[cause.reached]})`;
  return {
    log: `[${appName}] preview: ${why}; using the iframe transport for this panel`,
    note: 'Tunnel unavailable: showing the app in an iframe (see Threadlit: Show Logs).',
  };
}

/** The file name a save dialog proposes: the anchor's `download`, else Streamlit's `title` query, else the URL's last segment. */
export function downloadName(download: { url: string; filename: string | null }): string {
  const clean = (name: string | null | undefined): string | undefined => {
    const base = name?.split(/[/\\]/).pop()?.trim();
    return base === undefined || base === '' || base === '.' || base === '..' ? undefined : base;
  };
  let fromUrl: string | undefined;
  let title: string | undefined;
  try {
    const url = new URL(download.url);
    title = clean(url.searchParams.get('title'));
    fromUrl = clean(decodeURIComponent(url.pathname));
  } catch {
    // Not a URL: the relay would refuse it anyway; propose a neutral name.
  }
  return clean(download.filename) ?? title ?? fromUrl ?? 'download';
}

/**
 * The theme kind of one tunnel document: built with one, switched in place by `tunnel/theme`.
 * A message before the shim runs would find no listener, so a change waits for `ready`. Every
 * `ready` is the document starting from its HTML (again, after VS Code reloaded the webview), so
 * it shows the built theme until told otherwise. Each method returns the theme to send now, if any.
 */
export class DocumentTheme {
  private wanted: ThemeKind;
  private shown: ThemeKind;
  private shimReady = false;

  constructor(private readonly built: ThemeKind) {
    this.wanted = built;
    this.shown = built;
  }

  change(theme: ThemeKind): ThemeKind | undefined {
    this.wanted = theme;
    return this.shimReady ? this.send() : undefined;
  }

  ready(): ThemeKind | undefined {
    this.shimReady = true;
    this.shown = this.built;
    return this.send();
  }

  private send(): ThemeKind | undefined {
    if (this.wanted === this.shown) return undefined;
    this.shown = this.wanted;
    return this.wanted;
  }
}

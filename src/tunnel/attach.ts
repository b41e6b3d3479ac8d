// Attaches the tunnel to a webview: the panel passes a small structural view of its webview
// (no `vscode` import here) and gets back the document to show and the relay that serves it.
// The panel's own messages share the channel: the relay ignores anything not `tunnel/…`.

import { randomBytes } from 'node:crypto';
import { dirname, sep } from 'node:path';
import type { HostTunnelMessage } from '../protocol/tunnel';
import { batchPerTurn } from './batch';
import { buildTunnelDocument, type TunnelTheme } from './document';
import { TunnelRelay } from './relay';
import type { StreamlitFrontend } from './staticLocator';

/** The parts of a `vscode.Webview` the tunnel uses. */
export interface TunnelWebview {
  postMessage(message: unknown): unknown;
  onDidReceiveMessage(listener: (message: unknown) => unknown): { dispose(): unknown };
  /** The webview URI (as a string) of a local file, e.g. `w.asWebviewUri(Uri.file(p)).toString()`. */
  asWebviewUri(absolutePath: string): string;
  readonly cspSource: string;
}

export interface AttachTunnelOptions {
  /** The app's port on 127.0.0.1. */
  port: number;
  /** The app's path on its server (`server.baseUrlPath`): see TunnelDocumentOptions.basePath. */
  basePath?: string | undefined;
  /** Streamlit's frontend, from `locateStreamlitFrontend(python)` with the app's interpreter. */
  frontend: StreamlitFrontend;
  /** Absolute path of the shim bundle, dist/webview/tunnel.js. */
  shimPath: string;
  theme: TunnelTheme;
  lightTheme?: Record<string, unknown> | null;
  darkTheme?: Record<string, unknown> | null;
  title?: string;
  /** See TunnelBootConfig.webviewState. */
  webviewState?: Record<string, unknown>;
}

export interface TunnelAttachment {
  /** Set this as `webview.html`. Its `localResourceRoots` must include the static folder and the shim's folder. */
  readonly html: string;
  readonly relay: TunnelRelay;
  /** Folders the webview must be allowed to load from. */
  readonly resourceRoots: string[];
  /** VS Code's theme kind changed: the document switches Streamlit's theme in place (`tunnel/theme`). */
  setTheme(theme: TunnelTheme): void;
  dispose(): void;
}

export function attachTunnel(webview: TunnelWebview, options: AttachTunnelOptions): TunnelAttachment {
  const outbox = batchPerTurn((message) => void webview.postMessage(message));
  const relay = new TunnelRelay({
    port: options.port,
    post: (message: HostTunnelMessage) => outbox.post(message),
  });
  const subscription = webview.onDidReceiveMessage((message) => relay.receive(message));
  const staticDir = options.frontend.staticDir;
  const html = buildTunnelDocument({
    frontend: options.frontend,
    staticUri: (path) => webview.asWebviewUri(`${staticDir}${sep}${path.split('/').join(sep)}`),
    shimUri: webview.asWebviewUri(options.shimPath),
    cspSource: webview.cspSource,
    nonce: randomBytes(18).toString('base64'),
    theme: options.theme,
    basePath: options.basePath ?? '/',
    lightTheme: options.lightTheme ?? null,
    darkTheme: options.darkTheme ?? null,
    ...(options.title !== undefined ? { title: options.title } : {}),
    webviewState: options.webviewState ?? null,
  });
  return {
    html,
    relay,
    resourceRoots: [staticDir, dirname(options.shimPath)],
    setTheme: (theme) => outbox.post({ type: 'tunnel/theme', theme }),
    dispose() {
      subscription.dispose();
      relay.dispose();
      outbox.dispose();
    },
  };
}

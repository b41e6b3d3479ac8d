// The tunnel half of a preview panel: asks the app's interpreter for its Streamlit frontend,
// attaches the tunnel document to the panel's webview, turns the relay's events into the panel's
// (shim ready, frame status) and into VS Code's (save dialog, external links, the log), and
// watches the frontend's startup. The panel decides when to attach and what a fallback does
// (src/preview/panel.ts); the decisions themselves are in src/preview/transport.ts.

import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { DownloadMessage } from '../protocol/tunnel';
import type { FrameStatus, PreviewPersistedState, ThemeKind } from '../protocol/webview';
import { attachTunnel, type TunnelAttachment } from '../tunnel/attach';
import { locateStreamlitFrontend, type StreamlitFrontend } from '../tunnel/staticLocator';
import { ReadyWatchdog } from './readyWatchdog';
import { DocumentTheme, downloadName, startupComplete, TUNNEL_STARTUP_DEADLINE_MS, tunnelFrameStatus, type FallbackCause, type StartupStage } from './transport';
import { errorMessage } from '../core/errorMessage';

export interface PanelTunnelHost {
  readonly webview: vscode.Webview;
  /** The app's file. */
  readonly app: string;
  readonly extensionUri: vscode.Uri;
  readonly log: vscode.LogOutputChannel;
  /** The app's URL now: an attach that finishes after the app moved on is dropped. */
  currentUrl(): string | undefined;
  /** Put the tunnel document in the webview, allowed to load from `resourceRoots` too. */
  showDocument(html: string, resourceRoots: vscode.Uri[]): void;
  /** The shim runs: the webview is not stuck. */
  onShimReady(): void;
  onFrameStatus(status: FrameStatus): void;
  /** The tunnel cannot show this app: the panel goes on with the iframe. */
  onFallback(cause: FallbackCause): void;
}

export class PanelTunnel {
  private attachment: TunnelAttachment | undefined;
  /** The app URL the tunnel was attached for: a new one (restart on another port) re-attaches. */
  private attachedFor: string | undefined;
  /** Bumped by every attach and detach: an attach still waiting for Python is then dropped. */
  private generation = 0;
  private stage: StartupStage = 'nothing';
  /** The frontend per interpreter (asking Python takes a second; the answer does not change). */
  private readonly frontends = new Map<string, Promise<StreamlitFrontend>>();
  private readonly startup: ReadyWatchdog;
  private attachedAt = 0;
  private theme: DocumentTheme | undefined;

  constructor(
    private readonly host: PanelTunnelHost,
    visible: boolean,
  ) {
    this.startup = new ReadyWatchdog(TUNNEL_STARTUP_DEADLINE_MS, () => this.host.onFallback({ kind: 'startup-timeout', deadlineMs: TUNNEL_STARTUP_DEADLINE_MS, reached: this.stage }), visible);
  }

  /** True while the webview's document is the tunnel's. */
  get attached(): boolean {
    return this.attachment !== undefined;
  }

  isAttachedTo(url: string): boolean {
    return this.attachment !== undefined && this.attachedFor === url;
  }

  setVisible(visible: boolean): void {
    this.startup.setVisible(visible);
  }

  /** A `tunnel/…` message from the webview. A document already replaced may still talk; it has no relay now. */
  receive(data: unknown): void {
    this.attachment?.relay.receive(data);
  }

  /** Attaches the tunnel for the app at `url`, or falls back when its frontend cannot be used. */
  async attach(url: string, python: string, theme: ThemeKind): Promise<void> {
    const generation = ++this.generation;
    let frontend: StreamlitFrontend;
    try {
      frontend = await this.frontendFor(python);
    } catch (err) {
      this.frontends.delete(python);
      if (generation === this.generation) this.host.onFallback({ kind: 'frontend-missing', detail: errorMessage(err) });
      return;
    }
    // Stale: detached, another attach began, or the app moved on while Python answered.
    if (generation !== this.generation || this.host.currentUrl() !== url) return;
    this.release();
    const { port: portText, pathname: basePath } = new URL(url);
    const port = Number(portText);
    let attachment: TunnelAttachment;
    try {
      attachment = this.attachTo(port, basePath, frontend, theme);
    } catch (err) {
      this.host.onFallback({ kind: 'attach-failed', detail: errorMessage(err) });
      return;
    }
    this.listen(attachment);
    this.attachment = attachment;
    this.attachedFor = url;
    this.stage = 'nothing';
    this.theme = new DocumentTheme(theme);
    this.host.showDocument(
      attachment.html,
      attachment.resourceRoots.map((path) => vscode.Uri.file(path)),
    );
    this.attachedAt = Date.now();
    this.startup.expectReady();
    this.host.log.info(`[${this.name}] preview through the tunnel to 127.0.0.1:${port}${basePath === '/' ? '' : basePath} (Streamlit ${frontend.version}'s frontend from ${frontend.staticDir})`);
  }

  /**
   * VS Code's theme kind changed: the document switches Streamlit's theme in place, keeping the
   * session. A document whose shim has not run yet gets it once the shim is ready.
   */
  setTheme(theme: ThemeKind): void {
    const send = this.theme?.change(theme);
    if (send !== undefined) this.attachment?.setTheme(send);
  }

  /** Closes the tunnel (sockets closed, requests aborted) and drops any attach in flight. */
  detach(): void {
    this.generation++;
    this.release();
  }

  dispose(): void {
    this.detach();
  }

  private get name(): string {
    return basename(this.host.app);
  }

  private release(): void {
    this.startup.dispose();
    this.attachment?.dispose();
    this.attachment = undefined;
    this.attachedFor = undefined;
    this.theme = undefined;
  }

  private attachTo(port: number, basePath: string, frontend: StreamlitFrontend, theme: ThemeKind): TunnelAttachment {
    const webview = this.host.webview;
    return attachTunnel(
      {
        postMessage: (message) => webview.postMessage(message),
        // The panel's one listener routes `tunnel/…` messages here (receive).
        onDidReceiveMessage: () => ({ dispose: () => undefined }),
        asWebviewUri: (path) => webview.asWebviewUri(vscode.Uri.file(path)).toString(),
        cspSource: webview.cspSource,
      },
      {
        port,
        basePath,
        frontend,
        shimPath: join(this.host.extensionUri.fsPath, 'dist', 'webview', 'tunnel.js'),
        theme,
        title: this.name,
        webviewState: { app: this.host.app } satisfies PreviewPersistedState,
      },
    );
  }

  /** The relay's emitters end with it (release), so these need no disposables of their own. */
  private listen(attachment: TunnelAttachment): void {
    const relay = attachment.relay;
    const log = this.host.log;
    relay.onReady(() => {
      if (this.stage === 'nothing') this.stage = 'shim';
      const send = this.theme?.ready();
      if (send !== undefined) attachment.setTheme(send);
      this.host.onShimReady();
      log.debug(`[${this.name}] preview: tunnel shim ready ${Date.now() - this.attachedAt} ms after its HTML was set`);
    });
    relay.onAppMessage((appMessage) => {
      const status = tunnelFrameStatus(appMessage);
      if (status === undefined) return;
      if (status === 'guest-ready') this.stage = 'frontend';
      if (startupComplete(status)) this.startup.ready();
      this.host.onFrameStatus(status);
    });
    relay.onDownload((download) => void this.saveDownload(attachment, download));
    relay.onOpenExternal((link) => void vscode.env.openExternal(vscode.Uri.parse(link.url, true)));
    relay.onEscapedLoad((e) => log.warn(`[${this.name}] preview: blocked a load that bypassed the tunnel: ${e.url} (${e.directive})`));
    relay.onProtocolError((e) => log.warn(`[${this.name}] preview: ${e.message}`));
    relay.onLog((e) => (e.level === 'error' ? log.error(`[${this.name}] preview: ${e.message}`) : log.warn(`[${this.name}] preview: ${e.message}`)));
  }

  private frontendFor(python: string): Promise<StreamlitFrontend> {
    let found = this.frontends.get(python);
    if (found === undefined) {
      found = locateStreamlitFrontend(python);
      this.frontends.set(python, found);
    }
    return found;
  }

  /** `st.download_button`: ask where, then stream the file from the app through the relay. */
  private async saveDownload(attachment: TunnelAttachment, download: DownloadMessage): Promise<void> {
    const name = downloadName(download);
    const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(join(dirname(this.host.app), name)), title: `Save ${name}` });
    if (target === undefined) return;
    try {
      await attachment.relay.saveDownload(download.url, target.fsPath);
      this.host.log.info(`[${this.name}] saved ${download.url} to ${target.fsPath}`);
    } catch (err) {
      this.host.log.error(`[${this.name}] could not save ${download.url}`, err);
      void vscode.window.showErrorMessage(`Threadlit: could not save ${name}: ${errorMessage(err)}`);
    }
  }
}

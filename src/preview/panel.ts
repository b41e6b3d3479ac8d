// One preview panel for one app: renders the webview shell with its CSP, resolves the app's
// external URI, and relays app state and runtime events to the webview (and its clicks back).
// With the tunnel transport the app itself is the webview's document instead (panelTunnel.ts),
// and the shell shows only while the app does not serve; see src/preview/transport.ts.

import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { AppInstance, AppSnapshot } from '../app/appInstance';
import { PREVIEW_VIEW_TYPE, THREADS_VIEW_TYPE } from '../app/ids';
import { parseWebviewMessage, type AppView, type HostMessage, type ThemeKind, type ToolbarCommand, type FrameStatus } from '../protocol/webview';
import { Disposable } from '../vscode/dispose';
import { appFrameUrl, nonceFrom, originOf, previewHtml } from './html';
import { shellAssets } from './shellAssets';
import { PanelTunnel } from './panelTunnel';
import { ReadyWatchdog } from './readyWatchdog';
import { fallbackText, routeWebviewMessage, type FallbackCause, type PreviewTransport } from './transport';

/**
 * How long a visible webview may take to say `ready` before it counts as stuck. A healthy one
 * does within a few seconds even on a loaded 2-core machine; a stuck one never does.
 */
export const READY_DEADLINE_MS = 10_000;
/** Stuck webviews replaced per panel; a webview that is stuck for another reason stays as it is. */
export const MAX_WEBVIEW_RECOVERIES = 2;
/**
 * How long the app's iframe may take, visible, from its URL to Streamlit's first message
 * (GUEST_READY). A healthy frame takes 1–5 s on a loaded 2-core machine; one whose first load
 * failed (an error page from a port proxy, a dropped connection) never sends anything.
 */
export const FRAME_STARTUP_DEADLINE_MS = 20_000;
/** Times a panel loads a silent app frame again before it leaves it and says so. */
export const MAX_FRAME_RELOADS = 2;

export interface PreviewPanelDeps {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  /** A toolbar button was pressed. */
  onCommand(command: ToolbarCommand, instance: AppInstance): void;
  /** The user closed the panel (not a reload). */
  onClosed(panel: PreviewPanel): void;
  /** The webview never said `ready`: replace it with a fresh panel for the same app. */
  onStuck(panel: PreviewPanel): void;
  /** The tunnel fell back: the panel shows the app in the iframe from now on. */
  onFellBack(panel: PreviewPanel): void;
  /** `threadlit.preview.transport` for this app, read when the panel is made. */
  transport: PreviewTransport;
  /**
   * A Threads panel: the shell (toolbar and Threads pane) without the app, for apps whose preview
   * uses the tunnel, whose document is Streamlit's alone. It never stops the app when closed.
   */
  threadsOnly?: boolean;
}

/** Where the built webview lives; the panel may load nothing else. */
export function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

export function createPreviewWebviewPanel(extensionUri: vscode.Uri, app: string, column: vscode.ViewColumn, preserveFocus: boolean): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(PREVIEW_VIEW_TYPE, previewTitle(app), { viewColumn: column, preserveFocus }, previewOptions(extensionUri));
}

/** The Threads panel of an app whose preview uses the tunnel; no serializer, so a reload does not bring it back. */
export function createThreadsWebviewPanel(extensionUri: vscode.Uri, app: string, column: vscode.ViewColumn): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(THREADS_VIEW_TYPE, threadsTitle(app), { viewColumn: column, preserveFocus: false }, previewOptions(extensionUri));
}

/** Options for new and restored panels alike. */
export function previewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    // The app's Streamlit session lives in the iframe; destroying the document on hide would end it.
    retainContextWhenHidden: true,
    localResourceRoots: [webviewRoot(extensionUri)],
  };
}

export class PreviewPanel extends Disposable {
  /** Set while the panel uses the tunnel transport; dropped for good on a fallback to the iframe. */
  private tunnel: PanelTunnel | undefined;
  private note: string | null = null;
  private renderedOrigin: string | null | undefined;
  private frameUrl: string | null = null;
  /** The app URL that `frameUrl` was made from, so a new URL (restart) is resolved again. */
  private resolvedFor: string | undefined;
  private frameStatus: FrameStatus | undefined;
  private monitorTimer: NodeJS.Timeout | undefined;
  private closedByUser = true;
  private readonly watchdog: ReadyWatchdog;
  /** The app frame's first message from Streamlit (iframe transport). */
  private readonly frameStartup: ReadyWatchdog;
  /** The frame URL the frame watchdog waits on; undefined when a new document reloads the frame. */
  private frameWatchedFor: string | undefined;
  private frameReloads = 0;
  private renderedAt = 0;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly instance: AppInstance,
    private readonly deps: PreviewPanelDeps,
    /** How many stuck webviews this panel already replaced (see MAX_WEBVIEW_RECOVERIES). */
    readonly recoveries = 0,
  ) {
    super();
    if (deps.threadsOnly === true) this.note = `${basename(instance.app)} shows in its own preview (tunnel transport); this panel has its toolbar and threads.`;
    // A panel that falls back drops its tunnel for good (fallBack): the iframe from then on.
    else if (deps.transport === 'tunnel') this.tunnel = this.createTunnel();
    this.watchdog = new ReadyWatchdog(READY_DEADLINE_MS, () => this.onStuck(), panel.visible);
    this._register({ dispose: () => this.watchdog.dispose() });
    this.frameStartup = new ReadyWatchdog(FRAME_STARTUP_DEADLINE_MS, () => this.onFrameSilent(), panel.visible);
    this._register({ dispose: () => this.frameStartup.dispose() });
    this._register(
      panel.onDidChangeViewState((e) => {
        this.watchdog.setVisible(e.webviewPanel.visible);
        this.tunnel?.setVisible(e.webviewPanel.visible);
        this.frameStartup.setVisible(e.webviewPanel.visible);
      }),
    );
    panel.webview.options = { enableScripts: true, localResourceRoots: [webviewRoot(deps.extensionUri)] };
    this._register(panel.webview.onDidReceiveMessage((data: unknown) => this.onMessage(data)));
    this._register(instance.onDidChange((snapshot) => void this.update(snapshot)));
    this._register(
      instance.onRuntimeEvent((event) => {
        if (event.type === 'threads') this.post({ type: 'threads', threads: event.threads });
        else if (event.type === 'monitor') this.scheduleMonitor();
      }),
    );
    this._register(vscode.window.onDidChangeActiveColorTheme(() => void this.update(instance.snapshot(), true)));
    this._register(
      panel.onDidDispose(() => {
        if (this.closedByUser) deps.onClosed(this);
        this.dispose();
      }),
    );
    this.render(null);
    void this.update(instance.snapshot());
  }

  get app(): string {
    return this.instance.app;
  }
  /** What Streamlit's frontend last reported (for tests and the log). */
  get lastFrameStatus(): FrameStatus | undefined {
    return this.frameStatus;
  }
  get currentFrameUrl(): string | null {
    return this.frameUrl;
  }
  /** The transport in use now (`iframe` after a fallback). */
  get currentTransport(): PreviewTransport {
    return this.transport;
  }

  private get transport(): PreviewTransport {
    return this.tunnel !== undefined ? 'tunnel' : 'iframe';
  }

  /** True while the webview's document is Streamlit's (the tunnel), which has no toolbar. */
  get showsTunnel(): boolean {
    return this.tunnel?.attached === true;
  }

  reveal(preserveFocus = false): void {
    this.panel.reveal(undefined, preserveFocus);
  }

  showThreads(): void {
    this.reveal();
    this.post({ type: 'showThreads' });
  }

  /** Closes the panel without counting it as the user's close (no stop-on-close). */
  close(): void {
    this.closedByUser = false;
    this.panel.dispose();
  }

  override dispose(): void {
    clearTimeout(this.monitorTimer);
    this.tunnel?.dispose();
    super.dispose();
  }

  private async update(snapshot: AppSnapshot, themeChanged = false): Promise<void> {
    if (this.isDisposed) return;
    if (this.tunnel !== undefined) return this.updateTunnel(this.tunnel, snapshot, themeChanged);
    const serving = snapshot.state === 'running' || snapshot.state === 'rerunning';
    if (serving && snapshot.url !== undefined && this.deps.threadsOnly !== true && (snapshot.url !== this.resolvedFor || themeChanged)) {
      const url = snapshot.url;
      try {
        const external = await vscode.env.asExternalUri(vscode.Uri.parse(url));
        // Stale: the app stopped or restarted on another port while VS Code resolved the URI.
        if (this.isDisposed || this.instance.snapshot().url !== url) return;
        this.frameUrl = appFrameUrl(external.toString(true), themeKind());
        this.resolvedFor = url;
        this.deps.log.info(`[${basename(snapshot.app)}] preview at ${this.frameUrl}`);
      } catch (err) {
        this.deps.log.error(`could not resolve the external URI of ${url}`, err);
      }
    }
    if (snapshot.url === undefined || snapshot.state === 'error' || snapshot.state === 'stopped') {
      // The server is gone: a frame left on its dead port would retry its websocket forever.
      this.frameUrl = null;
      this.resolvedFor = undefined;
    }
    const origin = this.frameUrl === null ? null : (originOf(this.frameUrl) ?? null);
    // The CSP names the frame's origin, so a new origin (a new port on the desktop) needs a new document.
    if (origin !== this.renderedOrigin && origin !== null) this.render(origin);
    this.post({ type: 'state', view: this.view(this.instance.snapshot()) });
    this.watchFrame();
  }

  /** A new frame URL in the document: Streamlit in it is due to say GUEST_READY. */
  private watchFrame(): void {
    const url = this.transport === 'iframe' && this.deps.threadsOnly !== true ? this.frameUrl : null;
    if (url === null) {
      this.frameWatchedFor = undefined;
      this.frameStartup.ready();
      return;
    }
    if (this.frameWatchedFor === url) return;
    this.frameWatchedFor = url;
    this.frameStartup.expectReady();
  }

  /** The app's frame stayed silent: load the document, and with it the frame, again. */
  private onFrameSilent(): void {
    if (this.isDisposed || this.transport !== 'iframe') return;
    const name = basename(this.instance.app);
    if (this.frameReloads >= MAX_FRAME_RELOADS) {
      this.deps.log.error(`[${name}] preview: the app still did not load in the panel after ${this.frameReloads} reloads; try Open in Browser, or close and reopen the preview`);
      return;
    }
    this.frameReloads++;
    this.deps.log.warn(
      `[${name}] preview: the app did not load in the panel within ${FRAME_STARTUP_DEADLINE_MS / 1000} s ` +
        `(no message from Streamlit's frontend at ${this.frameUrl}); loading it again (${this.frameReloads} of ${MAX_FRAME_RELOADS})`,
    );
    this.render(this.renderedOrigin ?? null);
    this.post({ type: 'state', view: this.view(this.instance.snapshot()) });
    this.watchFrame();
  }

  private view(snapshot: AppSnapshot): AppView {
    return {
      app: snapshot.app,
      name: basename(snapshot.app),
      state: snapshot.state,
      frameUrl: this.deps.threadsOnly === true ? null : this.frameUrl,
      error: snapshot.error?.message ?? null,
      monitorEventCount: snapshot.monitorEventCount,
      note: this.note,
    };
  }

  // ---- tunnel transport ------------------------------------------------------------------

  private createTunnel(): PanelTunnel {
    return new PanelTunnel(
      {
        webview: this.panel.webview,
        app: this.instance.app,
        extensionUri: this.deps.extensionUri,
        log: this.deps.log,
        currentUrl: () => this.instance.snapshot().url,
        showDocument: (html, resourceRoots) => {
          const webview = this.panel.webview;
          webview.options = { enableScripts: true, localResourceRoots: [webviewRoot(this.deps.extensionUri), ...resourceRoots] };
          this.frameStatus = undefined;
          this.renderedOrigin = undefined;
          webview.html = html;
          this.renderedAt = Date.now();
          // `tunnel/ready` stands in for the shell's `ready` (the stuck-webview watchdog).
          this.watchdog.expectReady();
        },
        onShimReady: () => this.watchdog.ready(),
        onFrameStatus: (status) => {
          this.frameStatus = status;
          this.deps.log.debug(`[${basename(this.instance.app)}] preview frame: ${status}`);
        },
        onFallback: (cause) => this.fallBack(cause),
      },
      this.panel.visible,
    );
  }

  /** Serving: the tunnel document (attached again for a new URL; a theme switches in place). Otherwise: the shell. */
  private async updateTunnel(tunnel: PanelTunnel, snapshot: AppSnapshot, themeChanged: boolean): Promise<void> {
    const serving = snapshot.state === 'running' || snapshot.state === 'rerunning';
    if (!serving || snapshot.url === undefined) {
      // The shell says starting / stopped / error and has Start; a tunnel to a dead port would only retry.
      if (tunnel.attached || this.renderedOrigin === undefined) {
        tunnel.detach();
        this.render(null);
      }
      this.post({ type: 'state', view: this.view(snapshot) });
      return;
    }
    if (tunnel.isAttachedTo(snapshot.url)) {
      // Streamlit switches its theme in place: no new document, no new session.
      if (themeChanged) tunnel.setTheme(themeKind());
      return;
    }
    this.post({ type: 'state', view: this.view(snapshot) });
    try {
      await tunnel.attach(snapshot.url, snapshot.python, themeKind());
    } catch (err) {
      this.deps.log.error(`[${basename(snapshot.app)}] preview: attaching the tunnel failed`, err);
    }
  }

  /** Gives up on the tunnel for this panel: one log line, a note in the toolbar, the iframe from now on. */
  private fallBack(cause: FallbackCause): void {
    if (this.isDisposed || this.tunnel === undefined) return;
    const { log, note } = fallbackText(basename(this.instance.app), cause);
    this.deps.log.warn(log);
    this.tunnel.dispose();
    this.tunnel = undefined;
    this.note = note;
    this.panel.webview.options = { enableScripts: true, localResourceRoots: [webviewRoot(this.deps.extensionUri)] };
    this.render(null);
    void this.update(this.instance.snapshot());
    this.deps.onFellBack(this);
  }

  private render(frameOrigin: string | null): void {
    this.renderedOrigin = frameOrigin;
    // The new document loads the app's frame afresh.
    this.frameWatchedFor = undefined;
    const webview = this.panel.webview;
    webview.html = previewHtml({
      cspSource: webview.cspSource,
      nonce: nonceFrom(randomBytes(16)),
      ...shellAssets(webviewRoot(this.deps.extensionUri).fsPath),
      frameOrigin,
      title: basename(this.instance.app),
    });
    this.renderedAt = Date.now();
    this.watchdog.expectReady();
  }

  private onStuck(): void {
    if (this.isDisposed) return;
    const name = basename(this.instance.app);
    const what = this.deps.threadsOnly === true ? 'Threads panel' : 'preview';
    if (this.recoveries >= MAX_WEBVIEW_RECOVERIES) {
      this.deps.log.error(`[${name}] ${what}: the webview is still blank after ${this.recoveries} new webviews; close and reopen the ${what}`);
      return;
    }
    this.deps.log.warn(
      `[${name}] ${what}: the webview did not load its document within ${READY_DEADLINE_MS / 1000} s ` +
        `(VS Code's webview host is stuck); recreating the webview (${this.recoveries + 1} of ${MAX_WEBVIEW_RECOVERIES})`,
    );
    this.deps.onStuck(this);
  }

  private onMessage(data: unknown): void {
    if (routeWebviewMessage(data) === 'tunnel') {
      this.tunnel?.receive(data);
      return;
    }
    const message = parseWebviewMessage(data);
    if (message === undefined) {
      this.deps.log.warn(`preview: ignored an invalid message from the webview: ${JSON.stringify(data)?.slice(0, 200)}`);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.watchdog.ready();
        this.deps.log.debug(`[${basename(this.instance.app)}] preview: webview ready ${Date.now() - this.renderedAt} ms after its HTML was set`);
        this.post({ type: 'state', view: this.view(this.instance.snapshot()) });
        this.post({ type: 'monitor', events: [...this.instance.monitorEvents] });
        this.post({ type: 'threads', threads: [...this.instance.threads] });
        break;
      case 'command':
        this.deps.onCommand(message.command, this.instance);
        break;
      case 'reveal':
        // Only places the runtime reported: the webview must not be able to open arbitrary files.
        if (this.instance.monitorEvents.some((e) => e.site?.file === message.file)) void revealLocation(message.file, message.line);
        else this.deps.log.warn(`preview: refused to open ${message.file}, which no monitor event names`);
        break;
      case 'frameStatus':
        this.frameStartup.ready();
        // The frame came alive: a later silent frame (a restart, a new port) gets its own tries.
        this.frameReloads = 0;
        this.frameStatus = message.status;
        this.deps.log.debug(`[${basename(this.instance.app)}] preview frame: ${message.status}`);
        break;
    }
  }

  /** Monitor events can arrive in bursts (one per thread); send the list at most every 100 ms. */
  private scheduleMonitor(): void {
    if (this.monitorTimer !== undefined) return;
    this.monitorTimer = setTimeout(() => {
      this.monitorTimer = undefined;
      this.post({ type: 'monitor', events: [...this.instance.monitorEvents] });
    }, 100);
  }

  private post(message: HostMessage): void {
    // The tunnel document is Streamlit's: the shell's messages have no reader there.
    if (this.isDisposed || this.showsTunnel) return;
    void this.panel.webview.postMessage(message);
  }
}

export function previewTitle(app: string): string {
  return `▶ ${basename(app)}`;
}

export function threadsTitle(app: string): string {
  return `Threads: ${basename(app)}`;
}

function themeKind(): ThemeKind {
  const kind = vscode.window.activeColorTheme.kind;
  return kind === vscode.ColorThemeKind.Light || kind === vscode.ColorThemeKind.HighContrastLight ? 'light' : 'dark';
}

async function revealLocation(file: string, line: number): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const position = new vscode.Position(Math.max(0, line - 1), 0);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One });
}

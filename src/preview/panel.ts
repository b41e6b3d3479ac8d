// One preview panel for one app: renders the webview shell with its CSP, resolves the app's
// external URI, and relays app state and runtime events to the webview (and its clicks back).

import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { AppInstance, AppSnapshot } from '../app/appInstance';
import { PREVIEW_VIEW_TYPE } from '../app/ids';
import { parseWebviewMessage, type AppView, type HostMessage, type ThemeKind, type ToolbarCommand, type FrameStatus } from '../protocol/webview';
import { Disposable } from '../vscode/dispose';
import { appFrameUrl, nonceFrom, originOf, previewHtml } from './html';
import { ReadyWatchdog } from './readyWatchdog';

/**
 * How long a visible webview may take to say `ready` before it counts as stuck. A healthy one
 * does within a few seconds even on a loaded 2-core machine; a stuck one never does.
 */
export const READY_DEADLINE_MS = 10_000;
/** Stuck webviews replaced per panel; a webview that is stuck for another reason stays as it is. */
export const MAX_WEBVIEW_RECOVERIES = 2;

export interface PreviewPanelDeps {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  /** A toolbar button was pressed. */
  onCommand(command: ToolbarCommand, instance: AppInstance): void;
  /** The user closed the panel (not a reload). */
  onClosed(panel: PreviewPanel): void;
  /** The webview never said `ready`: replace it with a fresh panel for the same app. */
  onStuck(panel: PreviewPanel): void;
}

/** Where the built webview lives; the panel may load nothing else. */
export function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

export function createPreviewWebviewPanel(extensionUri: vscode.Uri, app: string, column: vscode.ViewColumn, preserveFocus: boolean): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(PREVIEW_VIEW_TYPE, previewTitle(app), { viewColumn: column, preserveFocus }, previewOptions(extensionUri));
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
  private renderedOrigin: string | null | undefined;
  private frameUrl: string | null = null;
  /** The app URL that `frameUrl` was made from, so a new URL (restart) is resolved again. */
  private resolvedFor: string | undefined;
  private frameStatus: FrameStatus | undefined;
  private monitorTimer: NodeJS.Timeout | undefined;
  private closedByUser = true;
  private readonly watchdog: ReadyWatchdog;
  private renderedAt = 0;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly instance: AppInstance,
    private readonly deps: PreviewPanelDeps,
    /** How many stuck webviews this panel already replaced (see MAX_WEBVIEW_RECOVERIES). */
    readonly recoveries = 0,
  ) {
    super();
    this.watchdog = new ReadyWatchdog(READY_DEADLINE_MS, () => this.onStuck(), panel.visible);
    this._register({ dispose: () => this.watchdog.dispose() });
    this._register(panel.onDidChangeViewState((e) => this.watchdog.setVisible(e.webviewPanel.visible)));
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
    super.dispose();
  }

  private async update(snapshot: AppSnapshot, themeChanged = false): Promise<void> {
    if (this.isDisposed) return;
    const serving = snapshot.state === 'running' || snapshot.state === 'rerunning';
    if (serving && snapshot.url !== undefined && (snapshot.url !== this.resolvedFor || themeChanged)) {
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
  }

  private view(snapshot: AppSnapshot): AppView {
    return {
      app: snapshot.app,
      name: basename(snapshot.app),
      state: snapshot.state,
      frameUrl: this.frameUrl,
      error: snapshot.error?.message ?? null,
      monitorEventCount: snapshot.monitorEventCount,
    };
  }

  private render(frameOrigin: string | null): void {
    this.renderedOrigin = frameOrigin;
    const webview = this.panel.webview;
    const root = webviewRoot(this.deps.extensionUri);
    webview.html = previewHtml({
      cspSource: webview.cspSource,
      nonce: nonceFrom(randomBytes(16)),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.css')).toString(),
      frameOrigin,
      title: basename(this.instance.app),
    });
    this.renderedAt = Date.now();
    this.watchdog.expectReady();
  }

  private onStuck(): void {
    if (this.isDisposed) return;
    const name = basename(this.instance.app);
    if (this.recoveries >= MAX_WEBVIEW_RECOVERIES) {
      this.deps.log.error(`[${name}] preview: the webview is still blank after ${this.recoveries} new webviews; close and reopen the preview`);
      return;
    }
    this.deps.log.warn(
      `[${name}] preview: the webview did not load its document within ${READY_DEADLINE_MS / 1000} s ` +
        `(VS Code's webview host is stuck); recreating the webview (${this.recoveries + 1} of ${MAX_WEBVIEW_RECOVERIES})`,
    );
    this.deps.onStuck(this);
  }

  private onMessage(data: unknown): void {
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
    if (this.isDisposed) return;
    void this.panel.webview.postMessage(message);
  }
}

export function previewTitle(app: string): string {
  return `▶ ${basename(app)}`;
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

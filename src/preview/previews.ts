// All preview panels, one per app: opens or reveals them, tracks the focused one, and restores
// them and the tunnel previews' Threads panels after a window reload (WebviewPanelSerializers).

import * as vscode from 'vscode';
import type { AppInstance } from '../app/appInstance';
import { PREVIEW_VIEW_TYPE, THREADS_VIEW_TYPE } from '../app/ids';
import { parsePersistedState } from '../protocol/webview';
import { Disposable } from '../vscode/dispose';
import { createPreviewWebviewPanel, createThreadsWebviewPanel, PreviewPanel, previewOptions, previewTitle, threadsTitle, type PreviewPanelDeps } from './panel';
import type { PreviewTransport } from './transport';

export interface PreviewsDeps extends Omit<PreviewPanelDeps, 'onClosed' | 'onStuck' | 'onFellBack' | 'transport' | 'threadsOnly'> {
  /** `threadlit.preview.transport` for an app. */
  transportFor(app: string): PreviewTransport;
  /** The user closed an app's panel. */
  onClosed(instance: AppInstance): void;
  /** An app's tunnel preview fell back to the iframe. */
  onFellBack(instance: AppInstance): void;
  /**
   * A panel came back after a reload: return the app's (re)started instance, or undefined to
   * close the panel (file gone, workspace untrusted).
   */
  restore(app: vscode.Uri): Promise<AppInstance | undefined>;
}

export class Previews extends Disposable {
  private readonly panels = new Map<string, PreviewPanel>();
  /** Threads panels of apps whose preview shows the tunnel (it has no toolbar or Threads pane). */
  private readonly threadsPanels = new Map<string, PreviewPanel>();
  private lastActive: string | undefined;

  constructor(private readonly deps: PreviewsDeps) {
    super();
    this._register(
      vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state) => this.restore(panel, state, 'preview'),
      }),
    );
    this._register(
      // Its app is the preview's: restoring both starts it once (AppManager.run returns the running one).
      vscode.window.registerWebviewPanelSerializer(THREADS_VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state) => this.restore(panel, state, 'threads'),
      }),
    );
  }

  get(app: string): PreviewPanel | undefined {
    return this.panels.get(app);
  }

  /** The app of the focused preview, or of the last one focused. */
  activeApp(): string | undefined {
    for (const [app, panel] of this.panels) if (panel.panel.active) return app;
    return this.lastActive !== undefined && this.panels.has(this.lastActive) ? this.lastActive : undefined;
  }

  /** Opens the app's panel, or reveals it when it exists. */
  show(instance: AppInstance, column: vscode.ViewColumn, preserveFocus = true): PreviewPanel {
    const existing = this.panels.get(instance.app);
    if (existing !== undefined && existing.instance === instance) {
      existing.reveal(preserveFocus);
      return existing;
    }
    existing?.close();
    const panel = createPreviewWebviewPanel(this.deps.extensionUri, instance.app, column, preserveFocus);
    return this.adopt(panel, instance);
  }

  /**
   * Shows an app's Threads pane: in its preview's shell (iframe transport, or while the app does
   * not serve), else in a Threads panel of its own beside the tunnel preview.
   */
  showThreads(instance: AppInstance, column: vscode.ViewColumn): PreviewPanel {
    const preview = this.panels.get(instance.app) ?? this.show(instance, column, false);
    if (!preview.showsTunnel) {
      preview.showThreads();
      return preview;
    }
    let threads = this.threadsPanels.get(instance.app);
    if (threads === undefined || threads.instance !== instance) {
      threads?.close();
      // In the group right of the preview, not as a tab over it: the app stays in sight.
      const column = preview.panel.viewColumn === undefined ? vscode.ViewColumn.Beside : Math.min(preview.panel.viewColumn + 1, vscode.ViewColumn.Nine);
      threads = this.adoptThreads(createThreadsWebviewPanel(this.deps.extensionUri, instance.app, column), instance);
    }
    threads.showThreads();
    return threads;
  }

  private adoptThreads(webviewPanel: vscode.WebviewPanel, instance: AppInstance, recoveries = 0): PreviewPanel {
    const panel = new PreviewPanel(
      webviewPanel,
      instance,
      {
        ...this.deps,
        transport: 'iframe',
        threadsOnly: true,
        // Closing the Threads panel leaves the app and its preview alone.
        onClosed: () => undefined,
        onStuck: (stuck) => this.recreateThreads(stuck),
        onFellBack: () => undefined,
      },
      recoveries,
    );
    this.threadsPanels.set(instance.app, panel);
    webviewPanel.onDidDispose(() => {
      if (this.threadsPanels.get(instance.app) === panel) this.threadsPanels.delete(instance.app);
    });
    return panel;
  }

  /** Closes an app's panel (e.g. Stop from the command palette keeps it; this is for cleanup). */
  close(app: string): void {
    this.panels.get(app)?.close();
  }

  override dispose(): void {
    for (const panel of [...this.panels.values(), ...this.threadsPanels.values()]) panel.dispose();
    this.panels.clear();
    this.threadsPanels.clear();
    super.dispose();
  }

  /**
   * Replaces a panel whose webview never loaded with a new one in the same place: a new panel
   * gets a new webview host, which redoes the service-worker handshake the old one hung in.
   */
  private recreate(stuck: PreviewPanel): void {
    if (this.panels.get(stuck.app) !== stuck) return;
    const column = stuck.panel.viewColumn ?? vscode.ViewColumn.Beside;
    const fresh = createPreviewWebviewPanel(this.deps.extensionUri, stuck.app, column, !stuck.panel.active);
    // Closed after the new one exists, so the editor group is not emptied (and closed) between them.
    stuck.close();
    // A panel that fell back to the iframe stays there: its app already runs for the iframe.
    this.adopt(fresh, stuck.instance, stuck.recoveries + 1, stuck.currentTransport);
  }

  /** As recreate, for a Threads panel: it is a webview too, made at the same moment as a preview (after a reload, both at once). */
  private recreateThreads(stuck: PreviewPanel): void {
    if (this.threadsPanels.get(stuck.app) !== stuck) return;
    const fresh = createThreadsWebviewPanel(this.deps.extensionUri, stuck.app, stuck.panel.viewColumn ?? vscode.ViewColumn.Beside);
    stuck.close();
    this.adoptThreads(fresh, stuck.instance, stuck.recoveries + 1).showThreads();
  }

  private adopt(webviewPanel: vscode.WebviewPanel, instance: AppInstance, recoveries = 0, transport = this.deps.transportFor(instance.app)): PreviewPanel {
    const panel = new PreviewPanel(
      webviewPanel,
      instance,
      {
        ...this.deps,
        transport,
        onClosed: (closed) => this.deps.onClosed(closed.instance),
        onStuck: (stuck) => this.recreate(stuck),
        onFellBack: (panel) => this.deps.onFellBack(panel.instance),
      },
      recoveries,
    );
    this.panels.set(instance.app, panel);
    this.lastActive = instance.app;
    webviewPanel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) this.lastActive = instance.app;
    });
    webviewPanel.onDidDispose(() => {
      if (this.panels.get(instance.app) === panel) this.panels.delete(instance.app);
    });
    return panel;
  }

  private async restore(webviewPanel: vscode.WebviewPanel, state: unknown, kind: 'preview' | 'threads'): Promise<void> {
    const what = kind === 'preview' ? 'preview' : 'Threads panel';
    const persisted = parsePersistedState(state);
    const instance = persisted === undefined ? undefined : await this.deps.restore(vscode.Uri.file(persisted.app)).catch(() => undefined);
    if (persisted === undefined || instance === undefined) {
      this.deps.log.warn(persisted === undefined ? `a ${what} from before the window reload did not say which app it showed; closed it` : `the ${what} of ${persisted.app} could not be restored (its app could not start again); closed it`);
      webviewPanel.dispose();
      return;
    }
    webviewPanel.title = kind === 'preview' ? previewTitle(persisted.app) : threadsTitle(persisted.app);
    // Restored panels do not carry their options: set them again before the first render.
    webviewPanel.webview.options = previewOptions(this.deps.extensionUri);
    if (kind === 'preview') this.adopt(webviewPanel, instance);
    else this.adoptThreads(webviewPanel, instance).showThreads();
  }
}

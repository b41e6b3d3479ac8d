// The Run App feature in the editor: the commands' handlers, error notifications with their
// fixes, the runtime's stderr in the log, context keys and the status bar. Decisions live in
// the pure modules beside this one; this file is the VS Code edge.

import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { mentionsStreamlit } from '../analyzer/mentions';
import { explainExit } from '../core/explain';
import { Previews } from '../preview/previews';
import type { ToolbarCommand } from '../protocol/webview';
import type { ThreadlitContext } from '../vscode/context';
import { Disposable } from '../vscode/dispose';
import type { AppInstance, AppLaunch, AppSnapshot, AppState } from './appInstance';
import { AppManager } from './appManager';
import { ACTIVE_APP_RUNNING, IS_STREAMLIT_FILE } from './ids';
import { PythonPathSettingError } from './interpreter';
import { previewStreamlitArgs } from './previewArgs';
import { errorNotice, INSTALL_STREAMLIT, MANAGE_TRUST, RESTART, SELECT_INTERPRETER, SHOW_LOGS, UNTITLED_TEXT, UNTRUSTED_TEXT } from './notices';
import { installStreamlit, resolveInterpreterFor, selectInterpreter } from './pythonEnvironment';
import { appCwd, readRunAppSettings, type RunAppSettings } from './settings';
import { RuntimeDiagnostics } from './runtimeDiagnostics';
import { AppStatusBar } from './statusBar';
import { errorMessage } from '../core/errorMessage';

/** What a command did; returned to `executeCommand` callers, which is how tests observe it. */
export type RunAppResult =
  | { outcome: 'refused'; reason: 'untrusted' | 'untitled' | 'no-file' | 'interpreter'; message: string }
  | { outcome: 'cancelled'; app: string }
  | { outcome: 'revealed' | 'ready' | 'failed' | 'stopped'; app: string; snapshot: AppSnapshot; pid: number | undefined; actions?: string[] };

/** One app as `threadlit.internal.apps` reports it. */
export interface AppDescription extends AppSnapshot {
  pid: number | undefined;
  /** Present while the app has a preview panel. */
  preview: { frameStatus: string | undefined; frameUrl: string | null; transport: string } | undefined;
}

const LIVE: readonly AppState[] = ['starting', 'running', 'rerunning'];

export class RunAppFeature extends Disposable {
  readonly manager: AppManager;
  readonly previews: Previews;
  private readonly statusBar = this._register(new AppStatusBar());
  private readonly lastStates = new Map<AppInstance, AppState>();

  constructor(private readonly ctx: ThreadlitContext) {
    super();
    this.manager = this._register(new AppManager({ explainExit }));
    this.previews = this._register(
      new Previews({
        extensionUri: ctx.extensionUri,
        log: ctx.log,
        onCommand: (command, instance) => void this.onToolbar(command, instance),
        onClosed: (instance) => {
          if (this.settingsFor(vscode.Uri.file(instance.app)).stopWhenPreviewCloses) void instance.stop();
        },
        restore: (app) => this.restore(app),
        transportFor: (app) => this.settingsFor(vscode.Uri.file(app)).previewTransport,
        onFellBack: (instance) => void this.restartForIframe(instance),
      }),
    );
    this._register(new RuntimeDiagnostics(this.manager));
    this._register(this.manager.onDidAdd((instance) => this.watch(instance)));
    this._register(this.manager.onDidChange(({ instance, snapshot }) => this.onAppChange(instance, snapshot)));
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.updateContext()));
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) this.updateContext();
      }),
    );
    this.updateContext();
  }

  // ---- commands --------------------------------------------------------------------------

  async runApp(arg?: unknown): Promise<RunAppResult> {
    const uri = this.targetUri(arg);
    if (uri === undefined) {
      const message = 'Threadlit: open a Streamlit app (a Python file) to run it.';
      void vscode.window.showWarningMessage(message);
      return { outcome: 'refused', reason: 'no-file', message };
    }
    if (uri.scheme === 'untitled') {
      void vscode.window.showWarningMessage(UNTITLED_TEXT);
      return { outcome: 'refused', reason: 'untitled', message: UNTITLED_TEXT };
    }
    if (uri.scheme !== 'file') {
      const message = `Threadlit: cannot run ${uri.toString()}: only files on disk can run.`;
      void vscode.window.showWarningMessage(message);
      return { outcome: 'refused', reason: 'no-file', message };
    }
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(UNTRUSTED_TEXT, MANAGE_TRUST).then((choice) => {
        if (choice === MANAGE_TRUST) void vscode.commands.executeCommand('workbench.trust.manage');
      });
      return { outcome: 'refused', reason: 'untrusted', message: UNTRUSTED_TEXT };
    }
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (document?.isDirty) await document.save();

    const existing = this.manager.get(uri.fsPath);
    if (existing !== undefined && LIVE.includes(existing.state)) {
      this.showPreview(existing, false);
      return this.result('revealed', existing);
    }
    let launch: AppLaunch;
    try {
      launch = await this.launchFor(uri);
    } catch (err) {
      return this.interpreterProblem(err);
    }
    const { instance } = this.manager.run(launch);
    this.showPreview(instance, true);
    return this.untilSettled(instance, `Starting ${basename(uri.fsPath)}…`);
  }

  async stopApp(arg?: unknown): Promise<RunAppResult | undefined> {
    const instance = await this.pickApp(arg, 'Stop which app?');
    if (instance === undefined) return undefined;
    await instance.stop();
    return this.result('stopped', instance);
  }

  async restartApp(arg?: unknown): Promise<RunAppResult | undefined> {
    const instance = await this.pickApp(arg, 'Restart which app?', true);
    if (instance === undefined) return undefined;
    if (!vscode.workspace.isTrusted) return { outcome: 'refused', reason: 'untrusted', message: UNTRUSTED_TEXT };
    let launch: AppLaunch;
    try {
      launch = await this.launchFor(vscode.Uri.file(instance.app));
    } catch (err) {
      return this.interpreterProblem(err);
    }
    const restarted = instance.restart(launch);
    this.showPreview(instance, true);
    await restarted;
    return this.untilSettled(instance, `Restarting ${basename(instance.app)}…`);
  }

  async openInBrowser(arg?: unknown): Promise<string | undefined> {
    const instance = await this.pickApp(arg, 'Open which app?');
    const url = instance?.snapshot().url;
    if (instance === undefined || url === undefined) {
      void vscode.window.showInformationMessage('Threadlit: the app is not running.');
      return undefined;
    }
    const external = await vscode.env.asExternalUri(vscode.Uri.parse(url));
    await vscode.env.openExternal(external);
    return external.toString(true);
  }

  async showThreads(arg?: unknown): Promise<boolean> {
    const instance = await this.pickApp(arg, 'Show the threads of which app?', true);
    if (instance === undefined) return false;
    instance.requestThreads();
    this.previews.showThreads(instance, this.previewColumn(instance));
    return true;
  }

  showLogs(): void {
    this.ctx.log.show();
  }

  /** Every app with its runtime pid and what its preview's frame last reported (tests, diagnostics). */
  describe(): AppDescription[] {
    return this.manager.all().map((instance) => ({
      ...instance.snapshot(),
      pid: instance.pid,
      preview: this.previewDescription(instance.app),
    }));
  }

  private previewDescription(app: string): AppDescription['preview'] {
    const panel = this.previews.get(app);
    return panel === undefined ? undefined : { frameStatus: panel.lastFrameStatus, frameUrl: panel.currentFrameUrl, transport: panel.currentTransport };
  }

  // ---- helpers ---------------------------------------------------------------------------

  private async launchFor(uri: vscode.Uri): Promise<AppLaunch> {
    const settings = this.settingsFor(uri);
    const interpreter = await resolveInterpreterFor(uri, settings.pythonPath);
    this.ctx.log.info(`[${basename(uri.fsPath)}] Python: ${interpreter.path} (from ${interpreter.source})`);
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
    return {
      app: uri.fsPath,
      python: interpreter.path,
      cwd: appCwd(settings.cwd, folder, dirname(uri.fsPath)),
      fastReruns: settings.fastReruns,
      // An open panel that fell back shows the iframe whatever the setting says.
      streamlitArgs: previewStreamlitArgs(settings.streamlitArgs, this.previews.get(uri.fsPath)?.currentTransport ?? settings.previewTransport),
    };
  }

  /**
   * A tunnel preview fell back to the iframe, which needs Streamlit's XSRF cookie relaxed for
   * uploads (previewArgs.ts); the app was started without that for the tunnel, so start it again
   * with it. A fallback comes within seconds of a start, before the app holds much state.
   */
  private async restartForIframe(instance: AppInstance): Promise<void> {
    if (!vscode.workspace.isTrusted || this.manager.get(instance.app) !== instance) return;
    const name = basename(instance.app);
    try {
      // The panel fell back, so this launch has the iframe's flags.
      const launch = await this.launchFor(vscode.Uri.file(instance.app));
      const added = (launch.streamlitArgs ?? []).filter((arg) => !instance.streamlitArgs.includes(arg));
      if (added.length === 0) return;
      this.ctx.log.info(`[${name}] restarting the app with ${added.join(' ')} for the iframe preview (uploads need it there)`);
      await instance.restart(launch);
    } catch (err) {
      this.ctx.log.error(`[${name}] restarting the app for the iframe preview failed`, err);
    }
  }

  private settingsFor(uri: vscode.Uri): RunAppSettings {
    const config = vscode.workspace.getConfiguration('threadlit', uri);
    return readRunAppSettings((key) => config.get(key));
  }

  private interpreterProblem(err: unknown): RunAppResult {
    const message = `Threadlit: ${errorMessage(err)}`;
    this.ctx.log.error(message);
    const actions = err instanceof PythonPathSettingError ? ['Open Settings', SELECT_INTERPRETER] : [SELECT_INTERPRETER];
    void vscode.window.showErrorMessage(message, ...actions).then((choice) => {
      if (choice === SELECT_INTERPRETER) void selectInterpreter();
      else if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'threadlit.pythonPath');
    });
    return { outcome: 'refused', reason: 'interpreter', message };
  }

  /** Waits for `ready` (or a failure) under a cancellable progress notification. */
  private async untilSettled(instance: AppInstance, title: string): Promise<RunAppResult> {
    const state = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Threadlit: ${title}`, cancellable: true },
      (_progress, token) =>
        new Promise<AppState | 'cancelled'>((resolve) => {
          const cancel = token.onCancellationRequested(() => resolve('cancelled'));
          void instance.whenSettled().then((s) => {
            cancel.dispose();
            resolve(s);
          });
        }),
    );
    if (state === 'cancelled') {
      await instance.stop();
      return { outcome: 'cancelled', app: instance.app };
    }
    if (state === 'error') return this.result('failed', instance);
    return this.result(state === 'stopped' ? 'stopped' : 'ready', instance);
  }

  private result(outcome: 'revealed' | 'ready' | 'failed' | 'stopped', instance: AppInstance): RunAppResult {
    const snapshot = instance.snapshot();
    const actions = errorNotice(snapshot)?.actions;
    return { outcome, app: instance.app, snapshot, pid: instance.pid, ...(actions !== undefined ? { actions } : {}) };
  }

  private showPreview(instance: AppInstance, preserveFocus: boolean) {
    return this.previews.show(instance, this.previewColumn(instance), preserveFocus);
  }

  private previewColumn(instance: AppInstance): vscode.ViewColumn {
    return this.settingsFor(vscode.Uri.file(instance.app)).previewColumn === 'active' ? vscode.ViewColumn.Active : vscode.ViewColumn.Beside;
  }

  /** The app a command is about: its argument, the focused preview, the active editor, the only one running, or a pick. */
  private async pickApp(arg: unknown, placeHolder: string, includeStopped = false): Promise<AppInstance | undefined> {
    const explicit = arg instanceof vscode.Uri ? arg.fsPath : typeof arg === 'string' ? arg : undefined;
    // A named app is the only candidate: never act on another app in its place.
    if (explicit !== undefined) return this.manager.get(explicit);
    const candidates = [this.previews.activeApp(), vscode.window.activeTextEditor?.document.uri.fsPath];
    for (const app of candidates) {
      const instance = app === undefined ? undefined : this.manager.get(app);
      if (instance !== undefined && (includeStopped || LIVE.includes(instance.state))) return instance;
    }
    const pool = includeStopped ? this.manager.all() : this.manager.running();
    if (pool.length <= 1) return pool[0];
    const picked = await vscode.window.showQuickPick(
      pool.map((i) => ({ label: basename(i.app), description: i.state, detail: i.app, instance: i })),
      { placeHolder },
    );
    return picked?.instance;
  }

  private targetUri(arg: unknown): vscode.Uri | undefined {
    if (arg instanceof vscode.Uri) return arg;
    const editor = vscode.window.activeTextEditor;
    if (editor !== undefined) return editor.document.uri;
    const app = this.previews.activeApp();
    return app === undefined ? undefined : vscode.Uri.file(app);
  }

  private async restore(app: vscode.Uri): Promise<AppInstance | undefined> {
    if (!vscode.workspace.isTrusted) return undefined;
    try {
      await vscode.workspace.fs.stat(app);
      const { instance } = this.manager.run(await this.launchFor(app));
      return instance;
    } catch (err) {
      this.ctx.log.warn(`not restoring the preview of ${app.fsPath}: ${String(err)}`);
      return undefined;
    }
  }

  private async onToolbar(command: ToolbarCommand, instance: AppInstance): Promise<void> {
    const uri = vscode.Uri.file(instance.app);
    switch (command) {
      case 'rerun':
        instance.rerun();
        break;
      case 'stop':
        await instance.stop();
        break;
      case 'restart':
      case 'start':
        await this.restartApp(uri);
        break;
      case 'openInBrowser':
        await this.openInBrowser(uri);
        break;
    }
  }

  /** Forwards an app's stderr and runtime log to the log channel. */
  private watch(instance: AppInstance): void {
    const name = basename(instance.app);
    this._register(instance.onStderr((line) => this.ctx.log.info(`[${name}] ${line}`)));
    this._register(
      instance.onRuntimeEvent((event) => {
        if (event.type === 'log') this.ctx.log[event.level === 'warning' ? 'warn' : event.level](`[${name}] ${event.message}`);
        else if (event.type === 'error') this.ctx.log.error(`[${name}] ${event.code}: ${event.message}`);
        else if (event.type === 'ready') this.ctx.log.info(`[${name}] serving at ${event.url} (Streamlit ${event.streamlitVersion}, Python ${event.pythonVersion})`);
        else if (event.type === 'monitor') this.ctx.log.warn(`[${name}] ${event.site ? `${basename(event.site.file)}:${event.site.line} ` : ''}${event.thread.name}: ${event.message}`);
      }),
    );
  }

  private onAppChange(instance: AppInstance, snapshot: AppSnapshot): void {
    const before = this.lastStates.get(instance);
    this.lastStates.set(instance, snapshot.state);
    if (snapshot.state === 'error' && before !== 'error') this.notifyError(instance, snapshot);
    this.updateContext();
  }

  private notifyError(instance: AppInstance, snapshot: AppSnapshot): void {
    const notice = errorNotice(snapshot);
    if (notice === undefined) return;
    this.ctx.log.error(`[${basename(snapshot.app)}] ${snapshot.error?.message ?? ''}`);
    void vscode.window.showErrorMessage(notice.text, ...notice.actions).then(async (choice) => {
      if (choice === INSTALL_STREAMLIT) {
        const command = await installStreamlit(snapshot.python, vscode.workspace.getWorkspaceFolder(vscode.Uri.file(snapshot.app))?.uri.fsPath);
        this.ctx.log.info(`installing Streamlit: ${command}`);
      } else if (choice === SELECT_INTERPRETER) await selectInterpreter();
      else if (choice === SHOW_LOGS) this.ctx.log.show();
      else if (choice === RESTART) await this.restartApp(vscode.Uri.file(instance.app));
    });
  }

  /** Context keys for the editor-title buttons, and the status bar's app. */
  private updateContext(): void {
    const document = vscode.window.activeTextEditor?.document;
    const isStreamlit = document !== undefined && document.languageId === 'python' && mentionsStreamlit(document.getText());
    const active = document !== undefined ? this.manager.get(document.uri.fsPath) : undefined;
    void vscode.commands.executeCommand('setContext', IS_STREAMLIT_FILE, isStreamlit);
    void vscode.commands.executeCommand('setContext', ACTIVE_APP_RUNNING, active !== undefined && LIVE.includes(active.state));
    const shown = active ?? this.manager.get(this.previews.activeApp() ?? '') ?? this.manager.running()[0];
    this.statusBar.show(shown?.snapshot());
  }
}

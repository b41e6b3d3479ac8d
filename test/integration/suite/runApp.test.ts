// Run App in a real VS Code with the real runtime: commands, readiness, two apps, reveal,
// save-first, refusals, missing Streamlit, and Stop leaving no process behind.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { AppDescription, RunAppResult } from '../../../src/app/runApp';
import { openSession, type StreamlitSession } from '../../../src/core/session';
import { EXTENSION_ID, setSetting, waitFor, workspacePath } from './helpers';

// The bundle sits in out/integration/suite; the repository is three levels up.
const REPO = resolve(__dirname, '..', '..', '..');
const VENV_PYTHON = join(REPO, '.venv', 'bin', 'python');
const COMMANDS = ['threadlit.runApp', 'threadlit.stopApp', 'threadlit.restartApp', 'threadlit.openAppInBrowser', 'threadlit.showThreads', 'threadlit.showLogs'];

/** Copies a Run App fixture (or an example) into the opened workspace, under run-app/. */
function fixture(source: string, name = source.split('/').pop() ?? source): vscode.Uri {
  const dir = workspacePath('run-app');
  mkdirSync(dir, { recursive: true });
  const target = join(dir, name);
  copyFileSync(join(REPO, source), target);
  return vscode.Uri.file(target);
}

function run(uri?: vscode.Uri): Thenable<RunAppResult> {
  return vscode.commands.executeCommand<RunAppResult>('threadlit.runApp', uri);
}

function apps(): Thenable<AppDescription[]> {
  return vscode.commands.executeCommand<AppDescription[]>('threadlit.internal.apps');
}

async function describeApp(uri: vscode.Uri): Promise<AppDescription | undefined> {
  return (await apps()).find((a) => a.app === uri.fsPath);
}

function ready(result: RunAppResult): Extract<RunAppResult, { snapshot: unknown }> {
  assert.ok('snapshot' in result, `expected a started app, got ${JSON.stringify(result)}`);
  return result;
}

/** Live (non-zombie) processes in a process group, from /proc. */
function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] !== 'Z' && Number(fields[2]) === pgid) members.push(Number(entry));
  }
  return members;
}

describe('Run App', function () {
  this.timeout(90_000);
  const started: vscode.Uri[] = [];

  before(async () => {
    assert.ok(existsSync(VENV_PYTHON), `the project venv exists (${VENV_PYTHON})`);
    // Run alone (--grep), nothing else has activated the extension yet.
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await setSetting('threadlit', 'pythonPath', VENV_PYTHON);
  });

  afterEach(async () => {
    for (const uri of started.splice(0)) await vscode.commands.executeCommand('threadlit.stopApp', uri);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await setSetting('threadlit', 'pythonPath', undefined);
  });

  it('registers its commands', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of COMMANDS) assert.ok(all.includes(id), `${id} registered`);
  });

  it('runs the Option 2 example until the runtime is ready, serving on 127.0.0.1', async () => {
    const uri = fixture('examples/option2_script_run_ctx.py');
    started.push(uri);
    const t0 = Date.now();
    const result = ready(await run(uri));
    console.log(`[threadlit] Run App → ready: ${Date.now() - t0} ms`);
    assert.equal(result.outcome, 'ready');
    assert.equal(result.snapshot.state, 'running');
    assert.match(result.snapshot.url ?? '', /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(result.snapshot.python, VENV_PYTHON);
    const health = await fetch(new URL('_stcore/health', result.snapshot.url));
    assert.equal(health.status, 200);
    // The preview's iframe loads the app: Streamlit's frontend reports to the panel.
    const status = await waitFor(
      'the preview frame to report',
      async () => {
        const frameStatus = (await describeApp(uri))?.preview?.frameStatus;
        return frameStatus === 'idle' || frameStatus === 'running' ? frameStatus : undefined;
      },
      60_000,
    );
    console.log(`[threadlit] Run App → the preview frame reported "${status}": ${Date.now() - t0} ms`);
  });

  it('publishes the monitor’s events as problems in the threadlit runtime collection, cleared on stop', async () => {
    const uri = fixture('examples/option2_no_ctx_broken.py');
    const result = ready(await run(uri));
    // The preview's session runs the script; a session of our own makes sure one does.
    await openSession({ port: Number(new URL(result.snapshot.url ?? '').port) }).then((s) => s.close(), () => undefined);
    const runtime = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'threadlit runtime');
    const found = await waitFor('a runtime problem at the worker’s write', () => {
      const list = runtime();
      return list.length > 0 ? list : undefined;
    }, 30_000);
    const first = found[0];
    assert.ok(first);
    assert.equal(first.range.start.line + 1, 23, 'the line of self.target.write in the example');
    assert.equal(first.code, 'missing-context');
    assert.match(first.message, /Thread-\d+/);
    await vscode.commands.executeCommand('threadlit.stopApp', uri);
    await waitFor('the runtime problems to clear', () => (runtime().length === 0 ? true : undefined), 10_000);
  });

  it('opens the app at the URI VS Code forwards, and follows the color theme in the frame (iframe transport)', async () => {
    const uri = fixture('test/fixtures/run-app/hello.py', 'themed.py');
    started.push(uri);
    // The tunnel's document takes no URL; its theme is covered end to end (runAppTunnelFeatures).
    await setSetting('threadlit', 'preview.transport', 'iframe');
    const result = ready(await run(uri));
    const port = new URL(result.snapshot.url ?? '').port;
    const external = await vscode.commands.executeCommand<string>('threadlit.openAppInBrowser', uri);
    // code-server forwards ports under its own origin, which is why the CSP's frame-src uses this origin.
    assert.match(external, new RegExp(`/proxy/${port}/$`));
    const frameUrl = async (): Promise<string | undefined> => (await describeApp(uri))?.preview?.frameUrl ?? undefined;
    const first = await waitFor('the frame URL', frameUrl, 30_000);
    assert.ok(first.startsWith(external), `${first} is under ${external}`);
    const dark = first.includes('embed_options=dark_theme');
    assert.ok(dark || first.includes('embed_options=light_theme'), first);
    const config = vscode.workspace.getConfiguration('workbench');
    try {
      await config.update('colorTheme', dark ? 'Default Light Modern' : 'Default Dark Modern', vscode.ConfigurationTarget.Global);
      const want = dark ? 'embed_options=light_theme' : 'embed_options=dark_theme';
      await waitFor(`the frame URL to switch to ${want}`, async () => ((await frameUrl())?.includes(want) ? true : undefined), 15_000);
    } finally {
      await config.update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
      await setSetting('threadlit', 'preview.transport', undefined);
    }
  });

  it('stops the app when its preview is closed (threadlit.stopWhenPreviewCloses)', async () => {
    const uri = fixture('test/fixtures/run-app/hello.py', 'closing.py');
    const result = ready(await run(uri));
    const pid = result.pid;
    assert.ok(pid !== undefined);
    assert.ok((await describeApp(uri))?.preview, 'the app has a preview');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the app to stop', async () => ((await describeApp(uri))?.state === 'stopped' ? true : undefined), 15_000);
    await waitFor('the process group to be empty', () => (groupMembers(pid).length === 0 ? true : undefined), 10_000);
  });

  it('turns an unexpected runtime exit into an error with Show Logs and Restart', async () => {
    const uri = fixture('test/fixtures/run-app/crash.py');
    started.push(uri);
    const result = ready(await run(uri));
    assert.equal(result.outcome, 'ready');
    // The first session runs the script, which kills the runtime (the preview may be first).
    await openSession({ port: Number(new URL(result.snapshot.url ?? '').port) }).then((s) => s.close(), () => undefined);
    const failed = await waitFor('the error state', async () => {
      const app = await describeApp(uri);
      return app?.state === 'error' ? app : undefined;
    }, 30_000);
    assert.match(failed.error?.message ?? '', /exited with code 3/);
    assert.ok(failed.error?.stderrTail.some((line) => line.includes('crash fixture: going down')), JSON.stringify(failed.error?.stderrTail));
    // Run App on a failed app starts it again.
    const again = ready(await run(uri));
    assert.equal(again.outcome, 'ready');
    assert.notEqual(again.pid, result.pid);
  });

  it('reveals the running app on a second Run App instead of starting another runtime', async () => {
    const uri = fixture('test/fixtures/run-app/hello.py');
    started.push(uri);
    const first = ready(await run(uri));
    const second = ready(await run(uri));
    assert.equal(second.outcome, 'revealed');
    assert.equal(second.pid, first.pid);
  });

  it('runs two apps at once on different ports', async () => {
    const a = fixture('test/fixtures/run-app/hello.py', 'a.py');
    const b = fixture('test/fixtures/run-app/hello.py', 'b.py');
    started.push(a, b);
    const [ra, rb] = await Promise.all([run(a), run(b)]).then((rs) => rs.map(ready));
    assert.ok(ra && rb);
    assert.equal(ra.outcome, 'ready');
    assert.equal(rb.outcome, 'ready');
    assert.notEqual(ra.snapshot.url, rb.snapshot.url);
    assert.notEqual(ra.pid, rb.pid);
    for (const r of [ra, rb]) assert.equal((await fetch(new URL('_stcore/health', r.snapshot.url))).status, 200);
  });

  it('saves an unsaved file before running it', async () => {
    const uri = fixture('test/fixtures/run-app/hello.py', 'dirty.py');
    started.push(uri);
    const editor = await vscode.window.showTextDocument(uri);
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '# edited before running\n'));
    assert.ok(editor.document.isDirty);
    ready(await run());
    assert.equal(editor.document.isDirty, false);
    assert.match(readFileSync(uri.fsPath, 'utf8'), /^# edited before running\n/);
  });

  it('refuses an untitled file with a message', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'python', content: 'import streamlit as st\nst.write(1)\n' });
    await vscode.window.showTextDocument(document);
    const result = await run();
    assert.equal(result.outcome, 'refused');
    assert.ok(result.outcome === 'refused' && result.reason === 'untitled');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('reports missing Streamlit with Install Streamlit and Select Interpreter', async () => {
    const venv = mkdtempSync(join(tmpdir(), 'threadlit-nopip-'));
    try {
      const made = spawnSync('python3', ['-m', 'venv', '--without-pip', venv], { encoding: 'utf8' });
      assert.equal(made.status, 0, made.stderr);
      await setSetting('threadlit', 'pythonPath', join(venv, 'bin', 'python'));
      const uri = fixture('test/fixtures/run-app/hello.py', 'no_streamlit.py');
      const result = ready(await run(uri));
      assert.equal(result.outcome, 'failed');
      assert.equal(result.snapshot.state, 'error');
      assert.equal(result.snapshot.error?.code, 'streamlit-missing');
      assert.deepEqual(result.actions, ['Install Streamlit', 'Select Interpreter']);
    } finally {
      await setSetting('threadlit', 'pythonPath', VENV_PYTHON);
      rmSync(venv, { recursive: true, force: true });
    }
  });

  it('stops the whole process tree: a child process and a never-ending thread leave nothing behind', async () => {
    const uri = fixture('test/fixtures/run-app/lingering.py');
    const result = ready(await run(uri));
    const pid = result.pid;
    assert.ok(pid !== undefined);
    // One headless session runs the script, which starts `sleep` and the endless thread.
    let session: StreamlitSession | undefined;
    try {
      session = await openSession({ port: Number(new URL(result.snapshot.url ?? '').port) });
      await waitFor('the app to start its child process', () => (groupMembers(pid).length >= 2 ? true : undefined), 30_000);
    } finally {
      await session?.close();
    }
    const stopped = await vscode.commands.executeCommand<RunAppResult>('threadlit.stopApp', uri);
    assert.equal(stopped.outcome, 'stopped');
    await waitFor('the process group to be empty', () => (groupMembers(pid).length === 0 ? true : undefined), 10_000);
  });
});

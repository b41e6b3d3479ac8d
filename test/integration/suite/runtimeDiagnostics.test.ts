// Runtime problems in a real VS Code with the real runtime: the broken Option 2 app's
// missing-context events land at the worker's write, are replaced on a rerun, move and go with
// edits, and after the static quick fix the app runs without any missing-context event.
import * as assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { AppDescription, RunAppResult } from '../../../src/app/runApp';
import { openSession, type StreamlitSession } from '../../../src/core/session';
import { codeOf, EXTENSION_ID, setSetting, threadlitDiagnostics, waitFor, workspacePath } from './helpers';

// The bundle sits in out/integration/suite; the repository is three levels up.
const REPO = resolve(__dirname, '..', '..', '..');
const VENV_PYTHON = join(REPO, '.venv', 'bin', 'python');
/** 1-based line of `self.target.write(...)` in examples/option2_no_ctx_broken.py. */
const WRITE_LINE = 23;

function runtimeProblems(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'threadlit runtime');
}

/** `code@line` (1-based) of the runtime problems. */
function lines(uri: vscode.Uri): string[] {
  return runtimeProblems(uri).map((d) => `${codeOf(d)}@${d.range.start.line + 1}`);
}

/**
 * The worker threads named by the problems. Thread names are unique within the runtime process,
 * so they tell one run's problems from another's even across browser sessions (each session
 * counts its runs from 1, and the preview's session may connect later than ours).
 */
function threadsIn(diagnostics: readonly vscode.Diagnostic[]): Set<string> {
  return new Set(diagnostics.map((d) => /\[thread ([^,]+),/.exec(d.message)?.[1] ?? '?'));
}

async function describeApp(uri: vscode.Uri): Promise<AppDescription> {
  const apps = await vscode.commands.executeCommand<AppDescription[]>('threadlit.internal.apps');
  const app = apps.find((a) => a.app === uri.fsPath);
  assert.ok(app, `${uri.fsPath} has an app`);
  return app;
}

/** Waits until the app is seen in a script run and then with no run in progress (a `runFinished`). */
async function untilRunFinished(uri: vscode.Uri, what: string): Promise<void> {
  await waitFor(`${what}: a script run to start`, async () => ((await describeApp(uri)).state === 'rerunning' ? true : undefined), 30_000);
  await waitFor(`${what}: the script run to finish`, async () => ((await describeApp(uri)).state === 'running' ? true : undefined), 30_000);
}

describe('Runtime diagnostics', function () {
  this.timeout(180_000);
  let uri: vscode.Uri;
  const sessions: StreamlitSession[] = [];

  before(async () => {
    assert.ok(existsSync(VENV_PYTHON), `the project venv exists (${VENV_PYTHON})`);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await setSetting('threadlit', 'pythonPath', VENV_PYTHON);
    const dir = workspacePath('runtime-diagnostics');
    mkdirSync(dir, { recursive: true });
    const target = join(dir, 'option2_broken.py');
    copyFileSync(join(REPO, 'examples', 'option2_no_ctx_broken.py'), target);
    uri = vscode.Uri.file(target);
  });

  after(async () => {
    for (const session of sessions.splice(0)) await session.close();
    if (uri !== undefined) await vscode.commands.executeCommand('threadlit.stopApp', uri);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('threadlit', 'pythonPath', undefined);
  });

  it('follows the broken app’s runs and edits, and the quick-fixed app runs with no missing-context event', async () => {
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    const result = await vscode.commands.executeCommand<RunAppResult>('threadlit.runApp', uri);
    assert.ok('snapshot' in result && result.outcome === 'ready', JSON.stringify(result));
    const port = Number(new URL(result.snapshot.url ?? '').port);
    // A session of our own makes sure a run happens, and keeps one for the rerun on save.
    sessions.push(await openSession({ port }));

    // 1. The workers' writes are reported at their line, with thread, run, outcome and count.
    const first = await waitFor('missing-context problems at the worker’s write', () => {
      const found = runtimeProblems(uri);
      return found.length > 0 && lines(uri).every((l) => l === `missing-context@${WRITE_LINE}`) ? found : undefined;
    }, 60_000);
    for (const d of first) {
      assert.match(d.message, /\[thread Thread-\d+, run \d+, raised\]$/, d.message);
      assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    }

    // 2. A rerun (Streamlit's run on save, after an edit far below) replaces them with the new run's.
    const end = document.lineAt(document.lineCount - 1).range.end;
    assert.ok(await editor.edit((b) => b.insert(end, '\n# saved to rerun\n')));
    const before = threadsIn(runtimeProblems(uri));
    assert.ok(await document.save());
    const rerun = await waitFor('the rerun’s problems, and none of the earlier runs', () => {
      const found = runtimeProblems(uri);
      return found.length > 0 && [...threadsIn(found)].every((t) => !before.has(t)) ? found : undefined;
    }, 60_000).catch((err: Error) => {
      throw new Error(`${err.message}; before the save ${JSON.stringify([...before])}, now ${JSON.stringify(runtimeProblems(uri).map((d) => d.message))}`);
    });
    assert.deepEqual(lines(uri).filter((l) => l !== `missing-context@${WRITE_LINE}`), [], 'the new problems are at the write too');
    assert.ok(rerun.length > 0);

    // 3. Two lines inserted above the write: the problems move down with it.
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# one\n# two\n')));
    await waitFor('the problems to move two lines down', () => {
      const now = lines(uri);
      return now.length > 0 && now.every((l) => l === `missing-context@${WRITE_LINE + 2}`) ? true : undefined;
    });
    assert.equal(document.lineAt(WRITE_LINE + 1).text.trim().startsWith('self.target.write('), true);

    // 4. The write's own line edited: its problems go.
    const writeLine = document.lineAt(WRITE_LINE + 1);
    assert.ok(await editor.edit((b) => b.insert(writeLine.range.end, '  # edited')));
    await waitFor('the problems on the edited line to go', () => (runtimeProblems(uri).length === 0 ? true : undefined)).catch((err: Error) => {
      throw new Error(`${err.message}; still ${JSON.stringify(runtimeProblems(uri).map((d) => `${d.range.start.line + 1}: ${d.message}`))}`);
    });

    // 5. The static TL001 quick fix; saved, the finding is gone.
    // At the write's new line: an older analysis (before the edits) would offer no fix there.
    const tl001 = await waitFor('the static TL001 finding at the write’s new line', () =>
      threadlitDiagnostics(uri).find((d) => codeOf(d) === 'TL001' && d.range.start.line === WRITE_LINE + 1),
    );
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, tl001.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix?.edit, `a preferred quick fix with an edit among ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.ok(document.getText().includes('add_script_run_ctx(worker, get_script_run_ctx())'), document.getText());
    assert.ok(await document.save());
    await waitFor('the static TL001 finding to go', () => (threadlitDiagnostics(uri).some((d) => codeOf(d) === 'TL001') ? undefined : true));

    // 6. Restarted, the fixed app runs clean. A fresh runtime counts monitor events from zero; the
    // first session's run finishes with its workers joined, and a second session's run (≥ 0.5 s,
    // longer than the monitor's 0.25 s flush tick) finishing after it means the first run's events,
    // had there been any, have reached the extension.
    for (const session of sessions.splice(0)) await session.close();
    const restarted = await vscode.commands.executeCommand<RunAppResult>('threadlit.restartApp', uri);
    assert.ok(restarted !== undefined && 'snapshot' in restarted && restarted.outcome === 'ready', JSON.stringify(restarted));
    const newPort = Number(new URL(restarted.snapshot.url ?? '').port);
    sessions.push(await openSession({ port: newPort }));
    await untilRunFinished(uri, 'first session');
    sessions.push(await openSession({ port: newPort }));
    await untilRunFinished(uri, 'second session');
    const app = await describeApp(uri);
    assert.equal(app.monitorEventCount, 0, 'no monitor event from the fixed app');
    assert.deepEqual(lines(uri), []);
  });
});

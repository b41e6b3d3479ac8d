// Code actions in a real VS Code: each rule's quick fix, noqa suppression, documentation, fix-all.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { codeOf, expectations, openFixture, threadlitDiagnostics, waitForDiagnostics } from './helpers';

async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind)) ?? [];
}

/** Opens a fixture, waits for its findings and returns the one with `code`. */
async function findingIn(name: string, code: string): Promise<{ document: vscode.TextDocument; diagnostic: vscode.Diagnostic }> {
  const { document } = await openFixture(name);
  const diagnostics = await waitForDiagnostics(document.uri, expectations(document.getText()));
  const diagnostic = diagnostics.find((d) => codeOf(d) === code);
  assert.ok(diagnostic, `${code} in ${name}`);
  return { document, diagnostic };
}

async function apply(action: vscode.CodeAction | undefined): Promise<void> {
  assert.ok(action, 'action offered');
  assert.ok(action.edit, `${action.title} has an edit`);
  assert.ok(await vscode.workspace.applyEdit(action.edit), `${action.title} applied`);
}

describe('code actions', () => {
  afterEach(async () => {
    // The fixes edit documents in memory only; revert them so each test starts from the fixture.
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  const attachCases = [
    { file: 'tl001_unbound_call.py', code: 'TL001', thread: 'thread' },
    { file: 'tl002_session_state.py', code: 'TL002', thread: 'worker' },
  ];
  for (const { file, code, thread } of attachCases) {
    it(`${code}: the quick fix attaches the context before start() and the finding goes away`, async () => {
      const { document, diagnostic } = await findingIn(file, code);
      const actions = await codeActions(document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.isPreferred);
      assert.equal(fix?.title, "Attach the script thread's context before start()");
      assert.equal(actions.filter((a) => a.title === fix?.title).length, 1, 'findings that share a fix get it once');
      await apply(fix);
      const text = document.getText();
      assert.match(text, /^from streamlit\.runtime\.scriptrunner import add_script_run_ctx, get_script_run_ctx$/m);
      assert.ok(text.includes(`add_script_run_ctx(${thread}, get_script_run_ctx())\n${thread}.start()`), text);
      await waitForDiagnostics(document.uri, []);
    });
  }

  it('TL004: the quick fix joins the thread and the finding goes away', async () => {
    const { document, diagnostic } = await findingIn('tl004_outlives_run.py', 'TL004');
    const actions = await codeActions(document.uri, diagnostic.range);
    const fix = actions.find((a) => a.isPreferred);
    assert.equal(fix?.title, 'Join the thread before the script run ends');
    await apply(fix);
    assert.match(document.getText(), /^worker\.start\(\)\s*\nworker\.join\(\)/m);
    await waitForDiagnostics(document.uri, []);
  });

  it('suppresses a rule on its line, merging into an existing noqa list', async () => {
    const { document, diagnostic } = await findingIn('noqa_existing.py', 'TL001');
    const actions = await codeActions(document.uri, diagnostic.range);
    await apply(actions.find((a) => a.title === 'Suppress TL001 on this line'));
    assert.equal(document.lineAt(diagnostic.range.start.line).text, '    st.write("x" * 200)  # noqa: E501, TL001  # expect: TL001');
    await waitForDiagnostics(document.uri, []);
  });

  it('offers the rule documentation, which opens the page shipped in the extension', async () => {
    const { document, diagnostic } = await findingIn('tl003_late_context.py', 'TL003');
    const actions = await codeActions(document.uri, diagnostic.range);
    const docs = actions.find((a) => a.title === 'Show documentation for TL003');
    assert.ok(docs?.command, 'documentation action');
    assert.equal(actions.some((a) => a.isPreferred), false, 'TL003 has no automatic fix');
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>(docs.command.command, ...(docs.command.arguments ?? []));
    assert.ok(uri, 'the command returns the page it opened');
    assert.match(uri.path, /\/dist\/rules\/TL003\.md$/);
    assert.ok(existsSync(uri.fsPath), `${uri.fsPath} exists`);
  });

  it('source.fixAll.threadlit fixes every fixable finding at once', async () => {
    const { document } = await openFixture('fixall_two_threads.py');
    await waitForDiagnostics(document.uri, expectations(document.getText()));
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    const actions = await codeActions(document.uri, whole, 'source.fixAll.threadlit');
    assert.equal(actions.length, 1, actions.map((a) => a.title).join(', '));
    await apply(actions[0]);
    await waitForDiagnostics(document.uri, []);
    assert.equal(threadlitDiagnostics(document.uri).length, 0);
  });
});

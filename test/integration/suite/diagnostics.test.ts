// Static diagnostics in a real VS Code: each rule's fixture, related info, links, live edits,
// severity and lint settings, size limit, and clearing on close.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  expectations,
  openFixture,
  setSetting,
  summarize,
  threadlitDiagnostics,
  waitFor,
  waitForDiagnostics,
  workspaceUri,
} from './helpers';

const RULE_FIXTURES = ['tl001_unbound_call.py', 'tl002_session_state.py', 'tl003_late_context.py', 'tl004_outlives_run.py', 'noqa_existing.py'];

describe('static diagnostics', () => {
  afterEach(async () => {
    await setSetting('threadlit', 'rules.severity', undefined);
    await setSetting('threadlit', 'lint.run', undefined);
    await setSetting('threadlit', 'lint.maxFileSizeKb', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  for (const name of RULE_FIXTURES) {
    it(`reports exactly the expected findings in ${name}`, async () => {
      const { document } = await openFixture(name);
      const expected = expectations(document.getText());
      assert.ok(expected.length > 0, 'the fixture declares its findings');
      await waitForDiagnostics(document.uri, expected);
    });
  }

  it('sets severity, source, the rule link and related information', async () => {
    const { document } = await openFixture('tl003_late_context.py');
    const diagnostics = await waitForDiagnostics(document.uri, expectations(document.getText()));
    const byCode = new Map(diagnostics.map((d) => [typeof d.code === 'object' ? String(d.code.value) : '', d]));
    const tl001 = byCode.get('TL001');
    const tl003 = byCode.get('TL003');
    assert.ok(tl001 && tl003);
    assert.equal(tl003.severity, vscode.DiagnosticSeverity.Error, 'TL003 defaults to error');
    assert.equal(tl001.severity, vscode.DiagnosticSeverity.Warning, 'TL001 defaults to warning');
    for (const d of diagnostics) {
      assert.equal(d.source, 'threadlit');
      assert.ok(typeof d.code === 'object');
      assert.equal(d.code.target.scheme, 'command');
      assert.equal(d.code.target.path, 'threadlit.showRuleDocumentation');
      assert.deepEqual(JSON.parse(d.code.target.query), [String(d.code.value)]);
    }
    // The worker's call points at where its thread is created and started.
    const related = (tl001.relatedInformation ?? []).map((r) => [r.location.uri.toString(), r.location.range.start.line + 1, r.message]);
    assert.deepEqual(related, [
      [document.uri.toString(), 13, 'thread created here'],
      [document.uri.toString(), 14, 'thread started here'],
    ]);
    assert.equal(document.getText(tl001.range), 'st.write');
  });

  it('updates as you type: a new finding appears and goes away with the edit', async () => {
    const { document, editor } = await openFixture('tl001_unbound_call.py');
    await waitForDiagnostics(document.uri, ['TL001@9']);
    // A second unbound call in the worker gets its own finding; removing it clears it.
    await editor.edit((b) => b.insert(new vscode.Position(9, 0), '    slot.write("again")\n'));
    await waitForDiagnostics(document.uri, ['TL001@9', 'TL001@10']);
    await editor.edit((b) => b.delete(new vscode.Range(9, 0, 10, 0)));
    await waitForDiagnostics(document.uri, ['TL001@9']);
    // A burst of single-character edits (typing) ends in one consistent result.
    await editor.edit((b) => b.insert(new vscode.Position(9, 0), '\n'));
    for (const ch of '    st.toast("hi")') {
      await editor.edit((b) => b.insert(new vscode.Position(9, document.lineAt(9).text.length), ch), { undoStopBefore: false, undoStopAfter: false });
    }
    await waitForDiagnostics(document.uri, ['TL001@9', 'TL001@10']);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('honours threadlit.rules.severity, including off', async () => {
    const { document } = await openFixture('tl001_unbound_call.py');
    await waitForDiagnostics(document.uri, ['TL001@9']);
    await setSetting('threadlit', 'rules.severity', { TL001: 'error' });
    await waitFor('TL001 as error', () => (threadlitDiagnostics(document.uri)[0]?.severity === vscode.DiagnosticSeverity.Error ? true : undefined));
    await setSetting('threadlit', 'rules.severity', { TL001: 'off' });
    await waitForDiagnostics(document.uri, []);
  });

  it('onSave: edits are not analyzed until the file is saved', async () => {
    const { document, editor } = await openFixture('tl004_outlives_run.py');
    await waitForDiagnostics(document.uri, ['TL004@15']);
    await setSetting('threadlit', 'lint.run', 'onSave');
    // Joining the thread fixes TL004, but only a save may show it.
    await editor.edit((b) => b.insert(new vscode.Position(document.lineCount, 0), 'worker.join()\n'));
    // A code-action request flushes any pending typing analysis; in onSave mode it must not.
    await vscode.commands.executeCommand('vscode.executeCodeActionProvider', document.uri, new vscode.Range(14, 0, 14, 1));
    assert.deepEqual(summarize(threadlitDiagnostics(document.uri)), ['TL004@15']);
    await document.save();
    await waitForDiagnostics(document.uri, []);
  });

  it('off clears the diagnostics; onType brings them back', async () => {
    const { document } = await openFixture('tl002_session_state.py');
    const expected = expectations(document.getText());
    await waitForDiagnostics(document.uri, expected);
    await setSetting('threadlit', 'lint.run', 'off');
    await waitForDiagnostics(document.uri, []);
    await setSetting('threadlit', 'lint.run', 'onType');
    await waitForDiagnostics(document.uri, expected);
  });

  it('skips files above threadlit.lint.maxFileSizeKb', async () => {
    const { document } = await openFixture('tl001_unbound_call.py');
    await waitForDiagnostics(document.uri, ['TL001@9']);
    // The fixture is about 300 bytes; a 1 KiB limit with 2 KiB of padding puts it over.
    const { editor } = { editor: vscode.window.activeTextEditor };
    assert.ok(editor);
    await editor.edit((b) => b.insert(new vscode.Position(document.lineCount, 0), `# ${'x'.repeat(2048)}\n`));
    await setSetting('threadlit', 'lint.maxFileSizeKb', 1);
    await waitForDiagnostics(document.uri, []);
    await setSetting('threadlit', 'lint.maxFileSizeKb', undefined);
    await waitForDiagnostics(document.uri, ['TL001@9']);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('clears a file\'s diagnostics when it is closed', async () => {
    // Opened through the workbench like a user would: a document opened with
    // openTextDocument stays referenced by the extension host for minutes after its tab closes.
    const uri = workspaceUri('closed_by_test.py');
    await vscode.commands.executeCommand('vscode.open', uri);
    await waitForDiagnostics(uri, ['TL001@9']);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitForDiagnostics(uri, [], 15_000);
  });
});

// Typing latency on a 2,000-line file: from the debounce firing to the diagnostics being
// published, p95 within 30 ms (the budget).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ThreadlitApi } from '../../../src/extension';
import { EXTENSION_ID, setSetting, threadlitDiagnostics, waitFor } from './helpers';
import { machineLoad } from './timing';

/** A Streamlit script of `lines` lines: plain helpers, plus one worker without a context. */
function twoThousandLines(lines: number): string {
  const head = ['import threading', '', 'import streamlit as st', '', ''];
  const tail = ['', 'def work():', '    st.write("from a thread")', '', '', 't = threading.Thread(target=work)', 't.start()', 't.join()', ''];
  const target = lines - head.length - tail.length;
  const body: string[] = [];
  for (let i = 0; body.length + 5 <= target; i++) {
    body.push(`def helper_${i}(x):`, `    # note ${i}`, `    return st.metric("m${i}", x * ${i})`, '', '');
  }
  while (body.length < target) body.push('');
  return [...head, ...body, ...tail].join('\n');
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

describe('typing latency', () => {
  after(async () => {
    await setSetting('threadlit', 'lint.debounceMs', undefined);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('publishes diagnostics for a 2,000-line file within 30 ms of the debounce firing (p95)', async () => {
    // With no debounce, the time from the edit reaching the extension host to the
    // diagnostics changing is the analysis and publishing alone.
    await setSetting('threadlit', 'lint.debounceMs', 0);
    const document = await vscode.workspace.openTextDocument({ language: 'python', content: twoThousandLines(2000) });
    const editor = await vscode.window.showTextDocument(document);
    assert.equal(document.lineCount, 2000);
    await waitFor('the first analysis', () => (threadlitDiagnostics(document.uri).length > 0 ? true : undefined));

    const api = vscode.extensions.getExtension<ThreadlitApi>(EXTENSION_ID)?.exports;
    assert.ok(api, 'the extension is active');
    const runsBefore = api.recentLintRunMs().length;
    const edits = 40;
    for (let i = 0; i < edits; i++) {
      const line = 6 + 5 * (i % 300);
      const published = new Promise<void>((resolve) => {
        const listener = vscode.languages.onDidChangeDiagnostics((e) => {
          if (e.uris.some((u) => u.toString() === document.uri.toString())) {
            listener.dispose();
            resolve();
          }
        });
      });
      // An edit inside a comment: the file re-analyzes, the findings stay the same.
      await editor.edit((b) => b.insert(new vscode.Position(line, document.lineAt(line).text.length), 'x'));
      await published;
    }
    // Measured inside the extension from the debounce firing to the collection update: the
    // outside view adds VS Code's own 50 ms debounce of onDidChangeDiagnostics.
    const runs = api.recentLintRunMs().slice(runsBefore);
    assert.ok(runs.length >= edits, `${runs.length} runs for ${edits} edits`);
    const load = machineLoad();
    const p95 = percentile(runs, 95);
    console.log(
      `[threadlit] 2,000-line file, debounce fired → diagnostics published: p50 ${percentile(runs, 50).toFixed(1)} ms, ` +
        `p95 ${p95.toFixed(1)} ms, max ${Math.max(...runs).toFixed(1)} ms over ${runs.length} edits (budget p95 30 ms); ${load.text}`,
    );
    // On an oversubscribed machine the work waits for a CPU too: twice the budget there still
    // catches a regression such as re-analysing the whole file per keystroke.
    assert.ok(p95 <= (load.quiet ? 30 : 60), `p95 ${p95.toFixed(1)} ms`);
  });
});

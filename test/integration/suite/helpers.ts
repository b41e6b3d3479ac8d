// Helpers for extension-host tests: fixture paths, polling with a deadline, diagnostics by source.
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'threadlit.threadlit';

/** The copy of test/fixtures/workspace that this run opened (the runner passes it by env). */
export function workspacePath(...parts: string[]): string {
  const root = process.env.THREADLIT_IT_WORKSPACE;
  if (!root) throw new Error('THREADLIT_IT_WORKSPACE is not set (run through test/integration/run.ts)');
  return join(root, ...parts);
}

export function workspaceUri(...parts: string[]): vscode.Uri {
  return vscode.Uri.file(workspacePath(...parts));
}

/** Polls `probe` until it returns a value other than undefined; throws with the last state on timeout. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(25);
  }
}

export function threadlitDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'threadlit');
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** `CODE@line` (1-based), sorted: compact and readable in assertion diffs. */
export function summarize(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics.map((d) => `${codeOf(d)}@${d.range.start.line + 1}`).sort();
}

/** Expected findings from `# expect: TL001 TL002` comments in a fixture, in the summarize() form. */
export function expectations(text: string): string[] {
  const expected: string[] = [];
  text.split('\n').forEach((line, index) => {
    const match = /#\s*expect:\s*((?:TL\d{3}\s*)+)/.exec(line);
    for (const code of match?.[1]?.trim().split(/\s+/) ?? []) expected.push(`${code}@${index + 1}`);
  });
  return [...new Set(expected)].sort();
}

/** Waits until the Threadlit diagnostics of `uri` summarize to `expected`. */
export async function waitForDiagnostics(uri: vscode.Uri, expected: readonly string[], timeoutMs = 10_000): Promise<vscode.Diagnostic[]> {
  let last: string[] = [];
  try {
    return await waitFor(
      `diagnostics ${JSON.stringify(expected)} on ${uri.fsPath}`,
      () => {
        const diagnostics = threadlitDiagnostics(uri);
        last = [...new Set(summarize(diagnostics))].sort();
        return JSON.stringify(last) === JSON.stringify([...expected].sort()) ? diagnostics : undefined;
      },
      timeoutMs,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; last seen ${JSON.stringify(last)}`);
  }
}

export async function openFixture(...parts: string[]): Promise<{ document: vscode.TextDocument; editor: vscode.TextEditor }> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(...parts));
  const editor = await vscode.window.showTextDocument(document);
  return { document, editor };
}

/** Updates a workspace-folder setting and waits until the extension host sees it. */
export async function setSetting(section: string, key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Workspace);
}

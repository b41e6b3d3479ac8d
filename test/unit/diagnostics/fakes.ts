// Test doubles for the diagnostics core: a manual clock (shared, ../fakeTimers) and a scripted analyzer.
import type { AnalyzedDocument, Analyzer } from '../../../src/analyzer';
import type { Diagnostic, TextEdit } from '../../../src/analyzer/types';

export { FakeClock } from '../fakeTimers';

/** Applies edits in order to `text`, offsets computed from (line, column) like VS Code. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  for (const edit of edits) {
    const start = offsetOf(text, edit.range.start.line, edit.range.start.column);
    const end = offsetOf(text, edit.range.end.line, edit.range.end.column);
    text = text.slice(0, start) + edit.newText + text.slice(end);
  }
  return text;
}

function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) offset = text.indexOf('\n', offset) + 1;
  return offset + column;
}

/**
 * An analyzer that reports one TL001 per line containing `st.` and throws on a line `boom`.
 * It counts opens and updates so tests can check that edits are batched.
 */
export class ScriptedAnalyzer implements Analyzer {
  opens = 0;
  updates: TextEdit[][] = [];
  disposed = 0;

  analyze(source: string): Diagnostic[] {
    if (source.includes('boom')) throw new Error('analyzer exploded');
    return source.split('\n').flatMap((line, index) =>
      line.includes('st.')
        ? [{ code: 'TL001' as const, severity: 'warning' as const, message: 'no ctx', range: { start: { line: index, column: 0 }, end: { line: index, column: line.length } }, related: [] }]
        : [],
    );
  }

  openDocument(source: string): AnalyzedDocument {
    this.opens++;
    let text = source;
    let last = this.analyze(text);
    const self = this;
    return {
      get text() {
        return text;
      },
      update(edits: TextEdit[]) {
        self.updates.push(edits);
        text = applyEdits(text, edits);
        last = self.analyze(text);
        return last;
      },
      diagnostics: () => last,
      dispose: () => {
        self.disposed++;
      },
    } as AnalyzedDocument;
  }
}

// An open editor document: keeps its syntax tree and re-parses incrementally after each batch of edits.
import type { Point, Tree } from 'web-tree-sitter';
import { analyzeTree } from './analyze';
import type { LoadedParser } from './parser';
import { LineIndex } from './positions';
import type { Diagnostic, Position, TextEdit } from './types';

export interface AnalyzedDocument {
  /**
   * Apply edits given in 0-based line/UTF-16 column positions of the *previous* text (applied
   * in order, each against the text after the previous one — like VS Code's contentChanges),
   * return fresh diagnostics.
   */
  update(edits: TextEdit[]): Diagnostic[];
  readonly text: string;
  diagnostics(): Diagnostic[];
  dispose(): void;
}

export function openDocument(loaded: LoadedParser, source: string, fileName: string): AnalyzedDocument {
  let text = source;
  let tree: Tree | null = loaded.parser.parse(text);
  let current: Diagnostic[] = analyze();

  function analyze(): Diagnostic[] {
    return tree ? analyzeTree(tree, text, fileName, loaded.language) : [];
  }

  return {
    get text() {
      return text;
    },
    update(edits) {
      for (const edit of edits) {
        const lines = new LineIndex(text);
        const start = lines.offsetAt(edit.range.start);
        const oldEnd = Math.max(start, lines.offsetAt(edit.range.end));
        const next = text.slice(0, start) + edit.newText + text.slice(oldEnd);
        const newEnd = start + edit.newText.length;
        // Positions from offsets (clamped), so the tree edit agrees with the text we really built.
        const after = new LineIndex(next);
        tree?.edit({
          startIndex: start,
          oldEndIndex: oldEnd,
          newEndIndex: newEnd,
          startPosition: point(lines.positionAt(start)),
          oldEndPosition: point(lines.positionAt(oldEnd)),
          newEndPosition: point(after.positionAt(newEnd)),
        });
        text = next;
      }
      const old = tree;
      tree = loaded.parser.parse(text, old);
      old?.delete();
      current = analyze();
      return current;
    },
    diagnostics: () => current,
    dispose() {
      tree?.delete();
      tree = null;
    },
  };
}

function point(position: Position): Point {
  return { row: position.line, column: position.column };
}

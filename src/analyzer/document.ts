// An open editor document: keeps its syntax tree and re-parses incrementally after each batch of edits.
import type { Point, Tree } from 'web-tree-sitter';
import { analyzeTree, strictMode } from './analyze';
import type { LoadedParser } from './parser';
import { LineIndex } from './positions';
import type { Diagnostic, Position, TextEdit } from './types';

export interface AnalyzedDocument {
  /**
   * Apply edits given in 0-based line/UTF-16 column positions of the *previous* text (applied
   * in order, each against the text after the previous one — like VS Code's contentChanges),
   * return fresh diagnostics. Diagnostic objects may be shared with earlier answers (see
   * RECENT_RESULTS): treat them as read-only.
   */
  update(edits: TextEdit[]): Diagnostic[];
  readonly text: string;
  diagnostics(): Diagnostic[];
  dispose(): void;
}

/**
 * How many recent texts keep their diagnostics. Typing a character and deleting it again, undo
 * and redo bring back a text analyzed a moment ago; the diagnostics are a pure function of the
 * text (and strict mode), so those return the earlier result without re-running the rules.
 */
const RECENT_RESULTS = 4;
/** Larger texts are not kept: four old copies of a multi-megabyte file cost more than they save. */
const RECENT_MAX_CHARS = 1_000_000;

interface Recent {
  text: string;
  strict: boolean;
  diagnostics: Diagnostic[];
}

export function openDocument(loaded: LoadedParser, source: string, fileName: string): AnalyzedDocument {
  let text = source;
  let tree: Tree | null = loaded.parser.parse(text);
  const recent: Recent[] = [];
  let current: Diagnostic[] = analyze();

  function analyze(): Diagnostic[] {
    const strict = strictMode();
    const hit = recent.findIndex((r) => r.strict === strict && r.text.length === text.length && r.text === text);
    if (hit >= 0) {
      const [found] = recent.splice(hit, 1);
      recent.unshift(found!);
      // A new array around the shared (read-only, as from `diagnostics()`) findings: cloning
      // them deeply would cost milliseconds on a file with many fixes.
      return found!.diagnostics.slice();
    }
    const diagnostics = tree ? analyzeTree(tree, text, fileName, loaded.language) : [];
    // No tree (the parser gave up) is no answer for this text, so it is not remembered.
    if (tree && text.length <= RECENT_MAX_CHARS) {
      recent.unshift({ text, strict, diagnostics: diagnostics.slice() });
      if (recent.length > RECENT_RESULTS) recent.pop();
    }
    return diagnostics;
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
      recent.length = 0;
      tree?.delete();
      tree = null;
    },
  };
}

function point(position: Position): Point {
  return { row: position.line, column: position.column };
}

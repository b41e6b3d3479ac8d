// An open editor document: keeps its syntax tree and a JavaScript mirror of it (mirror.ts),
// re-parses incrementally after each batch of edits and updates the mirror where it changed.
import type { Point, Tree } from 'web-tree-sitter';
import { analyzeTree, strictMode } from './analyze';
import { mentionsStreamlit } from './mentions';
import { MirrorTree, type EditWindow } from './mirror';
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

/**
 * Which texts are analyzed over a mirror (see Note [Mirror] in mirror.ts). Copying a tree
 * costs about as much as a few parses, repaid by the first few edits. A file that never says
 * "streamlit" is analyzed with one query over the parser's tree (no rule can fire there, see
 * mentions.ts), and a huge file would pay the copy on open and keep it in memory.
 */
const MIRROR_MAX_CHARS = 500_000;

function wantsMirror(text: string): boolean {
  return text.length <= MIRROR_MAX_CHARS && mentionsStreamlit(text);
}

interface Recent {
  text: string;
  strict: boolean;
  diagnostics: Diagnostic[];
}

export function openDocument(loaded: LoadedParser, source: string, fileName: string): AnalyzedDocument {
  let text = source;
  let tree: Tree | null = loaded.parser.parse(text);
  let mirror: MirrorTree | null = tree && wantsMirror(text) ? new MirrorTree(text, tree) : null;
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
    const analyzed = mirror ?? tree;
    const diagnostics = analyzed ? analyzeTree(analyzed, text, fileName, loaded.language) : [];
    // No tree (the parser gave up) is no answer for this text, so it is not remembered.
    if (tree && text.length <= RECENT_MAX_CHARS) {
      recent.unshift({ text, strict, diagnostics: diagnostics.slice() });
      if (recent.length > RECENT_RESULTS) recent.pop();
    }
    return diagnostics;
  }

  const doc: AnalyzedDocument = {
    get text() {
      return text;
    },
    update(edits) {
      const oldLength = text.length;
      // Where the texts before and after the batch differ: an unchanged prefix and suffix.
      let prefix = Infinity;
      let suffix = Infinity;
      for (const edit of edits) {
        const lines = new LineIndex(text);
        const start = lines.offsetAt(edit.range.start);
        const oldEnd = Math.max(start, lines.offsetAt(edit.range.end));
        const next = text.slice(0, start) + edit.newText + text.slice(oldEnd);
        const newEnd = start + edit.newText.length;
        prefix = Math.min(prefix, start);
        suffix = Math.min(suffix, text.length - oldEnd);
        // Positions from offsets (clamped), so the tree edit agrees with the text we really built.
        tree?.edit({
          startIndex: start,
          oldEndIndex: oldEnd,
          newEndIndex: newEnd,
          startPosition: point(lines.positionAt(start)),
          oldEndPosition: point(lines.positionAt(oldEnd)),
          newEndPosition: point(endAfterInsert(lines.positionAt(start), edit.newText)),
        });
        text = next;
      }
      const old = tree;
      tree = loaded.parser.parse(text, old);
      if (!tree || !wantsMirror(text)) mirror = null;
      else if (!mirror || !old) mirror = new MirrorTree(text, tree);
      else if (edits.length > 0) {
        const start = Math.min(prefix, oldLength - suffix, text.length - suffix);
        const window: EditWindow = { start, oldEnd: oldLength - suffix, newEnd: text.length - suffix };
        mirror.update(text, tree, window, old.getChangedRanges(tree));
      }
      old?.delete();
      current = analyze();
      return current;
    },
    diagnostics: () => current,
    dispose() {
      recent.length = 0;
      tree?.delete();
      tree = null;
      mirror = null;
    },
  };
  mirrors.set(doc, () => mirror);
  return doc;
}

const mirrors = new WeakMap<AnalyzedDocument, () => MirrorTree | null>();

/** The mirror a document analyzes (for tests that compare it with a fresh copy of a fresh parse). */
export function mirrorOf(doc: AnalyzedDocument): MirrorTree | null {
  return mirrors.get(doc)?.() ?? null;
}

/** Where `inserted` ends when put at `start` (no second pass over the whole text). */
function endAfterInsert(start: Position, inserted: string): Position {
  const lastBreak = inserted.lastIndexOf('\n');
  if (lastBreak < 0) return { line: start.line, column: start.column + inserted.length };
  let breaks = 0;
  for (let i = inserted.indexOf('\n'); i >= 0; i = inserted.indexOf('\n', i + 1)) breaks++;
  return { line: start.line + breaks, column: inserted.length - lastBreak - 1 };
}

function point(position: Position): Point {
  return { row: position.line, column: position.column };
}

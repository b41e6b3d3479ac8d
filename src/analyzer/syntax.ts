// Small helpers over tree-sitter Python nodes: ranges, names, statements and blocks.
//
// Note [Columns]: web-tree-sitter parses a JavaScript string as UTF-16, so `startIndex` is a
// string index and `column` counts UTF-16 code units, which is exactly what the analyzer
// reports. Nothing here converts from UTF-8 bytes; the non-ASCII tests guard that assumption.
import { navigatorOf } from './navigator';
import type { Range } from './types';

/**
 * The part of web-tree-sitter's `Node` the analyzer uses. Two kinds of node provide it: the
 * parser's own (a full analysis) and the JavaScript copy an open document keeps between edits
 * (`mirror.ts`), so the same model code runs over both.
 */
export interface Node {
  readonly id: number;
  readonly type: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startPosition: Point;
  readonly endPosition: Point;
  readonly text: string;
  readonly tree: SyntaxTree;
  readonly parent: Node | null;
  readonly namedChildren: readonly (Node | null)[];
  readonly namedChildCount: number;
  namedChild(index: number): Node | null;
  childForFieldName(name: string): Node | null;
  childrenForFieldName(name: string): readonly (Node | null)[];
  descendantsOfType(type: string): readonly (Node | null)[];
  walk(): Cursor;
}

export interface Point {
  row: number;
  column: number;
}

export interface SyntaxTree {
  readonly rootNode: Node;
}

/** A pre-order walk that looks at nodes without building a wrapper for each (see workers.ts). */
export interface Cursor {
  readonly nodeIsNamed: boolean;
  readonly nodeType: string;
  readonly startIndex: number;
  readonly currentNode: Node;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  delete(): void;
}

/** Nesting deeper than this is not followed when reading an expression (keeps the JS stack safe). */
export const MAX_EXPRESSION_DEPTH = 64;

export function rangeOf(node: Node): Range {
  const s = node.startPosition;
  const e = node.endPosition;
  return { start: { line: s.row, column: s.column }, end: { line: e.row, column: e.column } };
}

/** Strips any number of parentheses around an expression. */
export function unwrap(node: Node | null): Node | null {
  let current = node;
  while (current && current.type === 'parenthesized_expression') current = current.namedChild(0);
  return current;
}

/**
 * A dotted name for `a`, `a.b.c` or `self.x`; null for anything else (calls, subscripts…).
 * Reads identifiers one by one so a huge expression is never turned into text.
 */
export function dottedName(node: Node | null): string | null {
  const parts: string[] = [];
  let current = unwrap(node);
  for (let depth = 0; current && depth < MAX_EXPRESSION_DEPTH; depth++) {
    if (current.type === 'identifier') {
      parts.push(current.text);
      return parts.reverse().join('.');
    }
    if (current.type !== 'attribute') return null;
    const attr = current.childForFieldName('attribute');
    if (!attr) return null;
    parts.push(attr.text);
    current = unwrap(current.childForFieldName('object'));
  }
  return null;
}

/** The callee of a call node. */
export function calleeOf(call: Node): Node | null {
  return call.childForFieldName('function');
}

/** Positional arguments and keyword arguments of a call (`*args`/`**kw` are skipped). */
export interface CallArgs {
  positional: Node[];
  keywords: Map<string, Node>;
}

export function callArgs(call: Node): CallArgs {
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  const list = call.childForFieldName('arguments');
  if (!list || list.type !== 'argument_list') return { positional, keywords };
  for (const arg of list.namedChildren) {
    if (!arg) continue;
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name');
      const value = arg.childForFieldName('value');
      if (name && value) keywords.set(name.text, value);
    } else if (arg.type !== 'list_splat' && arg.type !== 'dictionary_splat' && arg.type !== 'comment') {
      positional.push(arg);
    }
  }
  return { positional, keywords };
}

/** Argument by keyword, else by position. */
export function argument(args: CallArgs, index: number, keyword: string): Node | undefined {
  return args.keywords.get(keyword) ?? args.positional[index];
}

/** Elements of a tuple or list literal (parenthesized or not); null for anything else. */
export function sequenceElements(node: Node | null): Node[] | null {
  const n = unwrap(node);
  if (!n) return null;
  if (n.type === 'tuple' || n.type === 'list' || n.type === 'pattern_list' || n.type === 'tuple_pattern' || n.type === 'list_pattern' || n.type === 'expression_list') {
    return n.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
  }
  return null;
}

const BLOCKS = new Set(['block', 'module']);

/** The parent of a node (see Note [Parents] in navigator.ts). */
export function parentOf(node: Node): Node | null {
  return navigatorOf(node).parent(node);
}

/** The ancestors of `node`, root first (see Note [Parents] in navigator.ts). */
export function ancestors(_root: Node, node: Node): Node[] {
  return navigatorOf(node).path(node);
}

/** The statement that contains `node`: the ancestor (or itself) whose parent is a block or the module. */
export function statementOf(root: Node, node: Node): Node {
  const chain = ancestors(root, node);
  chain.push(node);
  for (let i = chain.length - 1; i > 0; i--) if (BLOCKS.has(chain[i - 1]!.type)) return chain[i]!;
  return node;
}

export function isBlock(node: Node): boolean {
  return BLOCKS.has(node.type);
}

/** Leading whitespace of the line a node starts on. */
export function indentOf(source: string, node: Node): string {
  const lineStart = source.lastIndexOf('\n', node.startIndex - 1) + 1;
  let end = lineStart;
  while (end < source.length && (source[end] === ' ' || source[end] === '\t')) end++;
  return source.slice(lineStart, end);
}

export function contains(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

// A JavaScript copy of a syntax tree's named nodes, kept by an open document across edits.
//
// Note [Mirror]: every property read on a web-tree-sitter node is a call into wasm that builds
// a fresh wrapper object, which made re-analysis after each keystroke cost several full
// parses. The mirror holds the named nodes (type, offsets, named children, field names) as
// plain objects, so the model runs over it at JavaScript speed. After an edit only the part of
// the tree the edit touched is copied again: a node of the new tree that lies outside the
// edited text and outside the ranges tree-sitter reports as structurally changed has the same
// subtree as the node with the same type and (shifted) span in the old tree, so that old copy
// is reused with its offsets moved.
import type { Tree, TreeCursor } from 'web-tree-sitter';
import { Navigator } from './navigator';
import { LineIndex } from './positions';
import type { Cursor, Node, Point, SyntaxTree } from './syntax';

let nextId = 1;

export class MirrorNode implements Node {
  readonly id = nextId++;
  parent: MirrorNode | null = null;
  readonly namedChildren: MirrorNode[] = [];
  /** The field name of each named child (null for none); null when no child has one. */
  fields: (string | null)[] | null = null;

  constructor(
    readonly tree: MirrorTree,
    readonly type: string,
    public startIndex: number,
    public endIndex: number,
  ) {}

  get startPosition(): Point {
    return this.tree.point(this.startIndex);
  }

  get endPosition(): Point {
    return this.tree.point(this.endIndex);
  }

  get text(): string {
    return this.tree.text.slice(this.startIndex, this.endIndex);
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  namedChild(index: number): MirrorNode | null {
    return this.namedChildren[index] ?? null;
  }

  childForFieldName(name: string): MirrorNode | null {
    const fields = this.fields;
    if (fields) for (let i = 0; i < fields.length; i++) if (fields[i] === name) return this.namedChildren[i]!;
    return null;
  }

  childrenForFieldName(name: string): MirrorNode[] {
    const fields = this.fields;
    return fields ? this.namedChildren.filter((_, i) => fields[i] === name) : [];
  }

  descendantsOfType(type: string): MirrorNode[] {
    const found: MirrorNode[] = [];
    const stack: MirrorNode[] = [this];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === type) found.push(node);
      for (let i = node.namedChildren.length - 1; i >= 0; i--) stack.push(node.namedChildren[i]!);
    }
    return found;
  }

  walk(): Cursor {
    return new MirrorCursor(this);
  }

  /** Adds a child at the end (children arrive in document order). */
  append(child: MirrorNode, field: string | null): void {
    child.parent = this;
    if (field !== null && !this.fields) this.fields = this.namedChildren.map(() => null);
    this.namedChildren.push(child);
    this.fields?.push(field);
  }
}

/** The mirror of one document: its current text, root and line index. */
export class MirrorTree implements SyntaxTree {
  root: MirrorNode;
  private lines: LineIndex | undefined;
  private nav: Navigator | undefined;

  constructor(
    public text: string,
    tree: Tree,
  ) {
    this.root = copyTree(this, tree);
  }

  get rootNode(): MirrorNode {
    return this.root;
  }

  point(offset: number): Point {
    this.lines ??= new LineIndex(this.text);
    const p = this.lines.positionAt(offset);
    return { row: p.line, column: p.column };
  }

  /** The navigator of the current version (its caches hold offsets, so each version gets its own). */
  navigator(): Navigator {
    this.nav ??= new Navigator(this.root, true);
    return this.nav;
  }

  /**
   * Follows an incremental re-parse. `window` is where the texts differ: `[start, oldEnd)` of
   * the old text became `[start, newEnd)` of `text`. `changed` are the ranges tree-sitter
   * reports between the edited old tree and `tree`.
   */
  update(text: string, tree: Tree, window: EditWindow, changed: readonly { startIndex: number; endIndex: number }[]): void {
    const old = this.root;
    this.text = text;
    this.lines = undefined;
    this.nav = undefined;
    try {
      this.root = new Rebuild(this, old, window, changed).run(tree);
    } catch (err) {
      // The old copy may be half moved: start again from the new tree. Under the tests'
      // strict mode (see analyze.ts; not imported here, it would make an import cycle) a
      // failed update is a bug to see, not to paper over.
      this.root = copyTree(this, tree);
      if (process.env.THREADLIT_STRICT === '1') throw err;
    }
  }
}

export interface EditWindow {
  start: number;
  oldEnd: number;
  newEnd: number;
}

function copyTree(mirror: MirrorTree, tree: Tree): MirrorNode {
  const cursor = tree.walk();
  try {
    return copySubtree(mirror, cursor, null, null, () => false);
  } finally {
    cursor.delete();
  }
}

/**
 * Copies the named node under the cursor and its named descendants, and leaves the cursor
 * there again. `reuse` may take over a child (true) instead of copying it. Iterative: nesting
 * can be deeper than the JS stack.
 */
function copySubtree(
  mirror: MirrorTree,
  cursor: TreeCursor,
  parent: MirrorNode | null,
  field: string | null,
  reuse: (parent: MirrorNode, cursor: TreeCursor) => boolean,
): MirrorNode {
  const top = new MirrorNode(mirror, cursor.nodeType, cursor.startIndex, cursor.endIndex);
  parent?.append(top, field);
  if (!cursor.gotoFirstChild()) return top;
  const parents: MirrorNode[] = [top];
  for (;;) {
    const into = parents[parents.length - 1]!;
    // Anonymous nodes are tokens: none of their descendants is a named child of anything.
    if (cursor.nodeIsNamed && !reuse(into, cursor)) {
      const node = new MirrorNode(mirror, cursor.nodeType, cursor.startIndex, cursor.endIndex);
      into.append(node, cursor.currentFieldName);
      if (cursor.gotoFirstChild()) {
        parents.push(node);
        continue;
      }
    }
    while (!cursor.gotoNextSibling()) {
      cursor.gotoParent();
      parents.pop();
      if (parents.length === 0) return top;
    }
  }
}

/** One incremental update: copies the new tree where it changed, reuses the old copy elsewhere. */
class Rebuild {
  /** Closed intervals of the new text where nothing may be reused. */
  private readonly dirty: [number, number][];
  private readonly delta: number;
  private readonly moves: { node: MirrorNode; delta: number }[] = [];
  /** Old nodes already moved over: one object can have only one place in the new tree. */
  private readonly taken = new Set<MirrorNode>();

  constructor(
    private readonly mirror: MirrorTree,
    private readonly old: MirrorNode,
    private readonly window: EditWindow,
    changed: readonly { startIndex: number; endIndex: number }[],
  ) {
    this.delta = window.newEnd - window.oldEnd;
    this.dirty = [[window.start, window.newEnd], ...changed.map((r): [number, number] => [r.startIndex, r.endIndex])];
  }

  run(tree: Tree): MirrorNode {
    const wasmRoot = tree.rootNode;
    const reuse = (parent: MirrorNode, c: TreeCursor): boolean =>
      this.reuse(parent, c.startIndex, c.endIndex, () => c.nodeType, () => c.currentFieldName);
    let root: MirrorNode;
    if (wasmRoot.type === 'module') {
      // A module has no fields, and one call lists all its statements: much cheaper than
      // stepping a cursor over hundreds of them to find the few that changed.
      root = new MirrorNode(this.mirror, 'module', wasmRoot.startIndex, wasmRoot.endIndex);
      for (const child of wasmRoot.namedChildren) {
        if (!child || this.reuse(root, child.startIndex, child.endIndex, () => child.type, () => null)) continue;
        const cursor = child.walk();
        try {
          copySubtree(this.mirror, cursor, root, null, reuse);
        } finally {
          cursor.delete();
        }
      }
    } else {
      const cursor = tree.walk();
      try {
        root = copySubtree(this.mirror, cursor, null, null, reuse);
      } finally {
        cursor.delete();
      }
    }
    // Offsets move only now: finding old nodes by span needs the old offsets until the end.
    for (const { node, delta } of this.moves) if (delta !== 0) shift(node, delta);
    return root;
  }

  /** Takes over the old copy of the node [start, end) when it is certainly unchanged. */
  private reuse(parent: MirrorNode, start: number, end: number, type: () => string, field: () => string | null): boolean {
    // Touching counts: a zero-width node at a boundary may be new. Zero-width nodes (missing
    // tokens) are never reused: several can share one offset, so a span does not name one.
    if (start === end) return false;
    for (const [s, e] of this.dirty) if (start <= e && s <= end) return false;
    const delta = start > this.window.newEnd ? this.delta : 0;
    const found = this.find(start - delta, end - delta);
    if (!found || found.type !== type() || this.taken.has(found)) return false;
    this.taken.add(found);
    found.parent = null;
    parent.append(found, field());
    this.moves.push({ node: found, delta });
    return true;
  }

  /** The outermost old node spanning exactly [start, end), unless a node of its type nests inside with the same span. */
  private find(start: number, end: number): MirrorNode | null {
    let node = this.old;
    for (;;) {
      if (node.startIndex === start && node.endIndex === end && node !== this.old) {
        const inner = node.namedChildren.length === 1 ? node.namedChildren[0]! : null;
        // Same span twice down the chain: which one the cursor is at is unclear, so copy.
        if (inner && inner.startIndex === start && inner.endIndex === end) return inner.type === node.type ? null : node;
        return node;
      }
      const kids = node.namedChildren;
      if (kids.length === 0) return null;
      let lo = 0;
      let hi = kids.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (kids[mid]!.startIndex <= start) lo = mid;
        else hi = mid - 1;
      }
      // Zero-width siblings can share a start: take the last one that still contains the span.
      let next: MirrorNode | null = null;
      for (let i = lo; i >= 0 && kids[i]!.startIndex <= start; i--) {
        if (kids[i]!.endIndex >= end) {
          next = kids[i]!;
          break;
        }
        if (kids[i]!.endIndex <= start && kids[i]!.startIndex < start) break;
      }
      if (!next) return null;
      node = next;
    }
  }
}

/** Moves a subtree's offsets: recursion while shallow (fast), an explicit stack below that. */
function shift(node: MirrorNode, delta: number, depth = 0): void {
  node.startIndex += delta;
  node.endIndex += delta;
  const kids = node.namedChildren;
  if (depth < 200) {
    for (let i = 0; i < kids.length; i++) shift(kids[i]!, delta, depth + 1);
    return;
  }
  const stack = kids.slice();
  while (stack.length > 0) {
    const next = stack.pop()!;
    next.startIndex += delta;
    next.endIndex += delta;
    for (const child of next.namedChildren) stack.push(child);
  }
}

/** A pre-order cursor over mirror nodes (only named nodes exist here). */
class MirrorCursor implements Cursor {
  private readonly path: { node: MirrorNode; index: number }[];

  constructor(root: MirrorNode) {
    this.path = [{ node: root, index: 0 }];
  }

  get currentNode(): MirrorNode {
    return this.path[this.path.length - 1]!.node;
  }

  get nodeIsNamed(): boolean {
    return true;
  }

  get nodeType(): string {
    return this.currentNode.type;
  }

  get startIndex(): number {
    return this.currentNode.startIndex;
  }

  gotoFirstChild(): boolean {
    const first = this.currentNode.namedChildren[0];
    if (!first) return false;
    this.path.push({ node: first, index: 0 });
    return true;
  }

  gotoNextSibling(): boolean {
    if (this.path.length < 2) return false;
    const here = this.path[this.path.length - 1]!;
    const siblings = this.path[this.path.length - 2]!.node.namedChildren;
    const next = siblings[here.index + 1];
    if (!next) return false;
    here.node = next;
    here.index++;
    return true;
  }

  gotoParent(): boolean {
    if (this.path.length < 2) return false;
    this.path.pop();
    return true;
  }

  delete(): void {
    // Nothing to free: the mirror lives in JavaScript.
  }
}

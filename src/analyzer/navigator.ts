// Top-down navigation of a syntax tree with cached child lists, in place of parent and sibling links.
//
// Note [Parents]: web-tree-sitter 0.25's `Node.parent` walks down from the root on every call,
// scanning each level's children, and sibling links go through the parent. In a module with
// thousands of top-level statements that makes every climb, and every analysis that climbs
// per thread, quadratic. The navigator instead descends from the root by binary search over
// cached, position-sorted child lists, so each list is built once per tree. Mirror nodes
// (mirror.ts) know their parent, so there the navigator just follows it.
import type { Node, SyntaxTree } from './syntax';

interface Children {
  nodes: Node[];
  starts: number[];
  /** End offsets, read on first use (each costs a wasm call). */
  ends: (number | undefined)[];
}

export class Navigator {
  private readonly cache = new Map<number, Children>();
  private readonly parents = new Map<number, Node | null>();

  constructor(
    readonly root: Node,
    /** True when `Node.parent` is a cheap field (mirror nodes) rather than a walk from the root. */
    private readonly directParents = false,
  ) {}

  /** Named children of `node` (comments included), cached. */
  children(node: Node): Children {
    let kids = this.cache.get(node.id);
    if (!kids) {
      const nodes = node.namedChildren.filter((c): c is Node => c !== null);
      kids = { nodes, starts: nodes.map((c) => c.startIndex), ends: new Array<number | undefined>(nodes.length) };
      this.cache.set(node.id, kids);
    }
    return kids;
  }

  /** Index in `kids` of the child that contains [start, end), or -1. */
  childIndexContaining(kids: Children, start: number, end: number): number {
    let lo = 0;
    let hi = kids.starts.length - 1;
    // Last child starting at or before `start`.
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (kids.starts[mid]! <= start) lo = mid;
      else hi = mid - 1;
    }
    for (let i = lo; i >= 0 && kids.starts[i]! <= start; i--) {
      const childEnd = (kids.ends[i] ??= kids.nodes[i]!.endIndex);
      if (childEnd >= end) return i;
      // Siblings do not overlap: an earlier one ends even sooner.
      if (childEnd <= start && kids.starts[i]! < start) return -1;
    }
    return -1;
  }

  /** The ancestors of `target`, root first (empty for the root itself). */
  path(target: Node): Node[] {
    if (this.directParents) {
      const up: Node[] = [];
      for (let p = target.parent; p; p = p.parent) up.push(p);
      return up.reverse();
    }
    const chain: Node[] = [];
    const start = target.startIndex;
    const end = target.endIndex;
    let current = this.root;
    for (let guard = 0; guard < 100_000; guard++) {
      if (current.id === target.id) return chain;
      const kids = this.children(current);
      const i = this.childIndexContaining(kids, start, end);
      if (i < 0) break;
      chain.push(current);
      current = kids.nodes[i]!;
    }
    // Not reachable by named children (e.g. an anonymous node): fall back to the slow links.
    const slow: Node[] = [];
    for (let p = target.parent; p; p = p.parent) slow.push(p);
    return slow.reverse();
  }

  parent(target: Node): Node | null {
    if (this.directParents) return target.parent;
    let parent = this.parents.get(target.id);
    if (parent === undefined) {
      parent = this.path(target).pop() ?? null;
      this.parents.set(target.id, parent);
    }
    return parent;
  }

  /** The innermost named node that starts exactly at `offset` and has type `type`, if any. */
  nodeStartingAt(offset: number, type: string): Node | null {
    let current = this.root;
    for (let guard = 0; guard < 100_000; guard++) {
      const kids = this.children(current);
      const i = this.childIndexContaining(kids, offset, offset + 1);
      if (i < 0) return null;
      const child = kids.nodes[i]!;
      if (child.startIndex === offset && child.type === type) return child;
      current = child;
    }
    return null;
  }
}

const navigators = new WeakMap<SyntaxTree, Navigator>();

/** A tree that hands out its own navigator (the mirror: one per version of its text). */
interface OwnNavigator {
  navigator(): Navigator;
}

/** The navigator of the tree a node belongs to. */
export function navigatorOf(node: Node): Navigator {
  const tree = node.tree as SyntaxTree & Partial<OwnNavigator>;
  if (tree.navigator) return tree.navigator();
  let nav = navigators.get(node.tree);
  if (!nav) {
    nav = new Navigator(node.tree.rootNode);
    navigators.set(node.tree, nav);
  }
  return nav;
}

// Path questions answered on the syntax tree: does a statement run on every path before
// (or after) a given call? Conditionals need every branch; loops may run zero times.
import { navigatorOf } from '../navigator';
import { isBlock, type Node } from '../syntax';

/** Deeper statement nesting than this is treated as "not on every path" (keeps recursion bounded). */
const MAX_STATEMENT_DEPTH = 100;

/**
 * Decides whether one statement definitely performs the action (binds, joins…).
 * `simple` is asked about statements that contain a matching call outside any nested block.
 */
export interface PathQuery {
  /** Calls that perform the action. */
  calls: readonly Node[];
  /** Their [start, end) offsets, filled on first use (node offsets cost a wasm call each). */
  spans?: [number, number][];
  /** A `for` statement whose every iteration performs the action counts (e.g. `for t in threads: t.join()`). */
  loopCounts?: (forStatement: Node) => boolean;
}

/** True when a matching call runs on every path through `stmt`. */
export function definitely(stmt: Node, query: PathQuery, depth = 0): boolean {
  if (depth > MAX_STATEMENT_DEPTH) return false;
  const spans = spansOf(query);
  const from = stmt.startIndex;
  const to = stmt.endIndex;
  if (!spans.some(([s, e]) => from <= s && e <= to)) return false;
  switch (stmt.type) {
    case 'if_statement': {
      const branches: (Node | null)[] = [stmt.childForFieldName('consequence')];
      let hasElse = false;
      for (const alt of stmt.childrenForFieldName('alternative')) {
        if (!alt) continue;
        if (alt.type === 'else_clause') {
          hasElse = true;
          branches.push(alt.childForFieldName('body'));
        } else branches.push(alt.childForFieldName('consequence'));
      }
      return hasElse && branches.every((b) => b !== null && definitely(b, query, depth + 1));
    }
    case 'block':
    case 'module':
      // Only the statements that contain a matching call can perform it.
      return statementsWithCalls(stmt, spans).some((s) => definitely(s, query, depth + 1));
    case 'with_statement':
    case 'try_statement': {
      const body = stmt.childForFieldName('body');
      if (body && definitely(body, query, depth + 1)) return true;
      if (stmt.type === 'try_statement') {
        const finBlock = finallyBlock(stmt);
        if (finBlock && definitely(finBlock, query, depth + 1)) return true;
      }
      return false;
    }
    case 'for_statement': {
      if (!query.loopCounts?.(stmt)) return false;
      const body = stmt.childForFieldName('body');
      return body !== null && definitely(body, query, depth + 1);
    }
    case 'while_statement':
    case 'function_definition':
    case 'class_definition':
    case 'decorated_definition':
    case 'match_statement':
      return false;
    default:
      // A simple statement: the call is evaluated whenever the statement runs.
      return true;
  }
}

function spansOf(query: PathQuery): [number, number][] {
  query.spans ??= query.calls.map((c) => [c.startIndex, c.endIndex]);
  return query.spans;
}

/** The statements of a block that contain one of the spans, in order (binary search, no scan). */
function statementsWithCalls(block: Node, spans: [number, number][], side?: { index: number; direction: 'before' | 'after' }): Node[] {
  const nav = navigatorOf(block);
  const kids = nav.children(block);
  const indices = new Set<number>();
  for (const [s, e] of spans) {
    const i = nav.childIndexContaining(kids, s, e);
    if (i < 0) continue;
    if (side && (side.direction === 'before' ? i >= side.index : i <= side.index)) continue;
    indices.add(i);
  }
  const order = [...indices].sort((x, y) => x - y);
  if (side?.direction === 'before') order.reverse();
  return order.map((i) => kids.nodes[i]!);
}

function finallyBlock(tryStatement: Node): Node | null {
  const fin = tryStatement.namedChildren.find((c) => c?.type === 'finally_clause');
  return fin?.namedChildren.find((c) => c?.type === 'block') ?? null;
}

/** True when, on every path that reaches `target`, a matching call has run before it (same function). */
export function runsBefore(root: Node, target: Node, query: PathQuery): boolean {
  return walkOut(root, target, query, 'before');
}

/** True when, on every path from `target`, a matching call runs after it before the function returns. */
export function runsAfter(root: Node, target: Node, query: PathQuery): boolean {
  return walkOut(root, target, query, 'after');
}

function walkOut(root: Node, target: Node, query: PathQuery, direction: 'before' | 'after'): boolean {
  const nav = navigatorOf(root);
  const chain = nav.path(target);
  const spans = spansOf(query);
  let current = target;
  for (let i = chain.length - 1; i >= 0; i--) {
    const parent = chain[i]!;
    if (isBlock(parent)) {
      const kids = nav.children(parent);
      const at = nav.childIndexContaining(kids, current.startIndex, current.endIndex);
      if (at >= 0) {
        for (const s of statementsWithCalls(parent, spans, { index: at, direction })) if (definitely(s, query)) return true;
      }
    }
    if (direction === 'after' && parent.type === 'try_statement' && current.type === 'block') {
      // A join in `finally:` runs after everything in the try body.
      const finBlock = finallyBlock(parent);
      if (finBlock && finBlock.id !== current.id && definitely(finBlock, query)) return true;
    }
    if (parent.type === 'function_definition' || parent.type === 'lambda' || parent.type === 'class_definition') return false;
    current = parent;
  }
  return false;
}

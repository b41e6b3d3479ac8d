// Pass 1: one tree-sitter query walks the whole file (in wasm) and returns, in document
// order, the few node kinds the semantic model needs; scopes are tracked from that order.
import { Query, type Language, type Node as WasmNode } from 'web-tree-sitter';
import { MirrorNode } from './mirror';
import { dottedName, parentOf, type Node } from './syntax';

export interface Param {
  name: string;
  /** Positional parameters can be filled by position; keyword-only ones only by name. */
  positional: boolean;
}

export interface FunctionInfo {
  id: number;
  node: Node;
  /** Null for lambdas. */
  name: string | null;
  /** The enclosing function or lambda (class bodies are not functions). */
  parent: FunctionInfo | null;
  /** Set when this is a method defined directly in a class body. */
  cls: ClassInfo | null;
  readonly params: Param[];
  /** A `block` for functions, an expression for lambdas. */
  readonly body: Node | null;
}

export interface ClassInfo {
  id: number;
  node: Node;
  name: string;
  /** The function the class is defined in (null at module level). */
  owner: FunctionInfo | null;
  methods: Map<string, FunctionInfo>;
  superclasses: Node[];
}

/** A call whose callee is a name (`f(…)`) or ends in one (`obj.f(…)`). */
export class CallFact {
  private cachedNode: Node | undefined;
  private cachedCallee: Node | null | undefined;

  constructor(
    /** The called identifier: `f` in `f(…)`, `start` in `t.start()`. */
    readonly nameNode: Node,
    /** True for `obj.name(…)`, false for `name(…)`. */
    readonly isMethod: boolean,
    readonly owner: FunctionInfo | null,
    readonly name: string,
  ) {}

  /** The call node (climbing costs a walk from the root, so only calls someone asks about pay). */
  get node(): Node {
    if (!this.cachedNode) {
      const callee = this.callee;
      this.cachedNode = (callee && parentOf(callee)) ?? this.nameNode;
    }
    return this.cachedNode;
  }

  /**
   * For `a.b.name(…)`, the text `a.b` just before the name, read backwards from the name's
   * offset; '' when the object is not a plain dotted name. Only a cheap filter: whoever
   * matches on it still checks the tree.
   */
  objectText(source: string): string {
    if (!this.isMethod) return '';
    let i = this.nameNode.startIndex - 1;
    while (i >= 0 && (source[i] === ' ' || source[i] === '\t')) i--;
    if (source[i] !== '.') return '';
    i--;
    while (i >= 0 && (source[i] === ' ' || source[i] === '\t')) i--;
    const end = i + 1;
    while (i >= 0 && /[\w.]/.test(source[i]!)) i--;
    return source.slice(i + 1, end);
  }

  get callee(): Node | null {
    if (this.cachedCallee === undefined) this.cachedCallee = this.isMethod ? parentOf(this.nameNode) : this.nameNode;
    return this.cachedCallee;
  }
}

export interface Located {
  node: Node;
  owner: FunctionInfo | null;
}

export interface LoopInfo {
  node: Node;
  owner: FunctionInfo | null;
  start: number;
  end: number;
  variable: string | null;
  iterable: string | null;
}

export class Facts {
  readonly imports: Located[] = [];
  readonly functions: FunctionInfo[] = [];
  readonly classes: ClassInfo[] = [];
  readonly callsByName = new Map<string, CallFact[]>();
  readonly assigns: Located[] = [];
  readonly withs: Located[] = [];
  readonly fors: Located[] = [];

  constructor(
    readonly source: string,
    readonly root: Node,
  ) {}

  private loopInfo: LoopInfo[] | undefined;

  /** Comprehension spans in document order, with the running maximum of their ends. */
  private readonly comprehensionStarts: number[] = [];
  private readonly comprehensionEnds: number[] = [];
  private readonly comprehensionMaxEnds: number[] = [];

  addComprehension(start: number, end: number): void {
    const n = this.comprehensionStarts.length;
    this.comprehensionStarts.push(start);
    this.comprehensionEnds.push(end);
    this.comprehensionMaxEnds.push(n > 0 ? Math.max(end, this.comprehensionMaxEnds[n - 1]!) : end);
  }

  /**
   * Whether some comprehension contains [start, end). A cheap exact filter: a name outside
   * every comprehension needs no walk from the root to look for a `for … in` clause binding it.
   */
  inComprehension(start: number, end: number): boolean {
    const starts = this.comprehensionStarts;
    let lo = 0;
    let hi = starts.length - 1;
    if (hi < 0 || starts[0]! > start) return false;
    // Last comprehension starting at or before `start`.
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= start) lo = mid;
      else hi = mid - 1;
    }
    // Earlier ones can contain it only while the running maximum end still reaches `end`.
    for (let i = lo; i >= 0 && this.comprehensionMaxEnds[i]! >= end; i--) if (this.comprehensionEnds[i]! >= end) return true;
    return false;
  }

  private assignsByOwner: Map<FunctionInfo | null, Located[]> | undefined;

  /** Assignments made directly in `owner` (null: module level). */
  assignsIn(owner: FunctionInfo | null): Located[] {
    if (!this.assignsByOwner) {
      this.assignsByOwner = new Map();
      for (const a of this.assigns) {
        const list = this.assignsByOwner.get(a.owner);
        if (list) list.push(a);
        else this.assignsByOwner.set(a.owner, [a]);
      }
    }
    return this.assignsByOwner.get(owner) ?? [];
  }

  private loopsByOwner: Map<FunctionInfo | null, LoopInfo[]> | undefined;

  /** `for` statements with their loop variable and iterable, read once. */
  loops(): LoopInfo[] {
    this.loopInfo ??= this.fors.map(({ node, owner }) => {
      const left = node.childForFieldName('left');
      return {
        node,
        owner,
        start: node.startIndex,
        end: node.endIndex,
        variable: left?.type === 'identifier' ? left.text : null,
        iterable: dottedName(node.childForFieldName('right')),
      };
    });
    return this.loopInfo;
  }

  /** The innermost `for` loop of `owner` around `node` whose loop variable is `variable`. */
  loopBinding(node: Node, variable: string, owner: FunctionInfo | null): LoopInfo | null {
    if (!this.loopsByOwner) {
      this.loopsByOwner = new Map();
      for (const loop of this.loops()) {
        const list = this.loopsByOwner.get(loop.owner);
        if (list) list.push(loop);
        else this.loopsByOwner.set(loop.owner, [loop]);
      }
    }
    const at = node.startIndex;
    let best: LoopInfo | null = null;
    for (const loop of this.loopsByOwner.get(owner) ?? []) {
      if (loop.variable === variable && loop.start < at && at < loop.end && (!best || loop.start > best.start)) best = loop;
    }
    return best;
  }
}

const QUERY_SOURCES = {
  main: `
(import_statement) @import
(import_from_statement) @import
(function_definition) @function
(lambda) @lambda
(class_definition) @class
(call function: (identifier) @call.name)
(call function: (attribute attribute: (identifier) @call.method))
(assignment) @assign
(with_statement) @with
(for_statement) @for
(list_comprehension) @comprehension
(generator_expression) @comprehension
(set_comprehension) @comprehension
(dictionary_comprehension) @comprehension
`,
};

const queries = new WeakMap<Language, Record<keyof typeof QUERY_SOURCES, Query>>();

function query(language: Language, which: keyof typeof QUERY_SOURCES): Query {
  let compiled = queries.get(language);
  if (!compiled) {
    compiled = { main: new Query(language, QUERY_SOURCES.main) };
    queries.set(language, compiled);
  }
  return compiled[which];
}

interface Scope {
  end: number;
  fn: FunctionInfo | null;
  cls: ClassInfo | null;
}

export function collectFacts(root: Node, source: string, language: Language): Facts {
  const facts = new Facts(source, root);
  // Scopes open at the current capture; the module scope never closes.
  const stack: Scope[] = [{ end: Infinity, fn: null, cls: null }];
  let nextId = 0;
  const add = (name: CaptureName, node: Node): void => {
    const start = node.startIndex;
    while (stack.length > 1 && stack[stack.length - 1]!.end <= start) stack.pop();
    const scope = stack[stack.length - 1]!;
    const owner = scope.fn;
    switch (name) {
      case 'call.name':
      case 'call.method': {
        // The query captures only the called name; the call node is found on demand.
        const fact = new CallFact(node, name === 'call.method', owner, source.slice(node.startIndex, node.endIndex));
        const list = facts.callsByName.get(fact.name);
        if (list) list.push(fact);
        else facts.callsByName.set(fact.name, [fact]);
        break;
      }
      case 'function':
      case 'lambda': {
        const isLambda = name === 'lambda';
        const fn = new LazyFunction(nextId++, node, isLambda ? null : (node.childForFieldName('name')?.text ?? null), owner);
        // Only a def directly in the class body is a method (the class scope is on top).
        if (!isLambda && scope.cls) {
          fn.cls = scope.cls;
          if (fn.name && !scope.cls.methods.has(fn.name)) scope.cls.methods.set(fn.name, fn);
        }
        facts.functions.push(fn);
        stack.push({ end: node.endIndex, fn, cls: null });
        break;
      }
      case 'class': {
        const superclasses = node.childForFieldName('superclasses');
        const cls: ClassInfo = {
          id: nextId++,
          node,
          name: node.childForFieldName('name')?.text ?? '',
          owner,
          methods: new Map(),
          superclasses: superclasses
            ? superclasses.namedChildren.filter((c): c is Node => c !== null && c.type !== 'keyword_argument')
            : [],
        };
        facts.classes.push(cls);
        stack.push({ end: node.endIndex, fn: owner, cls });
        break;
      }
      case 'import':
        facts.imports.push({ node, owner });
        break;
      case 'assign':
        facts.assigns.push({ node, owner });
        break;
      case 'with':
        facts.withs.push({ node, owner });
        break;
      case 'for':
        facts.fors.push({ node, owner });
        break;
      case 'comprehension':
        facts.addComprehension(start, node.endIndex);
        break;
      default:
        throw new Error(`threadlit: unexpected capture ${String(name)}`);
    }
  };
  if (root instanceof MirrorNode) walkMirror(root, add);
  else for (const { name, node } of query(language, 'main').captures(root as WasmNode)) add(name as CaptureName, node);
  return facts;
}

type CaptureName = 'import' | 'function' | 'lambda' | 'class' | 'call.name' | 'call.method' | 'assign' | 'with' | 'for' | 'comprehension';

/** Capture names of the node kinds the query matches on their own (calls need their shape checked). */
const CAPTURED_KINDS: ReadonlyMap<string, CaptureName> = new Map<string, CaptureName>([
  ['import_statement', 'import'],
  ['import_from_statement', 'import'],
  ['function_definition', 'function'],
  ['lambda', 'lambda'],
  ['class_definition', 'class'],
  ['assignment', 'assign'],
  ['with_statement', 'with'],
  ['for_statement', 'for'],
  ['list_comprehension', 'comprehension'],
  ['generator_expression', 'comprehension'],
  ['set_comprehension', 'comprehension'],
  ['dictionary_comprehension', 'comprehension'],
]);

type Capture = [CaptureName, MirrorNode];

/**
 * Captures of each top-level statement of a mirror. A statement the mirror reused after an
 * edit is the same object with the same subtree, so its captures are too (only the offsets
 * moved, and the nodes carry those).
 */
const statementCaptures = new WeakMap<MirrorNode, Capture[]>();

/** The main query's captures over a mirror, in the query's order (see `capturesUnder`). */
function walkMirror(root: MirrorNode, add: (name: CaptureName, node: Node) => void): void {
  // The root is a module, which is never captured and never a call.
  for (const statement of root.namedChildren) {
    let list = statementCaptures.get(statement);
    if (!list) {
      list = capturesUnder(statement);
      statementCaptures.set(statement, list);
    }
    for (const [name, node] of list) add(name, node);
  }
}

/** Captures in `top`'s subtree by start offset, an identifier called as `f(…)` or `obj.f(…)` when the walk reaches it. */
function capturesUnder(top: MirrorNode): Capture[] {
  const found: Capture[] = [];
  const stack: MirrorNode[] = [top];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const kind = CAPTURED_KINDS.get(node.type);
    if (kind) found.push([kind, node]);
    else if (node.type === 'identifier') {
      const parent = node.parent;
      if (parent?.type === 'call' && parent.childForFieldName('function') === node) found.push(['call.name', node]);
      else if (parent?.type === 'attribute' && parent.childForFieldName('attribute') === node) {
        const call = parent.parent;
        if (call?.type === 'call' && call.childForFieldName('function') === parent) found.push(['call.method', node]);
      }
    }
    const kids = node.namedChildren;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return found;
}

/** Parameters and body are read on first use: most functions are never asked. */
class LazyFunction implements FunctionInfo {
  cls: ClassInfo | null = null;
  private cachedParams: Param[] | undefined;
  private cachedBody: Node | null | undefined;

  constructor(
    readonly id: number,
    readonly node: Node,
    readonly name: string | null,
    readonly parent: FunctionInfo | null,
  ) {}

  get params(): Param[] {
    this.cachedParams ??= paramsOf(this.node.childForFieldName('parameters'));
    return this.cachedParams;
  }

  get body(): Node | null {
    if (this.cachedBody === undefined) this.cachedBody = this.node.childForFieldName('body');
    return this.cachedBody;
  }
}

function paramsOf(parameters: Node | null): Param[] {
  const params: Param[] = [];
  if (!parameters) return params;
  let positional = true;
  for (const p of parameters.namedChildren) {
    if (!p) continue;
    switch (p.type) {
      case 'identifier':
        params.push({ name: p.text, positional });
        break;
      case 'typed_parameter': {
        const id = p.namedChild(0);
        if (id?.type === 'identifier') params.push({ name: id.text, positional });
        else positional = false; // `*args: int` or `**kw: int`
        break;
      }
      case 'default_parameter':
      case 'typed_default_parameter': {
        const id = p.childForFieldName('name');
        if (id) params.push({ name: id.text, positional });
        break;
      }
      case 'list_splat_pattern':
      case 'keyword_separator':
      case 'dictionary_splat_pattern':
        positional = false;
        break;
      default:
        // `/` separators and comments carry no names.
        break;
    }
  }
  return params;
}

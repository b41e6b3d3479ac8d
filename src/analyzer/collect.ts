// Pass 1: one tree-sitter query walks the whole file (in wasm) and returns, in document
// order, the few node kinds the semantic model needs; scopes are tracked from that order.
// Assignments, for and with statements are only needed once a file has worker code, so a
// walk over statements collects them on first use (most files never pay for it).
import { Query, type Language } from 'web-tree-sitter';
import { calleeOf, dottedName, type Node } from './syntax';

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

export interface CallFact {
  node: Node;
  owner: FunctionInfo | null;
  /** The called name: `f` for `f(…)`, `start` for `t.start()`; '' when the callee is not a name. */
  name: string;
  callee: Node | null;
  /** True for `obj.name(…)`, false for `name(…)`. */
  isMethod: boolean;
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
  readonly calls: CallFact[] = [];
  readonly callsByName = new Map<string, CallFact[]>();
  private bindings: { assigns: Located[]; withs: Located[]; fors: Located[] } | undefined;

  constructor(
    readonly source: string,
    readonly root: Node,
  ) {}

  get assigns(): Located[] {
    return this.bindingSites().assigns;
  }

  get withs(): Located[] {
    return this.bindingSites().withs;
  }

  get fors(): Located[] {
    return this.bindingSites().fors;
  }

  private loopInfo: LoopInfo[] | undefined;

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
    const at = node.startIndex;
    let best: LoopInfo | null = null;
    for (const loop of this.loops()) {
      if (loop.owner === owner && loop.variable === variable && loop.start < at && at < loop.end && (!best || loop.start > best.start)) best = loop;
    }
    return best;
  }

  private bindingSites(): { assigns: Located[]; withs: Located[]; fors: Located[] } {
    if (this.bindings) return this.bindings;
    const sites = { assigns: [] as Located[], withs: [] as Located[], fors: [] as Located[] };
    const byStart = new Map<number, FunctionInfo>();
    for (const fn of this.functions) byStart.set(fn.node.startIndex, fn);
    // Assignments, for and with statements are statements: walking statements and the
    // blocks of compound statements finds them all without visiting any expression.
    const stack: { node: Node; owner: FunctionInfo | null }[] = [{ node: this.root, owner: null }];
    while (stack.length > 0) {
      const { node, owner } = stack.pop()!;
      for (const child of node.namedChildren) {
        if (!child) continue;
        switch (child.type) {
          case 'expression_statement':
            // `a = b = c` nests assignments on the right.
            for (let e = child.namedChild(0); e?.type === 'assignment'; e = e.childForFieldName('right')) sites.assigns.push({ node: e, owner });
            break;
          case 'for_statement':
            sites.fors.push({ node: child, owner });
            stack.push({ node: child, owner });
            break;
          case 'with_statement':
            sites.withs.push({ node: child, owner });
            stack.push({ node: child, owner });
            break;
          case 'function_definition':
            stack.push({ node: child, owner: byStart.get(child.startIndex) ?? owner });
            break;
          case 'block':
          case 'if_statement':
          case 'elif_clause':
          case 'else_clause':
          case 'while_statement':
          case 'try_statement':
          case 'except_clause':
          case 'except_group_clause':
          case 'finally_clause':
          case 'class_definition':
          case 'decorated_definition':
          case 'match_statement':
          case 'case_clause':
          case 'ERROR':
            stack.push({ node: child, owner });
            break;
          default:
            // Simple statements other than assignments, and expressions.
            break;
        }
      }
    }
    const byPosition = (x: Located, y: Located): number => x.node.startIndex - y.node.startIndex;
    sites.assigns.sort(byPosition);
    sites.withs.sort(byPosition);
    sites.fors.sort(byPosition);
    this.bindings = sites;
    return sites;
  }
}

const QUERY_SOURCES = {
  main: `
(import_statement) @import
(import_from_statement) @import
(function_definition) @function
(lambda) @lambda
(class_definition) @class
(call) @call
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
  for (const { name, node } of query(language, 'main').captures(root)) {
    const start = node.startIndex;
    while (stack.length > 1 && stack[stack.length - 1]!.end <= start) stack.pop();
    const scope = stack[stack.length - 1]!;
    const owner = scope.fn;
    switch (name) {
      case 'call': {
        const callee = calleeOf(node);
        let calledName = '';
        let isMethod = false;
        if (callee?.type === 'identifier') calledName = callee.text;
        else if (callee?.type === 'attribute') {
          calledName = callee.childForFieldName('attribute')?.text ?? '';
          isMethod = true;
        }
        const fact: CallFact = { node, owner, name: calledName, callee, isMethod };
        facts.calls.push(fact);
        const list = facts.callsByName.get(calledName);
        if (list) list.push(fact);
        else facts.callsByName.set(calledName, [fact]);
        break;
      }
      case 'function':
      case 'lambda': {
        const isLambda = name === 'lambda';
        const fn = new LazyFunction(nextId++, node, isLambda ? null : (node.childForFieldName('name')?.text ?? null), owner);
        // Only a def directly in the class body is a method (the class scope is on top).
        if (!isLambda && scope.cls && scope.fn === owner && scope.cls.node.endIndex === scope.end) {
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
      default:
        throw new Error(`threadlit: unexpected capture ${name}`);
    }
  }
  return facts;
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

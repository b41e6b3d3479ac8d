// Element handles: values returned by st.container/empty/columns/… and followed through
// assignments, lists, `.append`, for-loops (zip/enumerate), `with … as`, call arguments and
// attributes stored on `self`. Writes through them in a worker raise NoSessionContext.
import type { Facts, FunctionInfo } from '../collect';
import { ancestors, callArgs, dottedName, MAX_EXPRESSION_DEPTH, sequenceElements, unwrap, type Node } from '../syntax';
import type { Functions } from './functions';
import { Q, type Names } from './names';
import { returnsHandle, returnsHandleList, rootCommand } from './streamlitApi';
import type { ThreadModel } from './threads';

/** What a name is bound to: a value, one element of a sequence, or something appended to it. */
interface NameBinding {
  kind: 'value' | 'element' | 'appended';
  expr: Node;
  owner: FunctionInfo | null;
}

type Shape = 'handle' | 'list';

export class Handles {
  private bindings: Map<string, NameBinding[]> | undefined;
  private selfAttrs: Map<string, NameBinding[]> | undefined;
  private readonly cache = new Map<string, boolean>();
  private readonly active = new Set<string>();
  private depth = 0;

  constructor(
    private readonly facts: Facts,
    private readonly names: Names,
    private readonly functions: Functions,
    private readonly threads: ThreadModel,
  ) {}

  /** Is `expr`, evaluated in `owner`, a handle created by a Streamlit command? */
  isHandle(expr: Node | null, owner: FunctionInfo | null): boolean {
    return this.is(expr, owner, 'handle');
  }

  /**
   * Is `expr` a handle made before `worker` ran (on the script thread)? Handles a worker makes
   * itself (`st.container()` called inside it) are Streamlit's root container without a
   * context, so writes through them are dropped rather than raising.
   */
  isOuterHandle(expr: Node | null, worker: FunctionInfo): boolean {
    const node = unwrap(expr);
    if (!node || node.type === 'call' || !this.isHandle(node, worker)) return false;
    if (node.type !== 'identifier') return true;
    const local = this.index().get(scopedKey(worker, node.text)) ?? [];
    return !(local.length > 0 && local.every((b) => b.kind === 'value' && unwrap(b.expr)?.type === 'call'));
  }

  /** Is `expr` a list (or tuple) of handles? */
  isHandleList(expr: Node | null, owner: FunctionInfo | null): boolean {
    return this.is(expr, owner, 'list');
  }

  private is(expr: Node | null, owner: FunctionInfo | null, shape: Shape): boolean {
    const node = unwrap(expr);
    if (!node) return false;
    const key = `${shape}:${node.startIndex}:${node.endIndex}:${owner?.id ?? -1}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    // Cycles (a = b; b = a) and very long chains answer "no" rather than recurse forever.
    if (this.active.has(key) || this.depth > MAX_EXPRESSION_DEPTH) return false;
    this.active.add(key);
    this.depth++;
    let result = false;
    try {
      result = this.evaluate(node, owner, shape);
    } finally {
      this.depth--;
      this.active.delete(key);
    }
    this.cache.set(key, result);
    return result;
  }

  private evaluate(node: Node, owner: FunctionInfo | null, shape: Shape): boolean {
    switch (node.type) {
      case 'call': {
        const callee = node.childForFieldName('function');
        const q = this.names.qualify(callee);
        if (q) {
          const command = rootCommand(q);
          if (command) return shape === 'handle' ? returnsHandle(command) : returnsHandleList(command);
          if (q === 'list' || q === 'tuple') return false;
        }
        if (callee?.type === 'attribute') {
          // Handles make handles: `container.empty()`, `st.sidebar.columns(2)`.
          const method = callee.childForFieldName('attribute')?.text ?? '';
          const object = callee.childForFieldName('object');
          const fromHandle = this.names.qualify(object) === Q.sidebar || this.isHandle(object, owner);
          if (fromHandle) return shape === 'handle' ? returnsHandle(method) : returnsHandleList(method);
        }
        if (callee?.type === 'identifier' && (callee.text === 'list' || callee.text === 'tuple') && shape === 'list') {
          return this.isHandleList(callArgs(node).positional[0] ?? null, owner);
        }
        return false;
      }
      case 'identifier':
        return this.nameIs(node, owner, shape);
      case 'subscript':
        return shape === 'handle' && this.isHandleList(node.childForFieldName('value'), owner);
      case 'attribute': {
        const name = dottedName(node);
        if (!name?.startsWith('self.') || name.split('.').length !== 2) return false;
        return this.selfAttrIs(name.slice(5), owner, shape);
      }
      case 'list':
      case 'tuple':
        return shape === 'list' && (sequenceElements(node) ?? []).some((e) => this.isHandle(e, owner));
      case 'list_comprehension':
      case 'generator_expression':
        return shape === 'list' && this.isHandle(node.childForFieldName('body'), owner);
      case 'conditional_expression':
        return node.namedChildren.some((c, i) => i !== 1 && c !== null && this.is(c, owner, shape));
      default:
        return false;
    }
  }

  /** A name: comprehension variables first, then the innermost scope that binds it. */
  private nameIs(node: Node, owner: FunctionInfo | null, shape: Shape): boolean {
    const name = node.text;
    const comprehension = this.comprehensionBinding(node, name, owner);
    if (comprehension) return this.bindingIs(comprehension, shape);
    const index = this.index();
    for (let scope = owner; ; scope = scope.parent) {
      const local = index.get(scopedKey(scope, name)) ?? [];
      const param = scope?.params.find((p) => p.name === name);
      if (local.length > 0 || param) {
        if (local.some((b) => this.bindingIs(b, shape))) return true;
        return scope !== null && param !== undefined && this.paramIs(scope, name, shape);
      }
      if (scope === null) return false;
    }
  }

  private bindingIs(binding: NameBinding, shape: Shape): boolean {
    switch (binding.kind) {
      case 'value':
        return this.is(binding.expr, binding.owner, shape);
      case 'element':
        return shape === 'handle' && this.isHandleList(binding.expr, binding.owner);
      case 'appended':
        return shape === 'list' && this.isHandle(binding.expr, binding.owner);
    }
  }

  /** `for x in …` inside a comprehension around `node` that binds `name`. */
  private comprehensionBinding(node: Node, name: string, owner: FunctionInfo | null): NameBinding | null {
    if (!this.facts.inComprehension(node.startIndex, node.endIndex)) return null;
    const chain = ancestors(this.facts.root, node);
    for (let i = chain.length - 1; i >= 0; i--) {
      const current = chain[i]!;
      const type = current.type;
      if (type === 'function_definition' || type === 'lambda' || type === 'class_definition' || type === 'block' || type === 'module') return null;
      if (type === 'list_comprehension' || type === 'generator_expression' || type === 'set_comprehension' || type === 'dictionary_comprehension') {
        for (const clause of current.namedChildren) {
          if (clause?.type !== 'for_in_clause') continue;
          const found = patternBinding(clause.childForFieldName('left'), clause.childForFieldName('right'), name, owner, 'element');
          if (found) return found;
        }
      }
    }
    return null;
  }

  private readonly params = new Map<string, boolean>();

  /** A parameter is a handle when some call site passes one. */
  private paramIs(fn: FunctionInfo, name: string, shape: Shape): boolean {
    const key = `${fn.id}:${name}:${shape}`;
    const cached = this.params.get(key);
    if (cached !== undefined) return cached;
    if (this.active.has(key)) return false;
    this.active.add(key);
    let result = false;
    try {
      result = this.paramIsUncached(fn, name, shape);
    } finally {
      this.active.delete(key);
    }
    this.params.set(key, result);
    return result;
  }

  private paramIsUncached(fn: FunctionInfo, name: string, shape: Shape): boolean {
    const position = fn.params.findIndex((p) => p.name === name);
    const param = fn.params[position];
    if (!param) return false;
    const check = (positional: Node[], keywords: Map<string, Node>, offset: number, owner: FunctionInfo | null, perElement: boolean): boolean => {
      const arg = keywords.get(name) ?? (param.positional ? positional[position - offset] : undefined);
      if (!arg) return false;
      if (perElement) return shape === 'handle' && this.isHandleList(arg, owner);
      return this.is(arg, owner, shape);
    };
    // Direct calls: f(…), self.m(…), and Class(…) for __init__.
    const calledAs = fn.name === '__init__' && fn.cls ? fn.cls.name : fn.name;
    if (calledAs) {
      for (const call of this.facts.callsByName.get(calledAs) ?? []) {
        let offset = 0;
        if (fn.name === '__init__') {
          if (call.isMethod) continue;
          offset = 1;
        } else {
          const ref = this.functions.resolveCallable(call.callee, call.owner);
          if (ref?.fn !== fn) continue;
          offset = ref.bound ? 1 : 0;
        }
        const args = callArgs(call.node);
        if (check(args.positional, args.keywords, offset, call.owner, false)) return true;
      }
    }
    // Worker entries: Thread(target=f, args=(…)), partial(f, …), pool.submit(f, …), pool.map(f, items).
    for (const origin of this.threads.origins) {
      for (const entry of origin.entries) {
        if (entry.callable.fn !== fn) continue;
        const positional = [...entry.callable.boundArgs, ...entry.args];
        if (check(positional, entry.keywords, entry.callable.bound ? 1 : 0, origin.owner, entry.perElement)) return true;
      }
    }
    return false;
  }

  /** `self.<attr>` is a handle when some method of the class stores one there. */
  private selfAttrIs(attr: string, owner: FunctionInfo | null, shape: Shape): boolean {
    const cls = this.functions.classOf(owner);
    if (!cls) return false;
    for (const binding of this.attrIndex().get(attr) ?? []) {
      if (this.functions.classOf(binding.owner) !== cls) continue;
      if (this.bindingIs(binding, shape)) return true;
    }
    return false;
  }

  /** Name bindings of the whole file by scope and name, built on first use (only files with worker code need it). */
  private index(): Map<string, NameBinding[]> {
    if (this.bindings) return this.bindings;
    const index = new Map<string, NameBinding[]>();
    const attrs = new Map<string, NameBinding[]>();
    const add = (name: string, binding: NameBinding): void => {
      const key = scopedKey(binding.owner, name);
      const list = index.get(key);
      if (list) list.push(binding);
      else index.set(key, [binding]);
    };
    for (const { node, owner } of this.facts.assigns) {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!left || !right) continue;
      if (left.type === 'identifier') add(left.text, { kind: 'value', expr: right, owner });
      else if (left.type === 'attribute') {
        const name = dottedName(left);
        if (name?.startsWith('self.') && name.split('.').length === 2) {
          const attr = name.slice(5);
          const list = attrs.get(attr);
          const binding: NameBinding = { kind: 'value', expr: right, owner };
          if (list) list.push(binding);
          else attrs.set(attr, [binding]);
        }
      } else {
        // a, b = st.columns(2)
        for (const element of sequenceElements(left) ?? []) {
          if (element.type === 'identifier') add(element.text, { kind: 'element', expr: right, owner });
        }
      }
    }
    for (const { node, owner } of this.facts.fors) {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      for (const name of identifiersIn(left)) {
        const found = patternBinding(left, right, name, owner, 'element');
        if (found) add(name, found);
      }
    }
    for (const { node, owner } of this.facts.withs) {
      for (const pattern of withPatterns(node)) {
        const alias = pattern.childForFieldName('alias')?.namedChild(0);
        const value = pattern.namedChild(0);
        if (alias?.type === 'identifier' && value) add(alias.text, { kind: 'value', expr: value, owner });
      }
    }
    for (const call of this.facts.callsByName.get('append') ?? []) {
      if (!call.isMethod) continue;
      const list = unwrap(call.callee?.childForFieldName('object') ?? null);
      const value = callArgs(call.node).positional[0];
      if (!value || !list) continue;
      if (list.type === 'identifier') add(list.text, { kind: 'appended', expr: value, owner: call.owner });
      else {
        const name = dottedName(list);
        if (name?.startsWith('self.') && name.split('.').length === 2) {
          const attr = name.slice(5);
          const bindings = attrs.get(attr) ?? [];
          bindings.push({ kind: 'appended', expr: value, owner: call.owner });
          attrs.set(attr, bindings);
        }
      }
    }
    this.bindings = index;
    this.selfAttrs = attrs;
    return index;
  }

  private attrIndex(): Map<string, NameBinding[]> {
    this.index();
    return this.selfAttrs ?? new Map();
  }
}

/** Bindings are indexed by the scope that makes them and the name. */
function scopedKey(owner: FunctionInfo | null, name: string): string {
  return `${owner?.id ?? -1}:${name}`;
}

/** The `x as y` items of a with statement's header (never its body). */
export function withPatterns(withStatement: Node): Node[] {
  const found: Node[] = [];
  for (const item of withItems(withStatement)) {
    const value = item.childForFieldName('value');
    if (value?.type === 'as_pattern') found.push(value);
  }
  return found;
}

export function withItems(withStatement: Node): Node[] {
  const clause = withStatement.namedChildren.find((c) => c?.type === 'with_clause');
  return clause ? clause.namedChildren.filter((c): c is Node => c?.type === 'with_item') : [];
}

function identifiersIn(pattern: Node | null): string[] {
  if (!pattern) return [];
  if (pattern.type === 'identifier') return [pattern.text];
  return (sequenceElements(pattern) ?? []).flatMap((e) => (e.type === 'identifier' ? [e.text] : []));
}

/**
 * What `name` in `pattern` receives when the pattern is bound to one element of `iterable`:
 * `for c in xs` → an element of xs; `for i, c in enumerate(xs)` → an element of xs;
 * `for d, c in zip(ds, xs)` → an element of xs.
 */
function patternBinding(pattern: Node | null, iterable: Node | null, name: string, owner: FunctionInfo | null, kind: 'element'): NameBinding | null {
  const target = unwrap(pattern);
  const source = unwrap(iterable);
  if (!target || !source) return null;
  if (target.type === 'identifier') return target.text === name ? { kind, expr: source, owner } : null;
  const parts = sequenceElements(target);
  if (!parts) return null;
  const index = parts.findIndex((p) => p.type === 'identifier' && p.text === name);
  if (index < 0) return null;
  if (source.type === 'call') {
    const fnName = source.childForFieldName('function');
    const args = callArgs(source).positional;
    if (fnName?.type === 'identifier' && fnName.text === 'enumerate' && parts.length === 2) {
      return index === 1 && args[0] ? { kind, expr: args[0], owner } : null;
    }
    if (fnName?.type === 'identifier' && fnName.text === 'zip') {
      const arg = args[index];
      return arg ? { kind, expr: arg, owner } : null;
    }
  }
  return null;
}

// The thread model: where threads are created and started, which functions they run,
// which `add_script_run_ctx` calls bind them, and where they are joined.
import type { CallFact, ClassInfo, Facts, FunctionInfo } from '../collect';
import { argument, callArgs, dottedName, parentOf, sequenceElements, unwrap, type CallArgs, type Node } from '../syntax';
import type { CallableRef, Functions } from './functions';
import { isAddContext, isExecutorClass, isGetContext, Q, type Names } from './names';
import { runsAfter, runsBefore, type PathQuery } from './paths';

export type OriginKind = 'thread' | 'timer' | 'subclass' | 'executor' | 'to_thread' | 'run_in_executor';

/** How the code refers to a thread object after creating it. */
export interface ThreadRef {
  /**
   * var: `t = Thread(…)` or `self.t = …`; collection: `threads = [Thread(…) …]` or
   * `threads.append(Thread(…))`; inline: `Thread(…).start()`; bound-inline:
   * `add_script_run_ctx(Thread(…))…`; other: passed on, returned or not started here.
   */
  kind: 'var' | 'collection' | 'inline' | 'bound-inline' | 'other';
  name: string;
  owner: FunctionInfo | null;
}

/** A function started as worker code, and the arguments it receives. */
export interface Entry {
  callable: CallableRef;
  args: Node[];
  keywords: Map<string, Node>;
  /** `pool.map(f, items)`: each parameter receives one element of the argument. */
  perElement: boolean;
}

export type BindingProblem = 'after-start' | 'none-context' | 'worker-context' | 'start-result';

export interface BindingSite {
  call: Node;
  owner: FunctionInfo | null;
  problem: BindingProblem | null;
}

export interface ExecutorInfo {
  creation: Node;
  name: string | null;
  owner: FunctionInfo | null;
  /** Created in a `with` block or shut down explicitly. */
  managed: boolean;
  initializer: CallableRef | null;
  initargs: Node[];
  /** Set when the initializer attaches a context captured on the script thread. */
  boundByInitializer: boolean;
}

export interface Origin {
  id: number;
  kind: OriginKind;
  /** The call that creates the thread or hands work to a pool. */
  creation: Node;
  owner: FunctionInfo | null;
  entries: Entry[];
  ref: ThreadRef;
  starts: Node[];
  joins: Node[];
  bindings: BindingSite[];
  executor: ExecutorInfo | null;
  /** `Thread(target=st.write)`: the target itself is a Streamlit command. */
  streamlitTarget: Node | null;
  /** A valid binding runs before every start (computed by `resolveBindings`). */
  bound: boolean;
  /** `self` of a Thread subclass is bound in `__init__`. */
  boundInInit: boolean;
}

export class ThreadModel {
  readonly origins: Origin[] = [];
  /** `add_script_run_ctx` calls that bind nothing useful (TL003 candidates not tied to an origin). */
  readonly strayBindings: BindingSite[] = [];
  /** Every `add_script_run_ctx` call in the file. */
  readonly bindingCalls: CallFact[] = [];
  readonly threadClasses = new Set<ClassInfo>();
  readonly executors: ExecutorInfo[] = [];

  constructor(
    private readonly facts: Facts,
    private readonly names: Names,
    private readonly functions: Functions,
  ) {
    this.findThreadClasses();
    this.findBindingCalls();
    this.findExecutors();
    this.findOrigins();
  }

  /** Thread subclasses (also indirect ones through classes of this file). */
  private findThreadClasses(): void {
    let changed = true;
    while (changed) {
      changed = false;
      for (const cls of this.facts.classes) {
        if (this.threadClasses.has(cls)) continue;
        const isThread = cls.superclasses.some((base) => {
          const q = this.names.qualify(base);
          if (q === Q.thread || q === Q.timer) return true;
          const local = base.type === 'identifier' ? this.functions.classNamed(base.text) : null;
          return local !== null && this.threadClasses.has(local);
        });
        if (isThread) {
          this.threadClasses.add(cls);
          changed = true;
        }
      }
    }
  }

  private findBindingCalls(): void {
    const names = new Set([...this.names.addContextNames, 'add_script_run_ctx', 'add_report_ctx']);
    for (const name of names) {
      for (const call of this.facts.callsByName.get(name) ?? []) {
        if (isAddContext(this.names.qualify(call.callee))) this.bindingCalls.push(call);
      }
    }
    this.bindingCalls.sort((a, b) => a.nameNode.startIndex - b.nameNode.startIndex);
  }

  private findExecutors(): void {
    // Also under an import alias (`from concurrent.futures import ThreadPoolExecutor as Pool`).
    const names = new Set(['ThreadPoolExecutor', ...this.names.localNamesFor(isExecutorClass)]);
    for (const name of names) for (const call of this.facts.callsByName.get(name) ?? []) this.addExecutor(call);
  }

  private addExecutor(call: CallFact): void {
    if (!isExecutorClass(this.names.qualify(call.callee))) return;
    const args = callArgs(call.node);
    const parent = parentOf(call.node);
    let name: string | null = null;
    let managed = false;
    if (parent?.type === 'as_pattern') {
      name = dottedName(parent.childForFieldName('alias')?.namedChild(0) ?? null);
      managed = true;
    } else if (parent?.type === 'with_item') {
      managed = true;
    } else if (parent?.type === 'assignment') {
      name = dottedName(parent.childForFieldName('left'));
    }
    if (name && !managed) {
      managed = (this.facts.callsByName.get('shutdown') ?? []).some(
        (c) => c.isMethod && dottedName(c.callee?.childForFieldName('object') ?? null) === name,
      );
    }
    const init = argument(args, 2, 'initializer');
    const initargs = sequenceElements(argument(args, 3, 'initargs') ?? null) ?? [];
    this.executors.push({
      creation: call.node,
      name,
      owner: call.owner,
      managed,
      initializer: init ? this.functions.resolveCallable(init, call.owner) : null,
      initargs,
      boundByInitializer: false,
    });
  }

  private findOrigins(): void {
    const seen = new Set<number>();
    const add = (origin: Omit<Origin, 'id' | 'starts' | 'joins' | 'bindings' | 'bound' | 'boundInInit'>): void => {
      if (seen.has(origin.creation.startIndex)) return;
      seen.add(origin.creation.startIndex);
      // Spelled out rather than spread: spreading these objects was a slow path in V8.
      this.origins.push({
        id: this.origins.length,
        kind: origin.kind,
        creation: origin.creation,
        owner: origin.owner,
        entries: origin.entries,
        ref: origin.ref,
        starts: [],
        joins: [],
        bindings: [],
        executor: origin.executor,
        streamlitTarget: origin.streamlitTarget,
        bound: false,
        boundInInit: false,
      });
    };

    const threadClassNames = new Set([...this.threadClasses].map((c) => c.name));
    // Thread/Timer under any import alias, or a Thread subclass of this file.
    const candidateNames = new Set(['Thread', 'Timer', ...threadClassNames, ...this.names.localNamesFor((q) => q === Q.thread || q === Q.timer)]);
    const candidates: CallFact[] = [];
    for (const name of candidateNames) candidates.push(...(this.facts.callsByName.get(name) ?? []));
    candidates.sort((a, b) => a.nameNode.startIndex - b.nameNode.startIndex);
    for (const call of candidates) {
      const q = this.names.qualify(call.callee);
      const args = callArgs(call.node);
      if (q === Q.thread || q === Q.timer) {
        const isTimer = q === Q.timer;
        const target = argument(args, 1, isTimer ? 'function' : 'target');
        const argTuple = argument(args, isTimer ? 2 : 3, 'args');
        add({
          kind: isTimer ? 'timer' : 'thread',
          creation: call.node,
          owner: call.owner,
          entries: this.entry(target, call.owner, sequenceElements(argTuple ?? null) ?? [], kwargsOf(argument(args, isTimer ? 3 : 4, 'kwargs')), false),
          ref: this.refOf(call),
          executor: null,
          streamlitTarget: this.streamlitTarget(target),
        });
      } else if (!call.isMethod && threadClassNames.has(call.name)) {
        const cls = this.functions.classNamed(call.name);
        const run = cls ? this.functions.method(cls, 'run') : null;
        add({
          kind: 'subclass',
          creation: call.node,
          owner: call.owner,
          entries: run ? [{ callable: { fn: run, boundArgs: [], bound: true }, args: [], keywords: new Map(), perElement: false }] : [],
          ref: this.refOf(call),
          executor: null,
          streamlitTarget: null,
        });
      }
    }

    // Work handed to a pool or to asyncio's default executor.
    for (const name of ['submit', 'map']) {
      for (const call of this.facts.callsByName.get(name) ?? []) {
        if (!call.isMethod) continue;
        const object = call.objectText(this.facts.source);
        // Only pools of this file can be submitted to: a named pool, or `ThreadPoolExecutor(…).submit`.
        if (object !== '' && !this.executors.some((e) => e.name === object)) continue;
        const executor = this.executorOf(call);
        if (!executor) continue;
        const args = callArgs(call.node);
        const [target, ...rest] = args.positional;
        add({
          kind: 'executor',
          creation: call.node,
          owner: call.owner,
          entries: this.entry(target, call.owner, rest, args.keywords, name === 'map'),
          ref: { kind: 'other', name: '', owner: call.owner },
          executor,
          streamlitTarget: this.streamlitTarget(target),
        });
      }
    }
    for (const call of this.facts.callsByName.get('to_thread') ?? []) {
      if (this.names.qualify(call.callee) !== Q.toThread) continue;
      const args = callArgs(call.node);
      const [target, ...rest] = args.positional;
      add({
        kind: 'to_thread',
        creation: call.node,
        owner: call.owner,
        entries: this.entry(target, call.owner, rest, args.keywords, false),
        ref: { kind: 'other', name: '', owner: call.owner },
        executor: null,
        streamlitTarget: this.streamlitTarget(target),
      });
    }
    for (const call of this.facts.callsByName.get('run_in_executor') ?? []) {
      if (!call.isMethod) continue;
      const args = callArgs(call.node);
      const [, target, ...rest] = args.positional;
      add({
        kind: 'run_in_executor',
        creation: call.node,
        owner: call.owner,
        entries: this.entry(target, call.owner, rest, new Map(), false),
        ref: { kind: 'other', name: '', owner: call.owner },
        executor: null,
        streamlitTarget: this.streamlitTarget(target),
      });
    }
    this.attachStartsAndJoins();
  }

  /** Origins by the scope and name their thread is referred to (`t`, `self.t`, `threads`). */
  private byRefName: Map<string, Origin[]> | undefined;

  /**
   * `self.t` is shared by all methods of a class; plain names are local to one function.
   * Keys keep lookups per scope, so a file with many functions naming their thread `t` stays linear.
   */
  private refKey(owner: FunctionInfo | null, name: string): string {
    if (name.startsWith('self.')) return `c${this.functions.classOf(owner)?.id ?? -1}:${name}`;
    return `f${owner?.id ?? -1}:${name}`;
  }

  private originsNamed(owner: FunctionInfo | null, name: string): Origin[] {
    if (!this.byRefName) {
      this.byRefName = new Map();
      for (const origin of this.origins) {
        if (origin.ref.kind !== 'var' && origin.ref.kind !== 'collection') continue;
        const key = this.refKey(origin.ref.owner, origin.ref.name);
        const list = this.byRefName.get(key);
        if (list) list.push(origin);
        else this.byRefName.set(key, [origin]);
      }
    }
    return this.byRefName.get(this.refKey(owner, name)) ?? [];
  }

  /** The origins whose thread `expr`, evaluated in `owner`, denotes. */
  originsDenotedBy(expr: Node | null, owner: FunctionInfo | null): Origin[] {
    const node = unwrap(expr);
    const name = dottedName(node);
    if (!node || !name) return [];
    const found = this.originsNamed(owner, name).filter((o) => o.ref.kind === 'var');
    if (!name.includes('.')) {
      // `t` inside `for t in threads:` denotes every thread of the collection.
      const collection = this.facts.loopBinding(node, name, owner)?.iterable;
      if (collection) for (const o of this.originsNamed(owner, collection)) if (o.ref.kind === 'collection') found.push(o);
    }
    return found;
  }

  /** `<ref>.start()` and `<ref>.join()` calls, including `t.start()` inside `for t in <collection>`. */
  private attachStartsAndJoins(): void {
    if (this.origins.length === 0) return;
    // Names a start/join can be called on: thread variables, and loop variables over lists of threads.
    const objects = new Set<string>();
    const collections = new Set<string>();
    for (const o of this.origins) {
      if (o.ref.kind === 'var') objects.add(o.ref.name);
      if (o.ref.kind === 'collection') collections.add(o.ref.name);
    }
    for (const loop of this.facts.loops()) if (loop.variable && loop.iterable && collections.has(loop.iterable)) objects.add(loop.variable);
    for (const method of ['start', 'join'] as const) {
      for (const call of this.facts.callsByName.get(method) ?? []) {
        // `", ".join(…)` and `os.path.join(…)` are skipped without touching the tree.
        if (!call.isMethod || !objects.has(call.objectText(this.facts.source))) continue;
        const object = call.callee?.childForFieldName('object') ?? null;
        for (const origin of this.originsDenotedBy(object, call.owner)) {
          (method === 'start' ? origin.starts : origin.joins).push(call.node);
        }
      }
    }
    for (const origin of this.origins) {
      const start = origin.ref.kind === 'inline' ? parentOf(parentOf(origin.creation) ?? origin.creation) : null;
      if (start) origin.starts.push(start);
    }
  }

  private entry(target: Node | undefined, owner: FunctionInfo | null, args: Node[], keywords: Map<string, Node>, perElement: boolean): Entry[] {
    const callable = this.functions.resolveCallable(target, owner);
    return callable ? [{ callable, args, keywords, perElement }] : [];
  }

  private streamlitTarget(target: Node | undefined): Node | null {
    const q = this.names.qualify(target ?? null);
    return q && q.startsWith('streamlit.') && !q.startsWith(Q.sessionState) ? (target ?? null) : null;
  }

  private executorOf(call: CallFact): ExecutorInfo | null {
    const object = unwrap(call.callee?.childForFieldName('object') ?? null);
    if (!object) return null;
    if (object.type === 'call') return this.executors.find((e) => e.creation.startIndex === object.startIndex) ?? null;
    const name = dottedName(object);
    if (!name) return null;
    // Prefer the pool created in the same function; fall back to any pool of that name.
    return this.executors.find((e) => e.name === name && e.owner === call.owner) ?? this.executors.find((e) => e.name === name) ?? null;
  }

  /** How the thread created by `call` is referred to afterwards. */
  private refOf(call: CallFact): ThreadRef {
    const owner = call.owner;
    let node = call.node;
    let parent = parentOf(node);
    while (parent?.type === 'parenthesized_expression') {
      node = parent;
      parent = parentOf(parent);
    }
    if (!parent) return { kind: 'other', name: '', owner };
    switch (parent.type) {
      case 'assignment': {
        const name = dottedName(parent.childForFieldName('left'));
        return name ? { kind: 'var', name, owner } : { kind: 'other', name: '', owner };
      }
      case 'attribute':
        return parent.childForFieldName('attribute')?.text === 'start' && parentOf(parent)?.type === 'call'
          ? { kind: 'inline', name: '', owner }
          : { kind: 'other', name: '', owner };
      case 'argument_list': {
        const outer = parentOf(parent);
        if (outer?.type !== 'call') return { kind: 'other', name: '', owner };
        const callee = outer.childForFieldName('function');
        if (isAddContext(this.names.qualify(callee)) && parent.namedChild(0)?.startIndex === node.startIndex) {
          const outerParent = parentOf(outer);
          const assigned = outerParent?.type === 'assignment' ? dottedName(outerParent.childForFieldName('left')) : null;
          return assigned ? { kind: 'var', name: assigned, owner } : { kind: 'bound-inline', name: '', owner };
        }
        if (callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'append') {
          const list = dottedName(callee.childForFieldName('object'));
          if (list) return { kind: 'collection', name: list, owner };
        }
        return { kind: 'other', name: '', owner };
      }
      case 'list':
      case 'list_comprehension': {
        const assignment = parentOf(parent);
        const name = assignment?.type === 'assignment' ? dottedName(assignment.childForFieldName('left')) : null;
        return name ? { kind: 'collection', name, owner } : { kind: 'other', name: '', owner };
      }
      default:
        return { kind: 'other', name: '', owner };
    }
  }

  private byCreation: Map<number, Origin> | undefined;

  /** The origin whose creation call is `node`. */
  private originAt(node: Node): Origin | undefined {
    if (!this.byCreation) {
      this.byCreation = new Map();
      for (const o of this.origins) this.byCreation.set(o.creation.startIndex, o);
    }
    const found = this.byCreation.get(node.startIndex);
    return found && found.creation.id === node.id ? found : undefined;
  }

  /** The `for` loop of the origin's function around `node` that iterates its collection with `variable`. */
  loopOver(node: Node, variable: string, origin: Origin): Node | null {
    const loop = this.facts.loopBinding(node, variable, origin.ref.owner);
    return loop && loop.iterable === origin.ref.name ? loop.node : null;
  }

  /** The query "a join of this origin's thread runs here" for path checks. */
  joinQuery(origin: Origin): PathQuery {
    return { calls: origin.joins, loopCounts: this.loopCountsFor(origin.ref) };
  }

  loopCountsFor(ref: ThreadRef): ((stmt: Node) => boolean) | undefined {
    if (ref.kind !== 'collection') return undefined;
    return (stmt) => dottedName(stmt.childForFieldName('right')) === ref.name && stmt.childForFieldName('left')?.type === 'identifier';
  }

  /**
   * Attaches each `add_script_run_ctx` call to the origins it binds, judges it, and decides
   * which origins are bound before every start. `isWorker` tells whether a function runs in a worker.
   */
  resolveBindings(isWorker: (fn: FunctionInfo | null) => boolean): void {
    for (const call of this.bindingCalls) {
      const args = callArgs(call.node);
      const threadArg = unwrap(argument(args, 0, 'thread') ?? null);
      const ctxArg = argument(args, 1, 'ctx');
      const site: BindingSite = { call: call.node, owner: call.owner, problem: this.contextProblem(ctxArg, call.owner, isWorker) };
      let attached = false;
      if (threadArg?.type === 'call') {
        const callee = threadArg.childForFieldName('function');
        if (callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'start') {
          // add_script_run_ctx(t.start()) binds the None that start() returns.
          site.problem = 'start-result';
          this.strayBindings.push(site);
          continue;
        }
        const origin = this.originAt(threadArg);
        if (origin) {
          origin.bindings.push(site);
          attached = true;
        }
      } else if (threadArg?.type === 'identifier' && threadArg.text === 'self') {
        const cls = this.functions.classOf(call.owner);
        if (cls && this.threadClasses.has(cls) && call.owner?.name === '__init__' && call.owner.cls === cls) {
          for (const o of this.origins) {
            if (o.kind === 'subclass' && this.inheritsFrom(o, cls)) {
              o.bindings.push(site);
              if (!site.problem) o.boundInInit = true;
            }
          }
          attached = true;
        }
      } else if (threadArg) {
        for (const origin of this.originsDenotedBy(threadArg, call.owner)) {
          origin.bindings.push(site);
          attached = true;
        }
      }
      if (!attached) this.strayBindings.push(site);
    }

    for (const origin of this.origins) {
      for (const site of origin.bindings) {
        if (site.problem) continue;
        const startedBefore = origin.starts.some(
          (s) => s.endIndex <= site.call.startIndex && !runsBefore(this.facts.root, s, { calls: [site.call], loopCounts: this.loopCountsFor(origin.ref) }),
        );
        if (startedBefore) site.problem = 'after-start';
      }
      const valid = origin.bindings.filter((b) => !b.problem).map((b) => b.call);
      if (origin.boundInInit || origin.ref.kind === 'bound-inline') origin.bound = valid.length > 0;
      else if (valid.length === 0) origin.bound = false;
      else if (origin.starts.length === 0) origin.bound = true;
      else {
        const query: PathQuery = { calls: valid, loopCounts: this.loopCountsFor(origin.ref) };
        origin.bound = origin.starts.every((s) => runsBefore(this.facts.root, s, query));
      }
      if (origin.kind === 'executor' && origin.executor?.boundByInitializer) origin.bound = true;
    }
  }

  private inheritsFrom(origin: Origin, cls: ClassInfo): boolean {
    const callee = origin.creation.childForFieldName('function');
    let current = callee?.type === 'identifier' ? this.functions.classNamed(callee.text) : null;
    const seen = new Set<ClassInfo>();
    while (current && !seen.has(current)) {
      if (current === cls) return true;
      seen.add(current);
      current = this.functions.baseInFile(current);
    }
    return false;
  }

  /**
   * What is wrong with the context argument of a binding made in `owner`, if anything.
   * The script thread's own context is right; None, or a lookup made inside a worker, is not.
   */
  contextProblem(ctxArg: Node | undefined, owner: FunctionInfo | null, isWorker: (fn: FunctionInfo | null) => boolean): BindingProblem | null {
    const ctx = unwrap(ctxArg ?? null);
    const inWorker = isWorker(owner);
    if (!ctx) return inWorker ? 'worker-context' : null;
    if (ctx.type === 'none') return 'none-context';
    if (ctx.type === 'call') {
      return inWorker && isGetContext(this.names.qualify(ctx.childForFieldName('function'))) ? 'worker-context' : null;
    }
    if (ctx.type === 'identifier' && inWorker && owner) {
      // A local assigned from get_script_run_ctx() inside the worker holds None.
      const local = this.facts.assignsIn(owner).some(
        (a) =>
          a.node.childForFieldName('left')?.text === ctx.text &&
          isGetContext(this.names.qualify(unwrap(a.node.childForFieldName('right'))?.childForFieldName('function') ?? null)),
      );
      return local ? 'worker-context' : null;
    }
    return null;
  }

  /** True when some join of the origin's thread runs on every path after each start. */
  joinedEverywhere(origin: Origin): boolean {
    if (origin.joins.length === 0) return false;
    const query = this.joinQuery(origin);
    if (origin.ref.kind === 'var' && origin.ref.name.startsWith('self.')) return true;
    const starts = origin.starts.length > 0 ? origin.starts : [origin.creation];
    return starts.every((s) => runsAfter(this.facts.root, s, query));
  }
}

function kwargsOf(node: Node | undefined): Map<string, Node> {
  const map = new Map<string, Node>();
  const dict = unwrap(node ?? null);
  if (dict?.type !== 'dictionary') return map;
  for (const pair of dict.namedChildren) {
    if (pair?.type !== 'pair') continue;
    const key = pair.childForFieldName('key');
    const value = pair.childForFieldName('value');
    const keyText = key?.type === 'string' ? key.text.slice(1, -1) : null;
    if (keyText && value) map.set(keyText, value);
  }
  return map;
}

export type { CallArgs };

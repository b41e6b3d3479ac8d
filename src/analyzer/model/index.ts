// The semantic model of one file: Streamlit names, the thread model, handles, and which
// functions run in worker threads with or without a bound ScriptRunContext.
import type { Language } from 'web-tree-sitter';
import { collectFacts, type Facts, type FunctionInfo } from '../collect';
import type { Node } from '../syntax';
import { Functions } from './functions';
import { Handles } from './handles';
import { Names } from './names';
import { ThreadModel, type Origin } from './threads';
import { scanWorker, type ScanOptions, type StreamlitUse, type WorkerScan } from './workers';

export interface Worker {
  scan: WorkerScan;
  /** Origins whose threads run this function. */
  reachedBy: Set<Origin>;
  /** Origins whose threads run it without a context (no binding, and no self-binding on the way). */
  unboundBy: Set<Origin>;
  /** Start index of the first valid self-binding in this function (uses after it are bound). */
  selfBoundFrom: number;
}

export interface SemanticModel {
  source: string;
  root: Node;
  facts: Facts;
  names: Names;
  functions: Functions;
  threads: ThreadModel;
  handles: Handles;
  workers: Map<FunctionInfo, Worker>;
}

export function buildModel(root: Node, source: string, language: Language, options: ScanOptions): SemanticModel {
  const facts = collectFacts(root, source, language);
  const names = new Names(facts);
  const functions = new Functions(facts, names);
  const threads = new ThreadModel(facts, names, functions);
  const handles = new Handles(facts, names, functions, threads);
  const model: SemanticModel = { source, root, facts, names, functions, threads, handles, workers: new Map() };
  if (threads.origins.length === 0 && threads.bindingCalls.length === 0) return model;
  names.resolveAliases();

  // Which functions run in workers at all: entries, pool initializers, and their callees.
  const workerOf = (fn: FunctionInfo): Worker => {
    let worker = model.workers.get(fn);
    if (!worker) {
      worker = { scan: scanWorker(fn, names, functions, handles, options), reachedBy: new Set(), unboundBy: new Set(), selfBoundFrom: Infinity };
      model.workers.set(fn, worker);
    }
    return worker;
  };
  const roots: FunctionInfo[] = [];
  for (const origin of threads.origins) for (const entry of origin.entries) roots.push(entry.callable.fn);
  for (const executor of threads.executors) if (executor.initializer) roots.push(executor.initializer.fn);
  const queue = [...roots];
  const seen = new Set<FunctionInfo>();
  while (queue.length > 0) {
    const fn = queue.pop()!;
    if (seen.has(fn)) continue;
    seen.add(fn);
    for (const edge of workerOf(fn).scan.edges) queue.push(edge.ref.fn);
  }

  threads.resolveBindings((fn) => fn !== null && model.workers.has(fn));

  // Self-bindings inside workers: add_script_run_ctx(current_thread(), ctx) with a captured ctx.
  for (const site of threads.strayBindings) {
    if (site.problem || !site.owner) continue;
    const worker = model.workers.get(site.owner);
    if (worker) worker.selfBoundFrom = Math.min(worker.selfBoundFrom, site.call.startIndex);
  }
  for (const executor of threads.executors) {
    const init = executor.initializer ? model.workers.get(executor.initializer.fn) : undefined;
    executor.boundByInitializer = init !== undefined && init.selfBoundFrom !== Infinity;
  }
  for (const origin of threads.origins) if (origin.executor?.boundByInitializer) origin.bound = true;

  // Reachability per origin, carrying whether the context is bound along the way.
  for (const origin of threads.origins) {
    const visited = new Set<string>();
    const work: { fn: FunctionInfo; bound: boolean }[] = origin.entries.map((e) => ({ fn: e.callable.fn, bound: origin.bound }));
    while (work.length > 0) {
      const { fn, bound } = work.pop()!;
      const key = `${fn.id}:${bound}`;
      if (visited.has(key)) continue;
      visited.add(key);
      const worker = workerOf(fn);
      worker.reachedBy.add(origin);
      if (!bound) worker.unboundBy.add(origin);
      for (const edge of worker.scan.edges) {
        work.push({ fn: edge.ref.fn, bound: bound || edge.call.startIndex > worker.selfBoundFrom });
      }
    }
  }
  return model;
}

/** Uses in a worker that run without a context on some thread, with the origins responsible. */
export function unboundUses(worker: Worker): StreamlitUse[] {
  if (worker.unboundBy.size === 0) return [];
  return worker.scan.uses.filter((use) => use.node.startIndex < worker.selfBoundFrom);
}

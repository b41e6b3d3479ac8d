// Resolves local names to qualified names through imports and simple aliases
// (`import streamlit as st`, `from threading import Thread as T`, `ss = st.session_state`).
import type { Facts } from '../collect';
import { dottedName, unwrap, type Node } from '../syntax';

/** Qualified names the model reasons about. */
export const Q = {
  streamlit: 'streamlit',
  sessionState: 'streamlit.session_state',
  sidebar: 'streamlit.sidebar',
  thread: 'threading.Thread',
  timer: 'threading.Timer',
  partial: 'functools.partial',
  toThread: 'asyncio.to_thread',
} as const;

const CURRENT_THREAD = new Set(['threading.current_thread', 'threading.currentThread']);
const EXECUTORS = new Set(['concurrent.futures.ThreadPoolExecutor', 'concurrent.futures.thread.ThreadPoolExecutor']);

/** Context helpers live in several modules across Streamlit versions; all of them are under `streamlit.`. */
export function isAddContext(qualified: string | null): boolean {
  return (
    qualified !== null &&
    qualified.startsWith('streamlit.') &&
    (qualified.endsWith('.add_script_run_ctx') || qualified.endsWith('.add_report_ctx'))
  );
}

export function isGetContext(qualified: string | null): boolean {
  return (
    qualified !== null &&
    qualified.startsWith('streamlit.') &&
    (qualified.endsWith('.get_script_run_ctx') || qualified.endsWith('.get_report_ctx'))
  );
}

export function isCurrentThread(qualified: string | null): boolean {
  return qualified !== null && CURRENT_THREAD.has(qualified);
}

export function isExecutorClass(qualified: string | null): boolean {
  return qualified !== null && EXECUTORS.has(qualified);
}

export class Names {
  /** Local name → qualified name, from imports (and later, simple aliases). */
  private readonly bound = new Map<string, string>();
  /** Local names under which `add_script_run_ctx` / `get_script_run_ctx` are imported. */
  readonly addContextNames: string[] = [];
  readonly getContextNames: string[] = [];
  private aliasesResolved = false;

  constructor(private readonly facts: Facts) {
    for (const { node } of facts.imports) this.readImport(node);
  }

  /** The qualified name of a name or dotted expression, or null when it is not imported. */
  qualify(node: Node | null): string | null {
    if (!node) return null;
    if (!this.mayQualifyAt(node.startIndex)) return null;
    const dotted = dottedName(node);
    if (dotted === null) return null;
    return this.qualifyDotted(dotted);
  }

  /**
   * False when a node starting at `start` cannot name anything imported: a dotted name starts
   * with its head identifier, so when the source text there is an identifier no import binds,
   * there is nothing to walk. Needs only the offset, so tree walks can skip a node without
   * building its wrapper.
   */
  mayQualifyAt(start: number): boolean {
    const source = this.facts.source;
    let end = start;
    while (end < source.length && isIdentifierChar(source.charCodeAt(end))) end++;
    return !(end > start && !(source.charCodeAt(end) > 127) && !this.bound.has(source.slice(start, end)));
  }

  qualifyDotted(dotted: string): string | null {
    const dot = dotted.indexOf('.');
    const head = dot < 0 ? dotted : dotted.slice(0, dot);
    const target = this.bound.get(head);
    if (target === undefined) return null;
    return dot < 0 ? target : target + dotted.slice(dot);
  }

  /** Local names bound to a qualified name that satisfies `test`. */
  localNamesFor(test: (qualified: string) => boolean): string[] {
    const found: string[] = [];
    for (const [local, qualified] of this.bound) if (test(qualified)) found.push(local);
    return found;
  }

  /** True when some import binds a name under `streamlit`. */
  get importsStreamlit(): boolean {
    for (const target of this.bound.values()) if (target === Q.streamlit || target.startsWith('streamlit.')) return true;
    return false;
  }

  /**
   * Adds `x = <streamlit expression>` aliases (`ss = st.session_state`, `sb = st.sidebar`).
   * Deferred until worker code exists, because it reads every assignment in the file.
   */
  resolveAliases(): void {
    if (this.aliasesResolved) return;
    this.aliasesResolved = true;
    for (const { node } of this.facts.assigns) {
      const left = node.childForFieldName('left');
      const right = unwrap(node.childForFieldName('right'));
      if (left?.type !== 'identifier' || !right || (right.type !== 'attribute' && right.type !== 'identifier')) continue;
      const qualified = this.qualify(right);
      if (qualified && (qualified === Q.streamlit || qualified.startsWith('streamlit.'))) this.bound.set(left.text, qualified);
    }
  }

  private readImport(node: Node): void {
    if (node.type === 'import_statement') {
      for (const item of node.namedChildren) {
        if (!item) continue;
        if (item.type === 'dotted_name') {
          // `import a.b.c` binds `a` to the package `a`.
          const head = item.namedChild(0)?.text;
          if (head) this.bind(head, head);
        } else if (item.type === 'aliased_import') {
          const name = item.childForFieldName('name')?.text;
          const alias = item.childForFieldName('alias')?.text;
          if (name && alias) this.bind(alias, name);
        }
      }
      return;
    }
    // import_from_statement; relative imports never name streamlit or the stdlib.
    const moduleNode = node.childForFieldName('module_name');
    if (!moduleNode || moduleNode.type !== 'dotted_name') return;
    const module = moduleNode.text;
    for (const item of node.childrenForFieldName('name')) {
      if (!item) continue;
      if (item.type === 'dotted_name') this.bind(item.text, `${module}.${item.text}`);
      else if (item.type === 'aliased_import') {
        const name = item.childForFieldName('name')?.text;
        const alias = item.childForFieldName('alias')?.text;
        if (name && alias) this.bind(alias, `${module}.${name}`);
      }
    }
  }

  private bind(local: string, qualified: string): void {
    this.bound.set(local, qualified);
    if (isAddContext(qualified)) this.addContextNames.push(local);
    if (isGetContext(qualified)) this.getContextNames.push(local);
  }
}

/** ASCII letters, digits and `_`; other characters (rare in names) fall back to the full walk. */
function isIdentifierChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

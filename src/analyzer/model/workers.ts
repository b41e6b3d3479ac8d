// Pass 2: walks the body of each function that runs in a worker thread and records its
// Streamlit uses, the calls it makes to other functions of the file, self-bindings of a
// context, and loops that never end.
import type { FunctionInfo } from '../collect';
import { dottedName, parentOf, type Node } from '../syntax';
import type { CallableRef, Functions } from './functions';
import type { Handles } from './handles';
import { withItems } from './handles';
import { isAddContext, isGetContext, Q, type Names } from './names';
import { isContextFree, rootCommand, rootOutcome, type Outcome } from './streamlitApi';

export interface StreamlitUse {
  node: Node;
  /** `element` covers element, container and widget commands and handle writes (TL001); `state` is session state (TL002). */
  kind: 'element' | 'state';
  outcome: Outcome;
  /** How the code spells it, for messages: `st.write`, `placeholder.progress`. */
  label: string;
}

export interface WorkerScan {
  fn: FunctionInfo;
  uses: StreamlitUse[];
  edges: { ref: CallableRef; call: Node }[];
  /** `add_script_run_ctx(...)` calls made inside this function. */
  bindingCalls: Node[];
  /** A `while True:` loop with no way out. */
  loopsForever: boolean;
}

/** Named node kinds the walker descends into; anything else is unknown (see `strictNodes`). */
const KNOWN = new Set(
  (
    'aliased_import argument_list as_pattern as_pattern_target assert_statement assignment attribute augmented_assignment await ' +
    'binary_operator block boolean_operator break_statement call case_clause case_pattern chevron class_pattern comment ' +
    'comparison_operator complex_pattern concatenated_string conditional_expression constrained_type continue_statement ' +
    'decorator default_parameter delete_statement dict_pattern dictionary dictionary_comprehension dictionary_splat ' +
    'dictionary_splat_pattern dotted_name elif_clause ellipsis else_clause escape_interpolation escape_sequence except_clause ' +
    'except_group_clause exec_statement expression_list expression_statement false finally_clause float for_in_clause ' +
    'for_statement format_expression format_specifier future_import_statement generator_expression generic_type ' +
    'global_statement identifier if_clause if_statement import_from_statement import_prefix import_statement integer ' +
    'interpolation keyword_argument keyword_pattern keyword_separator lambda_parameters line_continuation list ' +
    'list_comprehension list_pattern list_splat list_splat_pattern match_statement member_type none nonlocal_statement ' +
    'not_operator pair parameters parenthesized_expression parenthesized_list_splat pass_statement pattern_list ' +
    'positional_separator print_statement raise_statement relative_import return_statement set set_comprehension slice ' +
    'splat_pattern splat_type string string_content string_end string_start subscript true try_statement tuple tuple_pattern ' +
    'type type_alias_statement type_conversion type_parameter typed_default_parameter typed_parameter unary_operator ' +
    'union_pattern union_type while_statement wildcard_import with_clause with_item with_statement yield named_expression ' +
    'ERROR block_comment'
  ).split(' '),
);

/** Nested definitions are separate functions: they run only when called. */
const NESTED_SCOPES = new Set(['function_definition', 'lambda', 'class_definition', 'decorated_definition']);

export interface ScanOptions {
  /** Throw on node kinds the walker does not know (tests), instead of descending (production). */
  strictNodes: boolean;
}

export function scanWorker(fn: FunctionInfo, names: Names, functions: Functions, handles: Handles, options: ScanOptions): WorkerScan {
  const scan: WorkerScan = { fn, uses: [], edges: [], bindingCalls: [], loopsForever: false };
  if (!fn.body) return scan;
  // A tree cursor instead of `namedChildren`: most nodes of a body (names, literals, operators)
  // are only looked at by type and offset, so they never get a JS node wrapper. The walk is
  // iterative (bodies can nest deeper than the JS stack allows) and pre-order in source order.
  const cursor = fn.body.walk();
  // Per depth: whether the node there runs inside a `with <handle>:` body, and the value its
  // `block` children get (different only for a with statement over a handle).
  const inWith: boolean[] = [false];
  const blockInWith: boolean[] = [];
  try {
    let depth = 0;
    for (;;) {
      let descend = false;
      if (cursor.nodeIsNamed) {
        const here = inWith[depth]!;
        blockInWith[depth] = here;
        descend = visit(cursor.nodeType, depth, here);
      }
      if (descend && cursor.gotoFirstChild()) {
        depth++;
        inWith[depth] = childInWith(depth);
        continue;
      }
      // Next sibling, else climb until an ancestor has one; done back at the body.
      for (;;) {
        if (depth === 0) break;
        if (cursor.gotoNextSibling()) {
          inWith[depth] = childInWith(depth);
          break;
        }
        cursor.gotoParent();
        depth--;
      }
      if (depth === 0) break;
    }
  } finally {
    cursor.delete();
  }
  scan.uses.sort((a, b) => a.node.startIndex - b.node.startIndex);
  return scan;

  function childInWith(depth: number): boolean {
    return cursor.nodeType === 'block' ? blockInWith[depth - 1]! : inWith[depth - 1]!;
  }

  /** Looks at the cursor's named node; true to walk into its children. */
  function visit(type: string, depth: number, inHandleWith: boolean): boolean {
    switch (type) {
      case 'call':
        visitCall(cursor.currentNode, inHandleWith);
        return true;
      case 'attribute': {
        if (!names.mayQualifyAt(cursor.startIndex)) return true;
        const node = cursor.currentNode;
        if (names.qualify(node) === Q.sessionState) {
          scan.uses.push({ node, kind: 'state', outcome: 'dropped', label: dottedName(node) ?? 'st.session_state' });
          return false;
        }
        return true;
      }
      case 'identifier': {
        if (!names.mayQualifyAt(cursor.startIndex)) return true;
        const node = cursor.currentNode;
        if (names.qualify(node) === Q.sessionState && !isKeywordName(node)) {
          scan.uses.push({ node, kind: 'state', outcome: 'dropped', label: node.text });
        }
        return true;
      }
      case 'with_statement': {
        // `with placeholder:` routes top-level st.* calls in the body through that handle.
        const node = cursor.currentNode;
        if (withItems(node).some((item) => handles.isOuterHandle(item.childForFieldName('value'), fn))) blockInWith[depth] = true;
        return true;
      }
      case 'while_statement':
        if (loopsForever(cursor.currentNode)) scan.loopsForever = true;
        return true;
      default:
        // The body itself may be a lambda (`lambda: lambda: …`); only nested ones are skipped.
        if (NESTED_SCOPES.has(type) && depth > 0) return false;
        if (!KNOWN.has(type) && options.strictNodes) throw new Error(`threadlit: unknown node type '${type}'`);
        return true;
    }
  }

  function visitCall(call: Node, inHandleWith: boolean): void {
    const callee = call.childForFieldName('function');
    const q = names.qualify(callee);
    if (q !== null && q.startsWith('streamlit.')) {
      if (isAddContext(q)) scan.bindingCalls.push(call);
      if (isAddContext(q) || isGetContext(q)) return;
      const command = rootCommand(q);
      if (command === null || isContextFree(command) || command === 'session_state') return;
      let outcome = rootOutcome(command);
      if (inHandleWith && outcome !== 'raises') outcome = 'raises';
      scan.uses.push({ node: call, kind: 'element', outcome, label: labelOf(callee) });
      return;
    }
    if (callee?.type === 'attribute') {
      const object = callee.childForFieldName('object');
      if (names.qualify(object) !== Q.sidebar && handles.isHandle(object, fn)) {
        // Through a handle from the script thread the write raises; through one the worker
        // made itself (Streamlit's root, without a context) it is dropped.
        const outcome = handles.isOuterHandle(object, fn) ? 'raises' : 'dropped';
        scan.uses.push({ node: call, kind: 'element', outcome, label: labelOf(callee) });
        return;
      }
    }
    const ref = functions.resolveCallable(callee, fn);
    if (ref) scan.edges.push({ ref, call });
    else if (callee?.type === 'identifier') {
      // Instantiating a class of this file runs its __init__.
      const cls = functions.classNamed(callee.text);
      const init = cls ? functions.method(cls, '__init__') : null;
      if (init) scan.edges.push({ ref: { fn: init, boundArgs: [], bound: true }, call });
    }
  }
}

function labelOf(callee: Node | null): string {
  if (!callee) return 'call';
  const dotted = dottedName(callee);
  if (dotted) return dotted;
  const text = callee.endIndex - callee.startIndex <= 60 ? callee.text : `….${callee.childForFieldName('attribute')?.text ?? ''}`;
  return text.replace(/\s+/g, ' ');
}

function isKeywordName(node: Node): boolean {
  const parent = parentOf(node);
  return parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.startIndex === node.startIndex;
}

/** `while True:` (or `while 1:`) whose body has no break, return or raise that leaves it. */
function loopsForever(loop: Node): boolean {
  const condition = loop.childForFieldName('condition');
  if (!condition || !(condition.type === 'true' || (condition.type === 'integer' && condition.text !== '0'))) return false;
  const body = loop.childForFieldName('body');
  if (!body) return false;
  const stack: Node[] = [body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    switch (node.type) {
      case 'break_statement':
      case 'return_statement':
      case 'raise_statement':
        return false;
      case 'while_statement':
      case 'for_statement':
      case 'function_definition':
      case 'lambda':
      case 'class_definition':
        // A break in an inner loop leaves only that loop; returns in nested defs leave nothing.
        if (node.type === 'while_statement' || node.type === 'for_statement') {
          if (containsExit(node, ['return_statement', 'raise_statement'])) return false;
        }
        continue;
      default:
        for (const child of node.namedChildren) if (child) stack.push(child);
    }
  }
  return true;
}

function containsExit(node: Node, types: string[]): boolean {
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (types.includes(current.type)) return true;
    if (current.type === 'function_definition' || current.type === 'lambda' || current.type === 'class_definition') continue;
    for (const child of current.namedChildren) if (child) stack.push(child);
  }
  return false;
}

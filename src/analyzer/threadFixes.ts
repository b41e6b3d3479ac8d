// Builds the mechanical fixes: attach the script thread's context before start(), add the
// import when missing, and join the thread at the end of the block that started it.
import type { SemanticModel } from './model';
import type { Origin } from './model/threads';
import { LineIndex } from './positions';
import { ancestors, dottedName, indentOf, statementOf, type Node } from './syntax';
import type { Fix, TextEdit } from './types';

/** The variable name the inline-start fix introduces for `Thread(…).start()`. */
const INLINE_NAME = 'thread';
const CONTEXT_MODULE = 'streamlit.runtime.scriptrunner';

const indexes = new WeakMap<SemanticModel, LineIndex>();

function lineIndex(model: SemanticModel): LineIndex {
  let index = indexes.get(model);
  if (!index) {
    index = new LineIndex(model.source);
    indexes.set(model, index);
  }
  return index;
}

function insertAt(model: SemanticModel, offset: number, newText: string): TextEdit {
  const position = lineIndex(model).positionAt(offset);
  return { range: { start: position, end: position }, newText };
}

function replace(model: SemanticModel, node: Node, newText: string): TextEdit {
  const index = lineIndex(model);
  return { range: { start: index.positionAt(node.startIndex), end: index.positionAt(node.endIndex) }, newText };
}

/** Only statements that start their line can get a line inserted before them. */
function startsLine(model: SemanticModel, stmt: Node): boolean {
  const lineStart = model.source.lastIndexOf('\n', stmt.startIndex - 1) + 1;
  return model.source.slice(lineStart, stmt.startIndex).trim() === '';
}

function isThreadOrigin(origin: Origin): boolean {
  return origin.kind === 'thread' || origin.kind === 'timer' || origin.kind === 'subclass';
}

/** TL001/TL002: bind the context before every start (and join when nothing joins the thread). */
export function bindingFix(model: SemanticModel, origin: Origin): Fix | undefined {
  if (!isThreadOrigin(origin)) return undefined;
  const add = model.names.addContextNames[0] ?? 'add_script_run_ctx';
  const get = model.names.getContextNames[0] ?? 'get_script_run_ctx';
  const edits: TextEdit[] = [];
  const importEdit = importFix(model);
  if (importEdit) edits.push(importEdit);

  if (origin.ref.kind === 'inline') {
    const start = origin.starts[0];
    if (!start) return undefined;
    const stmt = statementOf(model.root, start);
    if (stmt.type !== 'expression_statement' || stmt.namedChild(0)?.startIndex !== start.startIndex || stmt.namedChild(0)?.endIndex !== start.endIndex) return undefined;
    if (!startsLine(model, stmt)) return undefined;
    const indent = indentOf(model.source, stmt);
    const creation = model.source.slice(origin.creation.startIndex, origin.creation.endIndex);
    edits.push(replace(model, stmt, `${INLINE_NAME} = ${creation}\n${indent}${add}(${INLINE_NAME}, ${get}())\n${indent}${INLINE_NAME}.start()`));
    const join = joinEdit(model, start, INLINE_NAME, null);
    if (!join) return undefined;
    edits.push(join);
    return { title: "Attach the script thread's context before start() and join the thread", edits };
  }

  if ((origin.ref.kind !== 'var' && origin.ref.kind !== 'collection') || origin.starts.length === 0) return undefined;
  for (const start of origin.starts) {
    const stmt = statementOf(model.root, start);
    const object = dottedName(start.childForFieldName('function')?.childForFieldName('object') ?? null);
    if (!object || !startsLine(model, stmt)) return undefined;
    const lineStart = model.source.lastIndexOf('\n', stmt.startIndex - 1) + 1;
    edits.push(insertAt(model, lineStart, `${indentOf(model.source, stmt)}${add}(${object}, ${get}())\n`));
  }
  if (!model.threads.joinedEverywhere(origin)) {
    const joins = joinEdits(model, origin);
    if (!joins) return undefined;
    edits.push(...joins);
  }
  return { title: "Attach the script thread's context before start()", edits };
}

/** TL004: join the thread at the end of the block that started it (after a loop of starts). */
export function joinFix(model: SemanticModel, origin: Origin): Fix | undefined {
  const edits = joinEdits(model, origin);
  return edits ? { title: 'Join the thread before the script run ends', edits } : undefined;
}

function joinEdits(model: SemanticModel, origin: Origin): TextEdit[] | undefined {
  if (!isThreadOrigin(origin) || (origin.ref.kind !== 'var' && origin.ref.kind !== 'collection')) return undefined;
  const start = origin.starts[origin.starts.length - 1];
  if (!start) return undefined;
  const object = start.childForFieldName('function')?.childForFieldName('object') ?? null;
  const name = dottedName(object);
  if (!name) return undefined;
  const loop = origin.ref.kind === 'collection' && object ? model.threads.loopOver(object, name, origin) : null;
  if (origin.ref.kind === 'collection' && !loop) return undefined;
  const edit = joinEdit(model, start, name, loop ? { loop, collection: origin.ref.name } : null);
  return edit ? [edit] : undefined;
}

/** Inserts `<name>.join()` after the last statement of the block around `start`. */
function joinEdit(model: SemanticModel, start: Node, name: string, over: { loop: Node; collection: string } | null): TextEdit | undefined {
  const anchor = over ? over.loop : statementOf(model.root, start);
  const block = ancestors(model.root, anchor).pop();
  if (!block) return undefined;
  const indent = indentOf(model.source, anchor);
  const text = over
    ? `${indent}for ${name} in ${over.collection}:\n${indentOf(model.source, statementOf(model.root, start))}${name}.join()`
    : `${indent}${name}.join()`;
  let last: Node | null = null;
  for (let i = block.namedChildCount - 1; i >= 0 && !last; i--) {
    const child = block.namedChild(i);
    if (child && child.type !== 'comment') last = child;
  }
  // At module level the block is the whole file: the join goes after its last statement.
  return insertAt(model, (last ?? anchor).endIndex, `\n${text}`);
}

const importFixes = new WeakMap<SemanticModel, TextEdit | undefined>();

/** The import of the context helpers, when the file lacks one of them (the same edit for every fix). */
function importFix(model: SemanticModel): TextEdit | undefined {
  if (!importFixes.has(model)) importFixes.set(model, buildImportFix(model));
  return importFixes.get(model);
}

function buildImportFix(model: SemanticModel): TextEdit | undefined {
  const missing: string[] = [];
  if (model.names.addContextNames.length === 0) missing.push('add_script_run_ctx');
  if (model.names.getContextNames.length === 0) missing.push('get_script_run_ctx');
  if (missing.length === 0) return undefined;
  let lastImport: Node | null = null;
  for (const { node, owner } of model.facts.imports) {
    if (owner === null && isTopLevel(model, node)) lastImport = node;
  }
  const line = `from ${CONTEXT_MODULE} import ${missing.join(', ')}`;
  return lastImport ? insertAt(model, lastImport.endIndex, `\n${line}`) : insertAt(model, 0, `${line}\n`);
}

function isTopLevel(model: SemanticModel, node: Node): boolean {
  return ancestors(model.root, node).pop()?.type === 'module';
}

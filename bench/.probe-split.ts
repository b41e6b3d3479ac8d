import { loadParser } from '../src/analyzer/parser';
import { collectFacts } from '../src/analyzer/collect';
import { buildModel } from '../src/analyzer/model';
import { Query } from 'web-tree-sitter';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
const root = process.argv[2]!;
const skip = new Set(['site-packages','test','tests','idlelib','lib2to3','tkinter','turtledemo','__pycache__']);
function* walk(d: string): Generator<string> { for (const e of readdirSync(d)) { if (skip.has(e)) continue; const p = join(d,e); const s = statSync(p); if (s.isDirectory()) yield* walk(p); else if (e.endsWith('.py')) yield p; } }
(async () => {
  const { parser, language } = await loadParser();
  const files = [...walk(root)].map(f => 'import streamlit as st\n' + readFileSync(f,'utf8'));
  const trees = files.map(f => parser.parse(f)!);
  const q = new Query(language, `(import_statement) @import (import_from_statement) @import (function_definition) @function (lambda) @lambda (class_definition) @class (call) @call (assignment) @assign (with_statement) @with (for_statement) @for`);
  for (let r = 0; r < 2; r++) {
  let t = performance.now(); let c = 0;
  for (const tree of trees) c += q.captures(tree.rootNode).length;
  console.log('query only', Math.round(performance.now() - t), c);
  t = performance.now();
  trees.forEach((tree, i) => collectFacts(tree.rootNode, files[i]!, language));
  console.log('collect', Math.round(performance.now() - t));
  t = performance.now();
  trees.forEach((tree, i) => buildModel(tree.rootNode, files[i]!, language, { strictNodes: false }));
  console.log('model', Math.round(performance.now() - t));
  }
})();

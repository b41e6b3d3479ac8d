import { loadParser } from '../src/analyzer/parser';
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
  for (const src of [
   `(import_statement) @import (import_from_statement) @import (function_definition) @function (lambda) @lambda (class_definition) @class (call) @call (assignment) @assign (with_statement) @with (for_statement) @for`,
   `(import_statement) @import (import_from_statement) @import (function_definition) @function (lambda) @lambda (class_definition) @class (call) @call`,
   `(import_statement) @import (import_from_statement) @import (function_definition) @function (lambda) @lambda (class_definition) @class (call function: (identifier) @name) (call function: (attribute attribute: (identifier) @method))`,
  ]) {
    const q = new Query(language, src);
    for (let r = 0; r < 2; r++) {
      const counts: Record<string, number> = {};
      let t = performance.now();
      for (const tree of trees) for (const c of q.captures(tree.rootNode)) counts[c.name] = (counts[c.name] ?? 0) + 1;
      if (r) console.log(Math.round(performance.now() - t), JSON.stringify(counts));
    }
  }
})();

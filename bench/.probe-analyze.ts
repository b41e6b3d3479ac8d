import { loadAnalyzer } from '../src/analyzer';
import { loadParser } from '../src/analyzer/parser';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
const root = process.argv[2]!;
const skip = new Set(['site-packages','test','tests','idlelib','lib2to3','tkinter','turtledemo','__pycache__']);
function* walk(d: string): Generator<string> { for (const e of readdirSync(d)) { if (skip.has(e)) continue; const p = join(d,e); const s = statSync(p); if (s.isDirectory()) yield* walk(p); else if (e.endsWith('.py')) yield p; } }
(async () => {
  const a = await loadAnalyzer(); const { parser } = await loadParser();
  const paths = [...walk(root)];
  const files = paths.map(f => 'import streamlit as st\n' + readFileSync(f,'utf8'));
  for (let round = 0; round < 2; round++) {
  let t = performance.now();
  for (const f of files) parser.parse(f)!.delete();
  const parseMs = performance.now() - t;
  t = performance.now(); let n = 0; let worst = 0, worstF = '';
  for (let i = 0; i < files.length; i++) { const s = performance.now(); n += a.analyze(files[i]!, 'x').length; const d = performance.now() - s; if (d > worst) { worst = d; worstF = paths[i]!; } }
  const anMs = performance.now() - t;
  console.log({ parseMs: Math.round(parseMs), analyzeMs: Math.round(anMs), ratio: (anMs / parseMs).toFixed(2), diags: n, worst: Math.round(worst), worstF });
  }
})();

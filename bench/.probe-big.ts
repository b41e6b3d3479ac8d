import { readFileSync } from 'node:fs';
import { loadAnalyzer } from '../src/analyzer';
import { loadParser } from '../src/analyzer/parser';
(async () => {
  const a = await loadAnalyzer(); const { parser } = await loadParser();
  const L = '/root/.pyenv/versions/3.11.7/lib/python3.11/';
  const variants: [string, string][] = [
    ['5MB stdlib mix', 'import streamlit as st\n' + ['threading.py', 'pydoc.py', 'socketserver.py', 'subprocess.py', 'typing.py'].map(f => readFileSync(L + f, 'utf8')).join('\n').repeat(6)],
    ['5MB thread fixtures', (() => { let s = ''; const parts = ['binding.py', 'handles.py', 'workers.py', 'outlive.py'].map(f => readFileSync('test/fixtures/analyzer/' + f, 'utf8')); let k = 0; while (s.length < 5e6) s += parts[k++ % 4]!.replace(/def (\w+)/g, `def $1_${k}`) + '\n'; return s; })()],
  ];
  for (const [name, src] of variants) {
    let t = performance.now(); parser.parse(src)!.delete(); const p = performance.now() - t;
    t = performance.now(); const d = a.analyze(src, 'x'); const an = performance.now() - t;
    console.log(name, (src.length / 1e6).toFixed(1) + 'MB', 'parse', p.toFixed(0), 'analyze', an.toFixed(0), 'diags', d.length);
  }
})();

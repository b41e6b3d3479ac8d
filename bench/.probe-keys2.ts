import { readFileSync } from 'node:fs';
import { loadAnalyzer } from '../src/analyzer';
import { loadParser } from '../src/analyzer/parser';
(async () => {
  const a = await loadAnalyzer(); const { parser } = await loadParser();
  for (const f of process.argv.slice(2)) {
    const src = ('import streamlit as st\n' + readFileSync(f, 'utf8')).split('\n').slice(0, 2000).join('\n');
    const doc = a.openDocument(src, 'big.py');
    const times: number[] = []; const ptimes: number[] = [];
    let tree = parser.parse(src)!;
    for (let i = 0; i < 100; i++) {
      const line = 100 + ((i * 37) % 1800);
      const t = performance.now();
      doc.update([{ range: { start: { line, column: 0 }, end: { line, column: 0 } }, newText: i % 2 ? ' ' : '#' }]);
      times.push(performance.now() - t);
      const t2 = performance.now(); const nt = parser.parse(doc.text)!; ptimes.push(performance.now() - t2); tree.delete(); tree = nt;
    }
    times.sort((x, y) => x - y); ptimes.sort((x, y) => x - y);
    console.log(f.split('/').pop(), 'diags', doc.diagnostics().length, 'update median', times[50]!.toFixed(1), 'p95', times[95]!.toFixed(1), '| full parse median', ptimes[50]!.toFixed(1));
    doc.dispose();
  }
})();

import { readFileSync } from 'node:fs';
import { loadAnalyzer } from '../src/analyzer';
(async () => {
  const a = await loadAnalyzer();
  const parts = ['binding.py', 'handles.py', 'workers.py', 'outlive.py'].map(f => readFileSync('test/fixtures/analyzer/' + f, 'utf8'));
  let src = ''; let k = 0;
  while (src.split('\n').length < 2000) src += parts[k++ % parts.length]!.replace(/def (\w+)/g, `def $1_${k}`) + '\n';
  const lines = src.split('\n').slice(0, 2000); src = lines.join('\n');
  const doc = a.openDocument(src, 'big.py');
  console.log('lines', lines.length, 'diags', doc.diagnostics().length);
  const times: number[] = [];
  for (let i = 0; i < 100; i++) {
    const line = 100 + ((i * 37) % 1800);
    const t = performance.now();
    doc.update([{ range: { start: { line, column: 0 }, end: { line, column: 0 } }, newText: i % 2 ? ' ' : '#' }]);
    times.push(performance.now() - t);
  }
  times.sort((x, y) => x - y);
  console.log('median', times[50]!.toFixed(1), 'p95', times[95]!.toFixed(1));
  doc.dispose();
})();

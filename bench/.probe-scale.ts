import { readFileSync } from 'node:fs';
import { loadAnalyzer } from '../src/analyzer';
(async () => {
  const a = await loadAnalyzer();
  const parts = ['binding.py', 'handles.py', 'workers.py', 'outlive.py'].map(f => readFileSync('test/fixtures/analyzer/' + f, 'utf8'));
  for (const size of (process.argv[2] ?? '50000,100000,200000').split(',').map(Number)) {
    let s = ''; let k = 0; while (s.length < size) s += parts[k++ % 4]!.replace(/def (\w+)/g, `def $1_${k}`) + '\n';
    const t = performance.now(); const d = a.analyze(s, 'x');
    console.log(size, (performance.now() - t).toFixed(0), 'ms', d.length);
  }
})();

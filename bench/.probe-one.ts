import { readFileSync } from 'node:fs';
import { loadAnalyzer } from '../src/analyzer';
(async () => {
  const a = await loadAnalyzer();
  const src = readFileSync(process.argv[2]!, 'utf8');
  const n = Number(process.argv[3] ?? 50);
  const times: number[] = [];
  for (let i = 0; i < n; i++) { const t = performance.now(); a.analyze(src, 'x'); times.push(performance.now() - t); }
  times.sort((x, y) => x - y);
  console.log('median', times[n >> 1]!.toFixed(2), 'min', times[0]!.toFixed(2));
})();

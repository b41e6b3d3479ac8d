import { readFileSync } from 'node:fs';
import { loadAnalyzer } from '../src/analyzer';
(async () => {
  const a = await loadAnalyzer();
  for (const f of process.argv.slice(2)) console.log(f, a.analyze(readFileSync(f, 'utf8'), f).map(d => `${d.code}:${d.range.start.line + 1} ${d.message.slice(0, 80)}`));
})();

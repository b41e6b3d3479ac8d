import { readdirSync, readFileSync } from 'node:fs';
import { loadAnalyzer } from '../src/analyzer';
process.env.THREADLIT_STRICT = '1';
(async () => {
  const a = await loadAnalyzer();
  const dir = 'test/fixtures/analyzer/';
  const files = [...readdirSync(dir).filter(f => f.endsWith('.py')).map(f => dir + f), ...readdirSync(dir + 'fixes').map(f => dir + 'fixes/' + f)];
  let seed = 7; const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
  let fails = 0;
  for (let i = 0; i < 3000; i++) {
    let lines = readFileSync(files[Math.floor(rnd() * files.length)]!, 'utf8').split('\n');
    for (let m = 0; m < 1 + Math.floor(rnd() * 4); m++) {
      const k = Math.floor(rnd() * lines.length); const j = Math.floor(rnd() * lines.length);
      const op = Math.floor(rnd() * 5);
      if (op === 0) lines.splice(k, 1);
      else if (op === 1) lines.splice(k, 0, lines[j]!);
      else if (op === 2) [lines[k], lines[j]] = [lines[j]!, lines[k]!];
      else { const l = lines[k]!; const c = Math.floor(rnd() * (l.length + 1)); lines[k] = op === 3 ? l.slice(0, c) + l.slice(c + 1) : l.slice(0, c) + l[Math.floor(rnd() * l.length)] + l.slice(c); }
    }
    const src = lines.join('\n');
    try { a.analyze(src, 'f.py'); } catch (e) { if (fails++ < 5) console.log((e as Error).stack?.split('\n').slice(0, 4).join('\n')); }
  }
  console.log('fails', fails);
})();

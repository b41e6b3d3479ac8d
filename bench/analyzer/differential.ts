// Differential check against another copy of the analyzer (OLD_ANALYZER=<dir>/src/analyzer):
// same diagnostics on fixtures, examples, the bench app and many mutated variants of them,
// plus the same-run full-analysis time of both. For proving an optimization changes nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadAnalyzer, type Analyzer } from '../../src/analyzer';
import { makeApp } from '../lint/incremental';

const REPO = join(__dirname, '..', '..');

function sources(): [string, string][] {
  const out: [string, string][] = [];
  for (const dir of ['examples', 'test/fixtures/analyzer', 'test/fixtures/analyzer/fixes']) {
    for (const f of readdirSync(join(REPO, dir))) if (f.endsWith('.py')) out.push([f, readFileSync(join(REPO, dir, f), 'utf8')]);
  }
  out.push(['app.py', makeApp(600)]);
  return out;
}

function mutate(text: string, next: () => number): string {
  const lines = text.split('\n');
  const i = Math.floor(next() * lines.length);
  const j = Math.floor(next() * lines.length);
  const roll = next();
  if (roll < 0.25) lines.splice(i, 1);
  else if (roll < 0.5) lines.splice(i, 0, lines[j]!);
  else if (roll < 0.7) [lines[i], lines[j]] = [lines[j]!, lines[i]!];
  else {
    const line = lines[i]!;
    const c = Math.floor(next() * (line.length + 1));
    lines[i] = roll < 0.85 ? line.slice(0, c) + line.slice(c + 1) : line.slice(0, c) + 'x' + line.slice(c);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const dir = process.env.OLD_ANALYZER;
  if (!dir) throw new Error('set OLD_ANALYZER');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const old = (await (require(dir) as { loadAnalyzer: () => Promise<Analyzer> }).loadAnalyzer());
  const now = await loadAnalyzer();
  let seed = 12345;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) / 16777216;
  let compared = 0;
  let tOld = 0;
  let tNew = 0;
  for (const [name, source] of sources()) {
    let text = source;
    for (let round = 0; round < Number(process.env.ROUNDS ?? 150); round++) {
      let t = performance.now();
      const a = old.analyze(text, name);
      tOld += performance.now() - t;
      t = performance.now();
      const b = now.analyze(text, name);
      tNew += performance.now() - t;
      compared++;
      if (!isDeepStrictEqual(a, b)) {
        console.log(`DIFFERENT: ${name} round ${round}`);
        console.log(JSON.stringify(a.map((d) => [d.code, d.range.start.line])), JSON.stringify(b.map((d) => [d.code, d.range.start.line])));
        process.exitCode = 1;
        return;
      }
      text = mutate(text, next);
    }
  }
  console.log(`${compared} analyses identical; old ${tOld.toFixed(0)} ms, new ${tNew.toFixed(0)} ms (new/old ${(tNew / tOld).toFixed(2)})`);
}
void main();

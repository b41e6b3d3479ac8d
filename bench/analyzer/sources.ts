// Inputs of the analyzer benchmarks, shared with the incremental equivalence tests.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');

/** A realistic file: the project's example apps and analyzer fixtures concatenated to `lines` lines. */
export function realisticApp(lines = 2_000): string {
  const dirs = [join(REPO, 'examples'), join(REPO, 'test', 'fixtures', 'analyzer')];
  const files = dirs.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.py') && !f.endsWith('.fixed.py')).map((f) => join(dir, f)));
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) out.push(...readFileSync(files[i % files.length]!, 'utf8').split('\n'));
  return out.slice(0, lines).join('\n') + '\n';
}

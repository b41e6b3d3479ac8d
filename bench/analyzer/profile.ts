// Profiling driver for benchmark (f): runs the lint bench's incremental measurement and a
// realistic-file variant, so `node --cpu-prof` sees only analyzer work.
import { measureIncremental, makeApp } from '../lint/incremental';
import { loadAnalyzer } from '../../src/analyzer';

async function main(): Promise<void> {
  const a = await loadAnalyzer();
  const r = await measureIncremental(Number(process.env.EDITS ?? 100), makeApp(), a);
  console.log(JSON.stringify(r));
}
void main();

// Full analysis against parse alone, in one process: every stdlib file of the lint bench's
// corpus with `import streamlit as st` prepended (so every file is fully analyzed), parse
// then analyze, alternating per file so machine load hits both alike. Also compares CPU time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadAnalyzer } from '../../src/analyzer';
import { loadParser } from '../../src/analyzer/parser';
import { ensureCorpus } from '../lint/corpus';

async function main(): Promise<void> {
  const corpus = ensureCorpus();
  const texts = corpus.files.map((rel) => readFileSync(join(corpus.streamlitDir, rel), 'utf8'));
  // OLD_ANALYZER=<dir>/src/analyzer measures another copy (e.g. before a change) the same way.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const a = process.env.OLD_ANALYZER ? await (require(process.env.OLD_ANALYZER) as { loadAnalyzer: typeof loadAnalyzer }).loadAnalyzer() : await loadAnalyzer();
  const { parser } = await loadParser();
  let parseMs = 0;
  let analyzeMs = 0;
  for (let round = 0; round < 2; round++) {
    parseMs = 0;
    analyzeMs = 0;
    for (const text of texts) {
      let t = performance.now();
      parser.parse(text)?.delete();
      parseMs += performance.now() - t;
      t = performance.now();
      a.analyze(text, 'x.py');
      analyzeMs += performance.now() - t;
    }
  }
  console.log(`${texts.length} files: parse ${parseMs.toFixed(0)} ms, parse+analyze ${analyzeMs.toFixed(0)} ms, ratio ${(analyzeMs / parseMs).toFixed(2)}×`);
}
void main();

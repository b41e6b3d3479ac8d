// The skip fast path: files that never mention streamlit are not parsed, and the parser is
// not even loaded when no file needs it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadAnalyzer, RULES, type RuleCode } from '../../../src/analyzer';
import { checkFile, type CheckJob } from '../../../src/cli/lint/check-file';
import { FIXTURES } from './lint-harness';

const codes = RULES.map((rule) => rule.code as RuleCode);
const job = (rel: string, noSkip: boolean): CheckJob => ({
  absPath: join(FIXTURES, 'tree', rel),
  displayPath: rel,
  codes,
  fix: false,
  noSkip,
});

describe('threadlit lint: skip fast path', () => {
  it('skips a file without streamlit and never asks for the analyzer', async () => {
    let loads = 0;
    const outcome = await checkFile(job('pkg/plain_threads.py', false), () => {
      loads++;
      return Promise.reject(new Error('the parser must not be loaded'));
    });
    assert.deepEqual(outcome, { diagnostics: [], fixed: 0, skipped: true });
    assert.equal(loads, 0);
  });

  it('analyzes the same file with --no-skip', async () => {
    let loads = 0;
    const outcome = await checkFile(job('pkg/plain_threads.py', true), () => {
      loads++;
      return loadAnalyzer();
    });
    assert.equal(outcome.skipped, false);
    assert.deepEqual(outcome.diagnostics, []);
    assert.equal(loads, 1);
  });

  it('analyzes a file that mentions streamlit', async () => {
    const outcome = await checkFile(job('pkg/unbound_write.py', false), () => loadAnalyzer());
    assert.equal(outcome.skipped, false);
    assert.deepEqual(outcome.diagnostics.map((d) => d.code), ['TL001']);
  });

  it('reports only the codes asked for', async () => {
    const outcome = await checkFile({ ...job('pkg/unbound_write.py', false), codes: ['TL002'] }, () => loadAnalyzer());
    assert.deepEqual(outcome.diagnostics, []);
  });
});

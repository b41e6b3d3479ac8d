// The check runner: worker threads give the same outcomes as the main thread alone.
import assert from 'node:assert/strict';
import { ConfigLoader } from '../../../src/cli/lint/config';
import { discoverFiles } from '../../../src/cli/lint/discover';
import { analyzeInWorkers } from '../../../src/cli/lint/pool';
import { jobFor, runChecks } from '../../../src/cli/lint/runner';
import { makeTree, removeTree, writeFile } from './lint-harness';

describe('threadlit lint: runner', function () {
  this.timeout(60_000);
  let root: string;
  before(() => {
    root = makeTree();
    writeFile(root, 'pkg/bad.py', Buffer.from('import streamlit\n\xff\n', 'latin1'));
  });
  after(() => removeTree(root));

  it('splits the files over worker threads with the same outcomes', async () => {
    const errors: string[] = [];
    const files = discoverFiles(['.', '.venv'], { cwd: root, select: [], ignore: [], exclude: [], configs: new ConfigLoader(), onError: (m) => errors.push(m) });
    assert.deepEqual(errors, []);
    const here = await runChecks(files, { fix: false, noSkip: true, workers: 0, onWarning: assert.fail });
    const spread = await runChecks(files, { fix: false, noSkip: true, workers: 2, onWarning: assert.fail });
    assert.deepEqual(spread, here);
    const summary = here.map((o, i) => `${files[i]?.displayPath} ${o.error ? 'error' : o.diagnostics.map((d) => d.code).join(',')}`);
    assert.deepEqual(summary, [
      'build/hidden.py TL001',
      'clean.py ',
      'pkg/bad.py error',
      'pkg/plain_threads.py ',
      'pkg/unbound_state.py TL002',
      'pkg/unbound_write.py TL001',
      '.venv/lib/hidden.py TL001',
    ]);
  });

  it('gets outcomes back from real worker threads', async () => {
    const files = discoverFiles(['pkg'], { cwd: root, select: [], ignore: [], exclude: [], configs: new ConfigLoader(), onError: assert.fail });
    const jobs = files.map((file) => jobFor(file, { fix: false, noSkip: false }));
    const results = await analyzeInWorkers([jobs.slice(0, 2), jobs.slice(2)]);
    const outcomes = results.flatMap((r) => ('outcomes' in r ? r.outcomes : assert.fail(r.error)));
    const codes = outcomes.map((o) => (o.error ? 'error' : o.skipped ? 'skipped' : o.diagnostics.map((d) => d.code).join(',')));
    assert.deepEqual(codes, ['error', 'skipped', 'TL002', 'TL001']);
  });
});

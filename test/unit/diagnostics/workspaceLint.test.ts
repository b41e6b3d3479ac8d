// Workspace lint orchestration (fake worker) and the exclude glob built from settings.
import * as assert from 'node:assert/strict';
import type { LintResponse } from '../../../src/diagnostics/lintWorkerProtocol';
import { excludeGlob, lintFiles, type LintClient } from '../../../src/diagnostics/workspaceLint';

/** Answers asynchronously; `big.py` is too large, `bad.py` fails, others have one diagnostic. */
class FakeClient implements LintClient {
  inFlight = 0;
  maxInFlight = 0;
  seen: string[] = [];
  async lint(path: string, maxBytes: number): Promise<LintResponse> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.seen.push(path);
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.inFlight--;
    if (path === 'big.py') return { kind: 'skipped', id: 0, path, reason: 'tooLarge', bytes: maxBytes + 1 };
    if (path === 'bad.py') return { kind: 'failed', id: 0, path, message: 'unreadable' };
    const range = { start: { line: 0, column: 0 }, end: { line: 0, column: 1 } };
    return { kind: 'result', id: 0, path, diagnostics: [{ code: 'TL001', severity: 'warning', message: 'm', range, related: [] }] };
  }
}

describe('lintFiles', () => {
  it('lints every file with bounded concurrency and counts outcomes', async () => {
    const client = new FakeClient();
    const responses: string[] = [];
    const paths = ['a.py', 'big.py', 'bad.py', 'b.py', 'c.py', 'd.py'];
    const summary = await lintFiles(paths, client, { maxBytes: 10, isCancelled: () => false, onResponse: (r) => responses.push(r.path), concurrency: 2 });
    const { longestSliceMs, longestSliceCpuMs, ...counts } = summary;
    assert.deepEqual(counts, { files: 6, analyzed: 4, skipped: 1, failed: 1, diagnostics: 4, cancelled: false });
    assert.ok(longestSliceMs >= 0 && longestSliceMs < 50);
    assert.ok(longestSliceCpuMs >= 0 && longestSliceCpuMs < 50);
    assert.deepEqual([...responses].sort(), [...paths].sort());
    assert.equal(client.maxInFlight, 2);
  });

  it('stops sending files once cancelled', async () => {
    const client = new FakeClient();
    let count = 0;
    const paths = Array.from({ length: 50 }, (_, i) => `f${i}.py`);
    const summary = await lintFiles(paths, client, { maxBytes: 10, isCancelled: () => count >= 5, onResponse: () => count++, concurrency: 2 });
    assert.equal(summary.cancelled, true);
    assert.ok(client.seen.length < 10, `sent ${client.seen.length} files`);
  });
});

describe('excludeGlob', () => {
  it('merges files.exclude and search.exclude, keeping only enabled patterns', () => {
    assert.equal(
      excludeGlob({ '**/.git': true, '**/build': false }, { '**/node_modules': true, '**/.git': true, '**/*.gen.py': { when: '$(basename).ts' } }),
      '{**/.git,**/node_modules}',
    );
  });

  it('returns a single pattern as is, and undefined for none', () => {
    assert.equal(excludeGlob({ 'out/**': true }, undefined), 'out/**');
    assert.equal(excludeGlob({}, { x: false }), undefined);
  });
});

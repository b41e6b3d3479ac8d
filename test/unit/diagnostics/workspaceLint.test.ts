// Workspace lint orchestration (fake worker) and the exclude patterns taken from settings.
import * as assert from 'node:assert/strict';
import type { LintResponse, LintTreeRequest, WorkerBatch, WorkerFound } from '../../../src/diagnostics/lintWorkerProtocol';
import { excludePatterns, lintWorkspace, SLICE_RESPONSES, type LintTreeClient } from '../../../src/diagnostics/workspaceLint';

const range = { start: { line: 0, column: 0 }, end: { line: 0, column: 1 } };
const result = (path: string, findings = 1): LintResponse => ({
  kind: 'result',
  path,
  diagnostics: Array.from({ length: findings }, () => ({ code: 'TL001', severity: 'warning' as const, message: 'm', range, related: [] })),
});

/** Plays a script of worker messages asynchronously, then resolves or fails as told. */
class ScriptedClient implements LintTreeClient {
  request: LintTreeRequest | undefined;
  constructor(
    private readonly messages: (WorkerFound | WorkerBatch)[],
    private readonly failure?: string,
  ) {}
  async lintTree(request: LintTreeRequest, onMessage: (message: WorkerFound | WorkerBatch) => void): Promise<void> {
    this.request = request;
    for (const message of this.messages) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      onMessage(message);
    }
    if (this.failure !== undefined) throw new Error(this.failure);
  }
}

const REQUEST: LintTreeRequest = { kind: 'lintTree', folders: [{ path: '/ws', exclude: ['**/.git'], excludeWhen: [] }], maxBytes: 10 };

describe('lintWorkspace', () => {
  it('passes the request on, and counts the outcomes of every batch', async () => {
    const client = new ScriptedClient([
      { kind: 'found', files: 5 },
      { kind: 'batch', responses: [result('/ws/a.py', 2), { kind: 'skipped', path: '/ws/big.py', reason: 'tooLarge', bytes: 11 }] },
      { kind: 'batch', responses: [{ kind: 'failed', path: '/ws/bad.py', message: 'unreadable' }, result('/ws/b.py', 0), result('/ws/c.py')] },
    ]);
    const found: number[] = [];
    const batches: string[][] = [];
    const summary = await lintWorkspace(client, REQUEST, { isCancelled: () => false, onFound: (n) => found.push(n), onBatch: (b) => batches.push(b.map((r) => r.path)) });
    const { longestSliceMs, longestSliceCpuMs, ...counts } = summary;
    assert.deepEqual(counts, { files: 5, analyzed: 3, skipped: 1, failed: 1, diagnostics: 3, cancelled: false });
    assert.ok(longestSliceMs >= 0 && longestSliceMs < 50);
    assert.ok(longestSliceCpuMs >= 0 && longestSliceCpuMs < 50);
    assert.deepEqual(found, [5]);
    assert.deepEqual(batches, [['/ws/a.py', '/ws/big.py'], ['/ws/bad.py', '/ws/b.py', '/ws/c.py']]);
    assert.equal(client.request, REQUEST);
  });

  it('handles batches that arrive together one slice per turn of the event loop, none longer than SLICE_RESPONSES', async () => {
    const many = Array.from({ length: SLICE_RESPONSES * 2 + 6 }, (_, i) => result(`/ws/m${i}.py`, 0));
    const client: LintTreeClient = {
      async lintTree(_request, onMessage) {
        // Both in the same turn, as the IPC channel delivers what it read in one go.
        onMessage({ kind: 'batch', responses: [result('/ws/a.py')] });
        onMessage({ kind: 'batch', responses: many });
      },
    };
    const slices: number[] = [];
    let turns = 0;
    const summary = await lintWorkspace(client, REQUEST, {
      isCancelled: () => false,
      onBatch: (b) => {
        slices.push(b.length);
        // Runs before the next slice only if that slice waits for a new turn.
        setImmediate(() => turns++);
        assert.equal(turns, slices.length - 1);
      },
    });
    assert.deepEqual(slices, [1, SLICE_RESPONSES, SLICE_RESPONSES, 6]);
    assert.equal(summary.analyzed, 1 + many.length);
  });

  it('says why a worker stopped before answering every file', async () => {
    const client = new ScriptedClient([{ kind: 'found', files: 3 }, { kind: 'batch', responses: [result('/ws/a.py')] }], 'lint worker exited (SIGSEGV)');
    const summary = await lintWorkspace(client, REQUEST, { isCancelled: () => false, onBatch: () => undefined });
    assert.equal(summary.error, 'lint worker exited (SIGSEGV)');
    assert.equal(summary.analyzed, 1);
    assert.equal(summary.cancelled, false);
  });

  it('once cancelled, hands on no more batches and reports no error for the stopped worker', async () => {
    let cancelled = false;
    const handled: number[] = [];
    const client = new ScriptedClient(
      [{ kind: 'found', files: 3 }, { kind: 'batch', responses: [result('/ws/a.py')] }, { kind: 'batch', responses: [result('/ws/b.py')] }],
      'lint worker stopped',
    );
    const summary = await lintWorkspace(client, REQUEST, {
      isCancelled: () => cancelled,
      onBatch: (b) => {
        handled.push(b.length);
        cancelled = true;
      },
    });
    assert.deepEqual(handled, [1]);
    assert.equal(summary.cancelled, true);
    assert.equal(summary.error, undefined);
  });
});

describe('excludePatterns', () => {
  it('merges files.exclude and search.exclude, keeping enabled patterns and when clauses, without duplicates', () => {
    assert.deepEqual(
      excludePatterns(
        { '**/.git': true, '**/build': false, '**/*.gen.py': { when: '$(basename).ts' } },
        { '**/node_modules': true, '**/.git': true, '**/*.gen.py': { when: '$(basename).ts' }, odd: { when: 3 } },
      ),
      { exclude: ['**/.git', '**/node_modules'], excludeWhen: [{ glob: '**/*.gen.py', when: '$(basename).ts' }] },
    );
  });

  it('gives no pattern for no settings', () => {
    assert.deepEqual(excludePatterns({}, { x: false }, undefined), { exclude: [], excludeWhen: [] });
  });
});

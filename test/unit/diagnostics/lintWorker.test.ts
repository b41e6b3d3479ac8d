// The built lint worker (dist/lintWorker.js) as Lint Workspace runs it: a real child process
// that walks a real folder, analyzes with the real parser and answers in batches.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { LintResponse, WorkerBatch, WorkerFound } from '../../../src/diagnostics/lintWorkerProtocol';
import { LintWorkerClient } from '../../../src/diagnostics/workerClient';

const REPO = join(__dirname, '..', '..', '..');
const DIST = join(REPO, 'dist');

const BROKEN = `import threading
import streamlit as st

def work():
    st.write("from a thread")

threading.Thread(target=work).start()
`;

describe('lint worker process', function () {
  this.timeout(60_000);
  let root: string;
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };

  before(() => {
    if (!existsSync(join(DIST, 'lintWorker.js')) || !existsSync(join(DIST, 'tree-sitter-python.wasm'))) {
      const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, encoding: 'utf8' });
      assert.equal(build.status, 0, build.stderr);
    }
  });
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'threadlit-worker-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('walks the folders, skips excluded and too-large files, and answers every file in batches', async () => {
    write('broken.py', BROKEN);
    write('clean.py', 'import streamlit as st\nst.write("hi")\n');
    write('big.py', `# ${'x'.repeat(2000)}\n`);
    write('skip_me/broken.py', BROKEN);
    // Excluded by the `when` clause: a compiled twin sits beside it.
    write('generated.py', BROKEN);
    write('generated.pyx', '');
    for (let i = 0; i < 150; i++) write(`many/m${i}.py`, 'x = 1\n');
    const messages: (WorkerFound | WorkerBatch)[] = [];
    const client = new LintWorkerClient(DIST);
    try {
      await client.lintTree({ kind: 'lintTree', folders: [{ path: root, exclude: ['skip_me'], excludeWhen: [{ glob: '**/*.py', when: '$(basename).pyx' }] }], maxBytes: 1000 }, (m) => messages.push(m));
    } finally {
      await client.dispose();
    }
    assert.deepEqual(messages[0], { kind: 'found', files: 153 });
    const batches = messages.slice(1) as WorkerBatch[];
    assert.ok(batches.length >= 5, `${batches.length} batches for 153 files`);
    assert.ok(batches.every((b) => b.kind === 'batch' && b.responses.length <= 32));
    const responses = new Map<string, LintResponse>(batches.flatMap((b) => b.responses.map((r) => [relative(root, r.path), r] as const)));
    assert.equal(responses.size, 153);
    const broken = responses.get('broken.py');
    assert.ok(broken?.kind === 'result' && broken.diagnostics.map((d) => d.code).join() === 'TL001', JSON.stringify(broken));
    assert.equal(broken.diagnostics[0]?.fix, undefined, 'fixes stay in the worker');
    assert.equal(broken.diagnostics[0]?.related.length, 2, 'related locations cross');
    assert.deepEqual(responses.get('clean.py'), { kind: 'result', path: join(root, 'clean.py'), diagnostics: [] });
    assert.equal(responses.get('big.py')?.kind, 'skipped');
    assert.equal(responses.has('skip_me/broken.py'), false);
    assert.equal(responses.has('generated.py'), false);
  });

  it('stops at once when disposed mid-run: the request rejects and the process is gone', async () => {
    for (let i = 0; i < 400; i++) write(`f${i}.py`, BROKEN);
    const client = new LintWorkerClient(DIST);
    let batches = 0;
    const running = client.lintTree({ kind: 'lintTree', folders: [{ path: root, exclude: [], excludeWhen: [] }], maxBytes: 1 << 20 }, (m) => {
      if (m.kind === 'batch' && ++batches === 1) void client.dispose();
    });
    await assert.rejects(running, /lint worker stopped/);
    await client.dispose();
    assert.ok(batches < 7, `${batches} batches arrived after the stop`);
    const pid = client.pid;
    assert.ok(pid !== undefined);
    assert.throws(() => process.kill(pid, 0), /ESRCH/, 'the worker process has exited');
  });
});

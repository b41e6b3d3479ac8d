// The built CLI (`node dist/cli.js lint`), as `npx threadlit lint` runs it: wasm beside the bundle.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeTree, removeTree } from './lint-harness';

const REPO = join(__dirname, '..', '..', '..');
const CLI = join(REPO, 'dist', 'cli.js');

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [CLI, 'lint', ...args], { cwd, env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('threadlit lint: the built bundle', function () {
  this.timeout(60_000);
  let root: string;
  before(function () {
    if (!existsSync(CLI) || !existsSync(join(REPO, 'dist', 'tree-sitter-python.wasm'))) {
      const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, encoding: 'utf8' });
      assert.equal(build.status, 0, build.stderr);
    }
    root = makeTree();
  });
  after(() => removeTree(root));

  it('exits 1 with findings, 0 when clean and 2 on a missing path', () => {
    const found = cli(['--format', 'json', 'pkg'], root);
    assert.equal(found.stderr, '');
    assert.equal(found.code, 1);
    assert.deepEqual(
      (JSON.parse(found.stdout) as Array<{ file: string; code: string }>).map((f) => `${f.file} ${f.code}`),
      ['pkg/unbound_state.py TL002', 'pkg/unbound_write.py TL001'],
    );
    const clean = cli(['clean.py'], root);
    assert.equal(clean.code, 0, clean.stderr);
    const missing = cli(['missing.py'], root);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /missing\.py: no such file or folder/);
  });

  it('splits a run over worker threads inside the bundle', () => {
    const serial = cli(['--no-skip', '.', '.venv'], root, { ...process.env, THREADLIT_LINT_WORKERS: '0' });
    const spread = cli(['--no-skip', '.', '.venv'], root, { ...process.env, THREADLIT_LINT_WORKERS: '2' });
    // A failed worker would print a warning and redo its files here.
    assert.equal(spread.stderr, '');
    assert.equal(spread.code, 1);
    assert.equal(spread.stdout, serial.stdout);
    assert.match(spread.stdout, /Found 4 problems in 4 files/);
  });

  it('exits 2 with one clear line when the parser cannot be loaded', () => {
    // A bundle copied away from its wasm files (and from node_modules) cannot parse.
    const lonely = join(root, 'lonely-cli.js');
    copyFileSync(CLI, lonely);
    const r = spawnSync(process.execPath, [lonely, 'lint', 'pkg'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^threadlit lint: cannot load the Python parser: .*tree-sitter\.wasm.*\n$/);
    // The fast path needs no parser, so a file without streamlit still checks clean.
    const plain = spawnSync(process.execPath, [lonely, 'lint', 'pkg/plain_threads.py'], { cwd: root, encoding: 'utf8' });
    assert.equal(plain.status, 0, plain.stderr);
  });
});

// `threadlit lint --fix`: rewrites files in place and exits by what remains.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findingKeys, makeTree, removeTree, runLint, writeFile } from './lint-harness';

const POOL = [
  'from concurrent.futures import ThreadPoolExecutor',
  '',
  'import streamlit as st',
  '',
  '',
  'def work():',
  '    st.write("from the pool")',
  '',
  '',
  'with ThreadPoolExecutor() as pool:',
  '    pool.submit(work)',
  '',
].join('\n');

describe('threadlit lint --fix', () => {
  let root: string;
  beforeEach(() => {
    root = makeTree();
  });
  afterEach(() => removeTree(root));

  it('binds the context before start(), then exits 0 because nothing remains', async () => {
    const path = join(root, 'pkg', 'unbound_write.py');
    const r = await runLint(['--fix', 'pkg/unbound_write.py'], root);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Fixed 1 problem\.\nNo problems found in 1 file\.\n$/);
    const fixed = readFileSync(path, 'utf8');
    assert.match(fixed, /^from streamlit\.runtime\.scriptrunner import .*add_script_run_ctx/m);
    assert.match(fixed, /^add_script_run_ctx\(worker, get_script_run_ctx\(\)\)\nworker\.start\(\)$/m);
    // A second run finds nothing and changes nothing.
    const again = await runLint(['--fix', 'pkg/unbound_write.py'], root);
    assert.equal(again.code, 0);
    assert.equal(readFileSync(path, 'utf8'), fixed);
  });

  it('exits 1 when findings without an automatic fix remain, and leaves those files alone', async () => {
    const path = writeFile(root, 'pool.py', POOL);
    const r = await runLint(['--fix', 'pool.py', 'pkg/unbound_write.py'], root);
    assert.equal(r.code, 1);
    assert.deepEqual(findingKeys(r.stdout), ['pool.py:7:5: TL001']);
    assert.match(r.stdout, /Fixed 1 problem\./);
    assert.equal(readFileSync(path, 'utf8'), POOL);
  });

  it('fixes only the selected codes', async () => {
    const write = join(root, 'pkg', 'unbound_write.py');
    const before = readFileSync(write, 'utf8');
    const r = await runLint(['--fix', '--select', 'TL002', 'pkg'], root);
    assert.equal(r.code, 0);
    assert.equal(readFileSync(write, 'utf8'), before);
    assert.match(readFileSync(join(root, 'pkg', 'unbound_state.py'), 'utf8'), /add_script_run_ctx\(worker, get_script_run_ctx\(\)\)/);
    assert.deepEqual(findingKeys((await runLint(['pkg'], root)).stdout), ['pkg/unbound_write.py:8:5: TL001']);
  });

  it('keeps a BOM and CRLF line endings', async () => {
    const source = readFileSync(join(root, 'pkg', 'unbound_write.py'), 'utf8').replace(/\n/g, '\r\n');
    const path = writeFile(root, 'crlf.py', '\ufeff' + source);
    const r = await runLint(['--fix', 'crlf.py'], root);
    assert.equal(r.code, 0);
    const bytes = readFileSync(path);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    assert.match(text, /add_script_run_ctx\(worker, get_script_run_ctx\(\)\)\r\nworker\.start\(\)\r\n/);
    assert.doesNotMatch(text.replace(/\r\n/g, ''), /\n/, 'every line ending is CRLF');
  });
});

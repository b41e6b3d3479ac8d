// `threadlit lint` end to end in-process: discovery, exit codes, selection and file errors.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { findingKeys, makeTree, removeTree, runLint, writeFile } from './lint-harness';

const WRITE = 'pkg/unbound_write.py:8:5: TL001';
const STATE = 'pkg/unbound_state.py:8:12: TL002';
const BUILD = 'build/hidden.py:8:5: TL001';

describe('threadlit lint: discovery and exit codes', () => {
  let root: string;
  beforeEach(() => {
    root = makeTree();
  });
  afterEach(() => removeTree(root));

  it('prints help and exits 0', async () => {
    const r = await runLint(['--help'], root);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /usage: threadlit lint/);
    assert.match(r.stdout, /--format text\|json\|sarif/);
  });

  it('exits 0 on a clean file and says how many files it checked', async () => {
    const r = await runLint(['clean.py'], root);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'No problems found in 1 file.\n');
  });

  it('walks folders for *.py, passing over tool folders, and exits 1 on findings', async () => {
    const r = await runLint([], root);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 1);
    assert.deepEqual(findingKeys(r.stdout), [BUILD, STATE, WRITE]);
    assert.match(r.stdout, /\nFound 3 problems in 3 files/);
    assert.doesNotMatch(r.stdout, /\.venv|node_modules|\.git\//);
  });

  it('lints a tool folder when it is named on the command line', async () => {
    const r = await runLint(['.venv'], root);
    assert.equal(r.code, 1);
    assert.deepEqual(findingKeys(r.stdout), ['.venv/lib/hidden.py:8:5: TL001']);
  });

  it('prints 1-based UTF-16 columns', async () => {
    // Two astral characters before the call: 4 UTF-16 code units, 2 code points, 8 bytes.
    const source = 'import threading\nimport streamlit as st\n\ndef work():\n    x = "😀😀"; st.write(x)\n\nt = threading.Thread(target=work)\nt.start()\nt.join()\n';
    writeFile(root, 'astral.py', source);
    const r = await runLint(['astral.py'], root);
    assert.deepEqual(findingKeys(r.stdout), ['astral.py:5:17: TL001']);
  });

  it('honours --exclude globs by name, by path and with **', async () => {
    const byName = await runLint(['--exclude', 'build'], root);
    assert.deepEqual(findingKeys(byName.stdout), [STATE, WRITE]);
    const byPath = await runLint(['--exclude', 'pkg/unbound_s*.py,build/'], root);
    assert.deepEqual(findingKeys(byPath.stdout), [WRITE]);
    const deep = await runLint(['--exclude=**/unbound_*.py'], root);
    assert.deepEqual(findingKeys(deep.stdout), [BUILD]);
    const named = await runLint(['--exclude', 'unbound_write.py', 'pkg/unbound_write.py'], root);
    assert.equal(named.code, 0);
    assert.equal(named.stdout, 'No problems found in 0 files.\n');
  });

  it('filters codes with --select and --ignore, by code or prefix', async () => {
    assert.deepEqual(findingKeys((await runLint(['--select', 'TL002', 'pkg'], root)).stdout), [STATE]);
    assert.deepEqual(findingKeys((await runLint(['--ignore', 'tl002', 'pkg'], root)).stdout), [WRITE]);
    assert.deepEqual(findingKeys((await runLint(['--select', 'TL', 'pkg'], root)).stdout), [STATE, WRITE]);
    const none = await runLint(['--select', 'TL00', '--ignore', 'TL001,TL002', 'pkg'], root);
    assert.equal(none.code, 0);
  });

  const usageErrors: Array<[string[], RegExp]> = [
    [['--format', 'xml'], /must be one of text, json, sarif/],
    [['--select', 'TL999'], /--select: unknown rule code 'TL999'/],
    [['--ignore', 'E501'], /--ignore: unknown rule code 'E501'/],
    [['--frobnicate'], /unknown option '--frobnicate'/],
    [['-'], /stdin/],
  ];
  for (const [args, message] of usageErrors) {
    it(`exits 2 on the usage error ${args.join(' ')}`, async () => {
      const r = await runLint(args, root);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
    });
  }

  it('exits 2 on a missing path but still reports the other files', async () => {
    const r = await runLint(['nope.py', 'pkg'], root);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^threadlit lint: nope\.py: no such file or folder$/m);
    assert.deepEqual(findingKeys(r.stdout), [STATE, WRITE]);
  });

  it('reports non-UTF-8 and binary files one by one and goes on (exit 2)', async () => {
    writeFile(root, 'pkg/latin1.py', Buffer.from('import streamlit as st\n# caf\xe9\nst.write(1)\n', 'latin1'));
    writeFile(root, 'pkg/blob.py', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]));
    const r = await runLint(['pkg'], root);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^threadlit lint: pkg\/latin1\.py: not valid UTF-8 \(line 2, byte offset 28\)/m);
    assert.match(r.stderr, /^threadlit lint: pkg\/blob\.py: looks like a binary file/m);
    assert.deepEqual(findingKeys(r.stdout), [STATE, WRITE]);
  });

  it('accepts a UTF-8 BOM and CRLF line endings', async () => {
    const crlf = '\ufeffimport threading\r\nimport streamlit as st\r\n\r\ndef work():\r\n    st.write(1)\r\n\r\nt = threading.Thread(target=work)\r\nt.start()\r\nt.join()\r\n';
    writeFile(root, 'crlf.py', crlf);
    const r = await runLint(['crlf.py'], root);
    assert.deepEqual(findingKeys(r.stdout), ['crlf.py:5:5: TL001']);
  });

  it('checks deeply nested code', async () => {
    const depth = 300;
    const lines = ['import streamlit as st'];
    for (let i = 0; i < depth; i++) lines.push(`${'    '.repeat(i)}if x:`);
    lines.push(`${'    '.repeat(depth)}st.write(1)`);
    writeFile(root, 'deep.py', lines.join('\n') + '\n');
    const r = await runLint(['deep.py'], root);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
  });

  it('checks an empty file and a file outside the cwd', async () => {
    writeFile(root, 'empty.py', '');
    assert.equal((await runLint(['empty.py', '--no-skip'], root)).code, 0);
    const r = await runLint([join(root, 'pkg', 'unbound_write.py')], join(root, 'build'));
    assert.deepEqual(findingKeys(r.stdout), ['../pkg/unbound_write.py:8:5: TL001']);
  });
});

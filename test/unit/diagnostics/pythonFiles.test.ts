// Finding a workspace folder's Python files as findFiles does: dot folders, symlinks, and the
// VS Code exclude globs (files.exclude / search.exclude), on a real folder tree.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { findPythonFiles } from '../../../src/diagnostics/pythonFiles';

describe('findPythonFiles', () => {
  let root: string;
  const write = (rel: string) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), 'import streamlit as st\n');
  };
  const found = (exclude: string[]) => findPythonFiles(root, exclude).map((p) => relative(root, p));

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'threadlit-pyfiles-'));
    for (const rel of ['app.py', 'notes.txt', 'pkg/a.py', 'pkg/deep/b.py', 'pkg/c.gen.py', '.hidden/d.py', 'node_modules/x/e.py', 'out/f.py', 'excluded/g.py', 'pkg/excluded/h.py']) write(rel);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds every .py file, dot folders included, in a stable order', () => {
    assert.deepEqual(found([]), ['.hidden/d.py', 'app.py', 'excluded/g.py', 'node_modules/x/e.py', 'out/f.py', 'pkg/a.py', 'pkg/c.gen.py', 'pkg/deep/b.py', 'pkg/excluded/h.py']);
  });

  it('honours VS Code globs: any-depth folders, root-relative paths, trailing /**, braces and file globs', () => {
    assert.deepEqual(found(['**/node_modules', 'excluded', 'out/**', '**/*.gen.py', '{.hidden,nothing}']), ['app.py', 'pkg/a.py', 'pkg/deep/b.py', 'pkg/excluded/h.py']);
  });

  it('follows symlinked files and folders, and a link back up the tree does not loop', () => {
    symlinkSync(join(root, 'pkg', 'a.py'), join(root, 'linked.py'));
    symlinkSync(join(root, 'pkg', 'deep'), join(root, 'deep-link'));
    symlinkSync(root, join(root, 'pkg', 'loop'));
    symlinkSync(join(root, 'missing.py'), join(root, 'dangling.py'));
    const files = found(['**/node_modules', '.hidden', 'out', 'excluded', 'pkg/excluded']);
    assert.deepEqual(files, ['app.py', 'deep-link/b.py', 'linked.py', 'pkg/a.py', 'pkg/c.gen.py', 'pkg/deep/b.py']);
  });

  it('applies a when clause only where the named sibling exists', () => {
    write('pkg/deep/b.pyi');
    write('pkg/deep/lone.py');
    const files = findPythonFiles(root, ['**/node_modules', '.hidden', 'out', 'excluded', 'pkg/excluded'], [{ glob: '**/*.py', when: '$(basename).pyi' }]);
    assert.deepEqual(files.map((p) => relative(root, p)), ['app.py', 'pkg/a.py', 'pkg/c.gen.py', 'pkg/deep/lone.py']);
  });

  it('gives nothing for a folder that does not exist', () => {
    assert.deepEqual(findPythonFiles(join(root, 'nope'), []), []);
  });
});

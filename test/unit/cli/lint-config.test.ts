// `[tool.threadlit]` in pyproject.toml: select, ignore, exclude, lookup and errors.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { findingKeys, makeTree, removeTree, runLint, writeFile } from './lint-harness';

const WRITE = 'pkg/unbound_write.py:8:5: TL001';
const STATE = 'pkg/unbound_state.py:8:12: TL002';
const BUILD = 'build/hidden.py:8:5: TL001';

describe('threadlit lint: pyproject.toml [tool.threadlit]', () => {
  let root: string;
  beforeEach(() => {
    root = makeTree();
  });
  afterEach(() => removeTree(root));

  it('applies select, ignore and exclude from the project file', async () => {
    writeFile(root, 'pyproject.toml', '[project]\nname = "app"\n\n[tool.threadlit]\nexclude = ["build"]\nignore = ["TL002"]\n');
    assert.deepEqual(findingKeys((await runLint([], root)).stdout), [WRITE]);
    writeFile(root, 'pyproject.toml', '[tool.threadlit]\nselect = ["TL002"]\n');
    assert.deepEqual(findingKeys((await runLint([], root)).stdout), [STATE]);
  });

  it('lets --select replace the config select and adds --ignore and --exclude to it', async () => {
    writeFile(root, 'pyproject.toml', '[tool.threadlit]\nselect = ["TL002"]\nexclude = ["build"]\n');
    assert.deepEqual(findingKeys((await runLint(['--select', 'TL001'], root)).stdout), [WRITE]);
    writeFile(root, 'pyproject.toml', '[tool.threadlit]\nignore = ["TL002"]\n');
    const r = await runLint(['--ignore', 'TL001', '--exclude', 'pkg'], root);
    assert.equal(r.code, 0);
  });

  it('uses the nearest configured pyproject.toml, with globs relative to its folder', async () => {
    writeFile(root, 'pyproject.toml', '[tool.threadlit]\nignore = ["TL001"]\n');
    // A sub-project without a [tool.threadlit] table is passed over...
    writeFile(root, 'build/pyproject.toml', '[project]\nname = "sub"\n');
    // ...but one with a table wins for the files below it.
    writeFile(root, 'pkg/pyproject.toml', '[tool.threadlit]\nexclude = ["unbound_state.py"]\n');
    const r = await runLint([], root);
    assert.deepEqual(findingKeys(r.stdout), [WRITE]);
    // The same settings apply when run from elsewhere.
    const fromBuild = await runLint([join(root, 'pkg')], join(root, 'build'));
    assert.deepEqual(findingKeys(fromBuild.stdout), ['../pkg/unbound_write.py:8:5: TL001']);
  });

  it('still finds the sub-folder excluded by a path glob in the project file', async () => {
    writeFile(root, 'pyproject.toml', '[tool.threadlit]\nexclude = ["pkg/unbound_*.py"]\n');
    assert.deepEqual(findingKeys((await runLint([], root)).stdout), [BUILD]);
  });

  const broken: Array<[string, RegExp]> = [
    ['[tool.threadlit\n', /pyproject\.toml: invalid TOML/],
    ['[tool.threadlit]\nselect = "TL001"\n', /select must be an array of strings/],
    ['[tool.threadlit]\nignore = ["TL404"]\n', /ignore: unknown rule code 'TL404'/],
    ['[tool.threadlit]\nexlude = ["x"]\n', /unknown key 'exlude'/],
    ['[tool]\nthreadlit = 3\n', /\[tool\.threadlit\] must be a table/],
  ];
  for (const [toml, message] of broken) {
    it(`exits 2 on a bad config: ${JSON.stringify(toml)}`, async () => {
      writeFile(root, 'pyproject.toml', toml);
      const r = await runLint([], root);
      assert.equal(r.code, 2);
      assert.match(r.stderr, message);
    });
  }
});

// Exclude globs: .gitignore-like matching by name at any depth, or by path from a base.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { compileExclude, isExcluded } from '../../../src/cli/lint/glob';

const BASE = '/project';
const matches = (glob: string, rel: string) => isExcluded(join(BASE, rel), [compileExclude(glob, BASE)]);

describe('threadlit lint: exclude globs', () => {
  const cases: Array<[string, string, boolean]> = [
    // A name without '/' matches at any depth, files and folders alike.
    ['build', 'build/app.py', true],
    ['build', 'src/build/app.py', true],
    ['build', 'src/builder/app.py', false],
    ['*_pb2.py', 'api/v1/user_pb2.py', true],
    ['*_pb2.py', 'api/v1/user_pb2.pyi', false],
    ['test_?.py', 'tests/test_a.py', true],
    ['test_?.py', 'tests/test_ab.py', false],
    ['[ab]*.py', 'x/alpha.py', true],
    ['[!ab]*.py', 'x/alpha.py', false],
    ['[!ab]*.py', 'x/gamma.py', true],
    // A pattern with '/' is anchored at the base; a matching folder covers its subtree.
    ['legacy/*.py', 'legacy/old.py', true],
    ['legacy/*.py', 'legacy/deep/old.py', false],
    ['legacy/*.py', 'src/legacy/old.py', false],
    ['legacy/', 'legacy/deep/old.py', true],
    ['./legacy', 'legacy/deep/old.py', true],
    ['/legacy/deep', 'legacy/deep/old.py', true],
    ['src/**/gen_*.py', 'src/gen_a.py', true],
    ['src/**/gen_*.py', 'src/a/b/gen_a.py', true],
    ['src/**', 'src/a/b.py', true],
    ['**/fixtures', 'tests/unit/fixtures/x.py', true],
    // Regex metacharacters in names are literal.
    ['a+b.py', 'a+b.py', true],
    ['a+b.py', 'aab.py', false],
    ['(x).py', '(x).py', true],
  ];
  for (const [glob, rel, expected] of cases) {
    it(`${glob} ${expected ? 'matches' : 'does not match'} ${rel}`, () => {
      assert.equal(matches(glob, rel), expected);
    });
  }

  it('never matches outside its base or the base itself', () => {
    const pattern = compileExclude('*', BASE);
    assert.equal(isExcluded('/elsewhere/app.py', [pattern]), false);
    assert.equal(isExcluded(BASE, [pattern]), false);
    assert.equal(isExcluded('/project/app.py', [pattern]), true);
  });
});

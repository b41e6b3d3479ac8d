// Unit tests of finding the Python runtime folder from the bundle and from the sources.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runtimeDir } from '../../../src/core/runtimeDir';
import { REPO } from './processes';

describe('runtimeDir', () => {
  const exists = (path: string): boolean => path === '/ext/runtime/threadlit_runtime/__main__.py';

  it('finds runtime/ beside the bundle folder and above the sources', () => {
    assert.equal(runtimeDir('/ext/dist', exists), '/ext/runtime');
    assert.equal(runtimeDir('/ext/src/core', exists), '/ext/runtime');
  });

  it('names the problem when the runtime is not installed', () => {
    assert.throws(() => runtimeDir('/elsewhere/dist', exists), /runtime\/threadlit_runtime\) was not found above \/elsewhere\/dist/);
  });

  it("finds the repository's runtime from this checkout", () => {
    assert.equal(runtimeDir(), join(REPO, 'runtime'));
  });
});

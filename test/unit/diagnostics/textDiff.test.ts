// The minimal replacement used by fix-all.
import * as assert from 'node:assert/strict';
import { minimalReplacement } from '../../../src/diagnostics/textDiff';

const apply = (before: string, after: string): string => {
  const r = minimalReplacement(before, after);
  return before.slice(0, r.start) + r.newText + before.slice(r.end);
};

describe('minimalReplacement', () => {
  it('replaces only the changed middle', () => {
    assert.deepEqual(minimalReplacement('a\nb\nc\n', 'a\nX\nb\nc\n'), { start: 2, end: 2, newText: 'X\n' });
    assert.deepEqual(minimalReplacement('same', 'same'), { start: 4, end: 4, newText: '' });
  });

  it('round-trips insertions, deletions and replacements', () => {
    for (const [before, after] of [
      ['t.start()\n', 'add(t)\nt.start()\nt.join()\n'],
      ['abcabc', 'abc'],
      ['', 'x'],
      ['x', ''],
      ['a😀b', 'a😁b'],
    ] as const) {
      assert.equal(apply(before, after), after);
    }
  });

  it('does not split surrogate pairs', () => {
    const r = minimalReplacement('a😀b', 'a😁b');
    assert.equal(r.newText, '😁');
  });
});

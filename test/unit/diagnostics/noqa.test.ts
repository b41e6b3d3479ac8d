// `# noqa` editing: appending, merging into existing lists, and lines where no comment may go.
import * as assert from 'node:assert/strict';
import { loadAnalyzer } from '../../../src/analyzer';
import { noqaEdit, scanComment } from '../../../src/diagnostics/noqa';
import type { TextEdit } from '../../../src/analyzer/types';

/** Applies a single-line edit to `text` (the function only ever edits its own line). */
function apply(text: string, edit: TextEdit | undefined): string | undefined {
  if (!edit) return undefined;
  assert.equal(edit.range.start.line, 7);
  assert.equal(edit.range.end.line, 7);
  return text.slice(0, edit.range.start.column) + edit.newText + text.slice(edit.range.end.column);
}

const suppress = (text: string, code = 'TL001'): string | undefined => apply(text, noqaEdit(text, 7, code));

describe('noqa editing', () => {
  it('appends a comment to a line without one', () => {
    assert.equal(suppress('    st.write(x)'), '    st.write(x)  # noqa: TL001');
  });

  it('replaces trailing whitespace instead of keeping it after the comment', () => {
    assert.equal(suppress('st.write(x)   \t'), 'st.write(x)  # noqa: TL001');
  });

  it('appends after an existing comment that is not a noqa', () => {
    assert.equal(suppress('st.write(x)  # show it'), 'st.write(x)  # show it  # noqa: TL001');
  });

  it('merges into an existing comma-separated list', () => {
    assert.equal(suppress('st.write(x)  # noqa: E501', 'TL002'), 'st.write(x)  # noqa: E501, TL002');
    assert.equal(suppress('st.write(x)  # noqa:E501,F401  # why', 'TL002'), 'st.write(x)  # noqa:E501, F401, TL002  # why');
  });

  it('rewrites a space-separated list with commas, the form the analyzer reads', () => {
    assert.equal(suppress('f()  # NOQA: E501 F401', 'TL004'), 'f()  # NOQA: E501, F401, TL004');
  });

  it('fills an empty list', () => {
    assert.equal(suppress('f()  # noqa:', 'TL003'), 'f()  # noqa: TL003');
  });

  it('finds a noqa after other comment text', () => {
    assert.equal(suppress('f()  # type: ignore  # noqa: E501'), 'f()  # type: ignore  # noqa: E501, TL001');
  });

  it('does nothing when the code is already listed, in any case', () => {
    assert.equal(noqaEdit('f()  # noqa: E501, tl001', 7, 'TL001'), undefined);
  });

  it('does nothing under a bare noqa, which suppresses every rule', () => {
    assert.equal(noqaEdit('f()  # noqa', 7, 'TL001'), undefined);
  });

  it('ignores # and noqa inside string literals', () => {
    assert.equal(suppress('st.write("# noqa: TL001")'), 'st.write("# noqa: TL001")  # noqa: TL001');
    assert.equal(suppress("st.write('it\\'s # not a comment')"), "st.write('it\\'s # not a comment')  # noqa: TL001");
    assert.equal(suppress('st.write("""# x""", "#")  # noqa: E1'), 'st.write("""# x""", "#")  # noqa: E1, TL001');
  });

  it('refuses lines that end inside a string or with a backslash continuation', () => {
    assert.equal(noqaEdit('st.write("""start of text', 7, 'TL001'), undefined);
    assert.equal(noqaEdit('x = 1 + \\', 7, 'TL001'), undefined);
  });

  it('scans only to the first comment', () => {
    assert.deepEqual(scanComment('a = "#" # c # d'), { kind: 'comment', start: 8 });
    assert.deepEqual(scanComment("a = '''x''' + 'y'"), { kind: 'none' });
  });
});

describe('noqa editing agrees with the analyzer', () => {
  const source = (comment: string) =>
    ['import threading', 'import streamlit as st', '', 'def work():', `    st.write("x")${comment}`, '', 't = threading.Thread(target=work)', 't.start()', 't.join()', ''].join('\n');

  for (const comment of ['', '  # why', '  # noqa: E501', '  # noqa: E501 F401', '  # noqa:E501,F401  # more', '  # type: ignore  # noqa: X1']) {
    it(`suppresses TL001 after ${JSON.stringify(comment)}`, async () => {
      const analyzer = await loadAnalyzer();
      const before = source(comment);
      assert.deepEqual(analyzer.analyze(before, 'app.py').map((d) => [d.code, d.range.start.line]), [['TL001', 4]]);
      const lines = before.split('\n');
      const edit = noqaEdit(lines[4] ?? '', 4, 'TL001');
      assert.ok(edit);
      lines[4] = (lines[4] ?? '').slice(0, edit.range.start.column) + edit.newText + (lines[4] ?? '').slice(edit.range.end.column);
      assert.deepEqual(analyzer.analyze(lines.join('\n'), 'app.py'), []);
    });
  }
});

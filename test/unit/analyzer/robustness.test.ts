// The analyzer never throws: syntax errors, empty input, very deep nesting, non-ASCII text.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { mentionsStreamlit } from '../../../src/analyzer';
import { analyzer, fixtureFiles, FIXTURES, read, strictMode } from './helpers';

const HEADER = 'import threading\nimport streamlit as st\n';

describe('analyzer robustness', () => {
  strictMode();

  it('runs in strict mode', () => {
    assert.equal(process.env.THREADLIT_STRICT, '1');
  });

  it('analyzes what parses around syntax errors', async () => {
    const a = await analyzer();
    // A missing colon inside the worker, and a class header cut off at the end of the file.
    const missingColon = `${HEADER}\ndef ok():\n    st.write("y")\n    if x\n        st.write("z")\n\nthreading.Thread(target=ok).start()\nclass (\n`;
    assert.deepEqual(a.analyze(missingColon, 'broken.py').map((d) => `${d.code}:${d.range.start.line}`), ['TL001:4', 'TL001:6']);
    // An unclosed parenthesis after the worker.
    const unclosed = `${HEADER}\ndef ok():\n    st.write("y")\n\nx = (1 +\n\nthreading.Thread(target=ok).start()\n`;
    assert.deepEqual(a.analyze(unclosed, 'broken.py').map((d) => `${d.code}:${d.range.start.line}`), ['TL001:4']);
  });

  it('returns nothing for empty and whitespace-only files and for binary garbage', async () => {
    const a = await analyzer();
    assert.deepEqual(a.analyze('', 'empty.py'), []);
    assert.deepEqual(a.analyze('\n\n   \n', 'blank.py'), []);
    assert.deepEqual(a.analyze('\u0000\u0001\uFFFD\u0007 st.write(\u0000', 'bin.py'), []);
  });

  it('survives 500 nested parentheses inside worker code', async () => {
    const deep = `${'('.repeat(500)}st.write(1)${')'.repeat(500)}`;
    const source = `${HEADER}def work():\n    x = ${deep}\n\nthreading.Thread(target=work).start()\n`;
    const found = (await analyzer()).analyze(source, 'parens.py');
    assert.deepEqual(
      found.map((d) => [d.code, d.range.start.line, d.range.start.column]),
      [['TL001', 3, 508]],
    );
  });

  it('survives 500 nested blocks inside worker code', async () => {
    let body = '';
    for (let i = 0; i < 500; i++) body += `${' '.repeat(4 * (i + 1))}if x > ${i}:\n`;
    body += `${' '.repeat(4 * 501)}st.session_state.depth = 500\n`;
    const source = `${HEADER}def work(x):\n${body}\nthreading.Thread(target=work, args=(1,)).start()\n`;
    const found = (await analyzer()).analyze(source, 'blocks.py');
    assert.deepEqual(found.map((d) => [d.code, d.range.start.line]), [['TL002', 503]]);
  });

  it('reports UTF-16 columns after non-ASCII text', async () => {
    const source = `${HEADER}def work():\n    x = "héllo😀"; st.write(x)\n\nthreading.Thread(target=work).start()\n`;
    const [d] = (await analyzer()).analyze(source, 'utf16.py');
    const line = source.split('\n')[3]!;
    assert.equal(d?.code, 'TL001');
    assert.equal(d?.range.start.column, line.indexOf('st.write'));
    assert.equal(d?.range.end.column, line.indexOf('st.write') + 'st.write'.length);
  });

  it('a container the worker makes itself is Streamlit\'s root: its calls are dropped, not raised', async () => {
    const source = `${HEADER}def work():\n    with st.form("f"):\n        st.text_input("name")\n    box = st.container()\n    box.write("x")\n\nthreading.Thread(target=work).start()\n`;
    const found = (await analyzer()).analyze(source, 'own.py');
    assert.deepEqual(
      found.map((d) => [d.range.start.line, /process-wide main container/.test(d.message), /raises/.test(d.message)]),
      [
        [3, true, false],
        [4, false, false],
        [5, false, false],
        [6, false, false],
      ],
    );
  });

  it('messages say what happens: dropped or NoSessionContext', async () => {
    const source = `${HEADER}box = st.empty()\ndef work():\n    st.write("a")\n    box.write("b")\n    st.switch_page("p.py")\n\nthreading.Thread(target=work).start()\n`;
    const found = (await analyzer()).analyze(source, 'outcomes.py');
    assert.deepEqual(
      found.map((d) => [d.range.start.line, /drops it/.test(d.message) ? 'dropped' : /raises NoSessionContext/.test(d.message) ? 'raises' : d.message]),
      [
        [4, 'dropped'],
        [5, 'raises'],
        [6, 'raises'],
      ],
    );
    assert.deepEqual(found[0]?.related.map((r) => [r.range.start.line, r.message]), [
      [8, 'thread created here'],
      [8, 'thread started here'],
    ]);
  });
});

describe('mentionsStreamlit', () => {
  it('is true for every fixture with findings and false for a file that never names streamlit', async () => {
    const a = await analyzer();
    for (const file of fixtureFiles()) {
      const source = read(join(FIXTURES, file));
      if (a.analyze(source, file).length > 0) assert.ok(mentionsStreamlit(source), file);
    }
    assert.equal(mentionsStreamlit('import threading\nthreading.Thread(target=print).start()\n'), false);
  });
});

describe('analyzer strict mode', () => {
  it('is off outside the analyzer suites', () => {
    assert.notEqual(process.env.THREADLIT_STRICT, '1');
  });
});

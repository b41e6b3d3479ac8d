// The JavaScript mirror of the syntax tree (src/analyzer/mirror.ts): a fresh copy must agree
// with web-tree-sitter's own nodes on everything the analyzer reads, and the copy a document
// updates after each edit must equal a fresh copy of a fresh parse of the same text.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Node as WasmNode } from 'web-tree-sitter';
import { mentionsStreamlit, type TextEdit } from '../../../src/analyzer';
import { mirrorOf } from '../../../src/analyzer/document';
import { MirrorTree, type MirrorNode } from '../../../src/analyzer/mirror';
import { loadParser } from '../../../src/analyzer/parser';
import { LineIndex } from '../../../src/analyzer/positions';
import { makeApp } from '../../../bench/lint/incremental';
import { analyzer, FIXTURES, fixtureFiles, read, strictMode } from './helpers';
import { applyEdit, random, randomEdit, threadHeavyApp } from './edits';

/** Every field the analyzer asks for (grep childForFieldName in src/analyzer). */
const FIELDS = [
  'alias', 'alternative', 'arguments', 'attribute', 'body', 'condition', 'consequence', 'function', 'key', 'left',
  'module_name', 'name', 'object', 'parameters', 'right', 'superclasses', 'value',
];

/** The mirror as nested plain data, for deepEqual with a readable diff. */
function shape(node: MirrorNode): unknown {
  return [node.type, node.startIndex, node.endIndex, node.fields, node.namedChildren.map(shape)];
}

/** Compares a mirror node with the parser's node, recursively (explicit stack: deep nesting). */
function assertSameAsParser(mirror: MirrorNode, wasm: WasmNode, where: string): void {
  const stack: [MirrorNode, WasmNode][] = [[mirror, wasm]];
  while (stack.length > 0) {
    const [m, w] = stack.pop()!;
    const at = `${where} at ${w.startIndex}`;
    assert.equal(m.type, w.type, at);
    assert.equal(m.startIndex, w.startIndex, at);
    assert.equal(m.endIndex, w.endIndex, at);
    assert.deepEqual(m.startPosition, w.startPosition, at);
    assert.deepEqual(m.endPosition, w.endPosition, at);
    assert.equal(m.text, w.text, at);
    const kids = w.namedChildren.filter((c): c is WasmNode => c !== null);
    assert.equal(m.namedChildCount, kids.length, `${at}: child count`);
    for (const field of FIELDS) {
      const expected = w.childForFieldName(field);
      const actual = m.childForFieldName(field);
      assert.equal(actual?.startIndex ?? null, expected?.startIndex ?? null, `${at}: field ${field}`);
      assert.equal(actual?.type ?? null, expected?.type ?? null, `${at}: field ${field}`);
      if (field === 'alternative' || field === 'name') {
        assert.equal(m.childrenForFieldName(field).length, w.childrenForFieldName(field).filter((c) => c?.isNamed).length, `${at}: ${field}s`);
      }
    }
    kids.forEach((kid, i) => {
      assert.equal(m.namedChildren[i]!.parent, m, `${at}: parent link`);
      stack.push([m.namedChildren[i]!, kid]);
    });
  }
}

function sources(): [string, string][] {
  const out: [string, string][] = fixtureFiles().map((f) => [f, read(join(FIXTURES, f))]);
  out.push(['app.py', threadHeavyApp(8)]);
  out.push(['bench_app.py', makeApp(400)]);
  return out;
}

describe('analyzer syntax mirror', function () {
  this.timeout(300_000);
  strictMode();

  it('a fresh mirror agrees with the parser on every node', async () => {
    const { parser } = await loadParser();
    for (const [name, source] of [...sources(), ['odd.py', 'x = (1,\n  é😀 = [\n\tdef\n"""open'] as [string, string]]) {
      const tree = parser.parse(source)!;
      try {
        assertSameAsParser(new MirrorTree(source, tree).root, tree.rootNode, name);
      } finally {
        tree.delete();
      }
    }
  });

  // Only texts that mention streamlit are analyzed over a mirror (see document.ts).
  for (const [name, source] of sources().filter(([, text]) => mentionsStreamlit(text))) {
    it(`after random edits of ${name}, the document's mirror equals a fresh one`, async () => {
      const a = await analyzer();
      const { parser } = await loadParser();
      const next = random(4242 + name.length);
      const doc = a.openDocument(source, name);
      let text = source;
      let reused = 0;
      try {
        for (let step = 0; step < 40; step++) {
          const batch: TextEdit[] = [];
          for (let k = next() < 0.8 ? 1 : 3; k > 0; k--) {
            const edit = randomEdit(text, next);
            batch.push(edit);
            text = applyEdit(text, edit);
          }
          const before = new Set<MirrorNode>(mirrorOf(doc)?.root.namedChildren ?? []);
          doc.update(batch);
          const mirror = mirrorOf(doc);
          // An edit inside the word "streamlit" drops the mirror until it is back.
          assert.equal(mirror !== null, mentionsStreamlit(text), `${name}: step ${step}: mirror kept`);
          if (!mirror) continue;
          const fresh = parser.parse(text)!;
          try {
            assert.deepEqual(shape(mirror.root), shape(new MirrorTree(text, fresh).root), `${name}: step ${step}`);
            assertSameAsParser(mirror.root, fresh.rootNode, `${name}: step ${step}`);
          } finally {
            fresh.delete();
          }
          reused += mirror.root.namedChildren.filter((kid) => before.has(kid)).length;
        }
      } finally {
        doc.dispose();
      }
      // The point of the mirror: most statements survive an edit as the same objects.
      assert.ok(reused > 0, `${name}: nothing was reused`);
    });
  }

  it('keeps a mirror only while the text mentions streamlit', async () => {
    const a = await analyzer();
    const source = 'import threading\n\ndef f():\n    pass\n';
    const doc = a.openDocument(source, 'm.py');
    try {
      assert.equal(mirrorOf(doc), null);
      const end = new LineIndex(source).positionAt(source.length);
      doc.update([{ range: { start: end, end }, newText: 'import streamlit as st\n' }]);
      assert.ok(mirrorOf(doc), 'the import brings the mirror');
      assert.equal(mirrorOf(doc)!.root.namedChildCount, 3);
      doc.update([{ range: { start: end, end: { line: end.line + 1, column: 0 } }, newText: '' }]);
      assert.equal(mirrorOf(doc), null, 'and removing it drops the mirror');
      assert.deepEqual(doc.diagnostics(), a.analyze(source, 'm.py'));
    } finally {
      doc.dispose();
    }
  });

  it('reuses statements after the edit with their offsets moved', async () => {
    const a = await analyzer();
    const source = 'import streamlit as st\n\ndef f():\n    st.write(1)\n\nx = 1\ny = [2,\n     3]\n';
    const doc = a.openDocument(source, 'm.py');
    try {
      const before = mirrorOf(doc)!.root.namedChildren.slice();
      const lines = new LineIndex(source);
      const at = lines.positionAt(source.indexOf('write'));
      doc.update([{ range: { start: at, end: at }, newText: 'over' }]);
      const after = mirrorOf(doc)!.root.namedChildren;
      assert.equal(after[0], before[0], 'the import before the edit is kept');
      assert.notEqual(after[1], before[1], 'the edited def is copied again');
      assert.equal(after[2], before[2], 'x = 1 after the edit is kept');
      assert.equal(after[2]!.startIndex, source.indexOf('x = 1') + 4);
      assert.equal(after[3]!.namedChildren[0]!.namedChildren[1]!.text, '[2,\n     3]');
    } finally {
      doc.dispose();
    }
  });
});

// Unit tests of the hand-written protobuf encoder against bytes from Streamlit's proto classes.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeRerunBackMsg, varint, type ClientContext } from '../../../src/core/backMsg';

interface Reference {
  name: string;
  input: ClientContext;
  hex: string;
}

// Produced once by test/fixtures/runtime-host/make_backmsg_reference.py with Streamlit 1.64.
const references = JSON.parse(readFileSync(join(__dirname, '../../fixtures/runtime-host/backmsg-rerun.json'), 'utf8')) as Reference[];

describe('encodeRerunBackMsg', () => {
  it('has reference cases', () => assert.ok(references.length >= 3));
  for (const ref of references) {
    it(`matches the proto classes' bytes (${ref.name})`, () => {
      assert.equal(encodeRerunBackMsg(ref.input).toString('hex'), ref.hex);
    });
  }
});

describe('varint', () => {
  it('encodes small, multi-byte and negative int32 values', () => {
    assert.equal(varint(0).toString('hex'), '00');
    assert.equal(varint(127).toString('hex'), '7f');
    assert.equal(varint(300).toString('hex'), 'ac02');
    assert.equal(varint(-1).toString('hex'), 'ffffffffffffffffff01');
    assert.throws(() => varint(1.5), RangeError);
  });
});

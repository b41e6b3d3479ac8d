// errorMessage (src/core/errorMessage.ts): what a caught value says in a log line.
import * as assert from 'node:assert/strict';
import { errorMessage } from '../../../src/core/errorMessage';

describe('errorMessage', () => {
  it('gives an Error’s message, without its name or stack', () => {
    assert.equal(errorMessage(new TypeError('no such port')), 'no such port');
  });

  it('gives anything else as a string', () => {
    assert.equal(errorMessage('spawn failed'), 'spawn failed');
    assert.equal(errorMessage(42), '42');
    assert.equal(errorMessage(undefined), 'undefined');
  });
});

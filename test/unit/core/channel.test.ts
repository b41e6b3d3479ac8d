// Unit tests of the channel's line decoder and event validation.

import assert from 'node:assert/strict';
import { encodeCommand, LineDecoder, parseEvent, type DecodedLine } from '../../../src/core/channel';

const lines = (decoded: DecodedLine[]): string[] => decoded.map((d) => (d.ok ? d.line : `!${d.error.kind}`));

describe('LineDecoder', () => {
  it('joins a line split across chunks', () => {
    const d = new LineDecoder();
    assert.deepEqual(lines(d.push('{"a"')), []);
    assert.deepEqual(lines(d.push(':1}\n{"b":')), ['{"a":1}']);
    assert.deepEqual(lines(d.push('2}\n')), ['{"b":2}']);
  });

  it('accepts CRLF and skips blank lines', () => {
    const d = new LineDecoder();
    assert.deepEqual(lines(d.push('one\r\n\r\ntwo\r')), ['one']);
    assert.deepEqual(lines(d.push('\n')), ['two']);
  });

  it('keeps a multi-byte character split between chunks intact', () => {
    const bytes = Buffer.from('héllo—ok\n', 'utf8');
    const d = new LineDecoder();
    const out: DecodedLine[] = [];
    for (let i = 0; i < bytes.length; i++) out.push(...d.push(bytes.subarray(i, i + 1)));
    assert.deepEqual(lines(out), ['héllo—ok']);
  });

  it('replaces an oversize line by one error and resumes at the next line', () => {
    const d = new LineDecoder(10);
    const out = [...d.push('0123456'), ...d.push('789abcdef'), ...d.push('more\nshort\n')];
    assert.deepEqual(lines(out), ['!oversize', 'short']);
  });

  it('flushes a last line without newline at the end of the stream', () => {
    const d = new LineDecoder();
    assert.deepEqual(lines(d.push('tail')), []);
    assert.deepEqual(lines(d.end()), ['tail']);
  });
});

describe('parseEvent', () => {
  const ready = { v: 1, type: 'ready', url: 'http://127.0.0.1:1/', port: 1, streamlitVersion: '1.64.0', pythonVersion: '3.11.7', pid: 9 };
  const monitor = {
    v: 1,
    type: 'monitor',
    kind: 'missing-context',
    severity: 'warning',
    thread: { name: 'Thread-3', id: 12 },
    session: 's1',
    run: 1,
    site: { file: '/app.py', line: 27, function: 'work' },
    call: 'container.write',
    outcome: 'raised',
    count: 1,
    message: 'm',
  };

  it('accepts valid events', () => {
    for (const event of [ready, monitor, { v: 1, type: 'threads', threads: [] }, { v: 1, type: 'exit', code: 0, reason: 'shutdown' }]) {
      const parsed = parseEvent(JSON.stringify(event));
      assert.ok(parsed.ok, JSON.stringify(parsed));
      assert.deepEqual(parsed.event, event);
    }
  });

  const bad: Array<[string, string]> = [
    ['not json', 'not-json'],
    ['[1,2]', 'not-object'],
    ['"ready"', 'not-object'],
    [JSON.stringify({ ...ready, v: 2 }), 'bad-version'],
    [JSON.stringify({ ...ready, type: 'bogus' }), 'unknown-type'],
    [JSON.stringify({ ...ready, type: 'toString' }), 'unknown-type'],
    [JSON.stringify({ ...ready, port: '8501' }), 'bad-field'],
    [JSON.stringify({ ...monitor, site: { file: 'a.py', line: 1.5, function: 'f' } }), 'bad-field'],
    [JSON.stringify({ ...monitor, severity: 'fatal' }), 'bad-field'],
    [JSON.stringify({ v: 1, type: 'threads', threads: [{ name: 'x' }] }), 'bad-field'],
  ];
  for (const [line, kind] of bad) {
    it(`rejects ${line.slice(0, 50)} as ${kind}`, () => {
      const parsed = parseEvent(line);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) assert.equal(parsed.error.kind, kind);
    });
  }

  it('accepts a site of null and a missing optional traceback', () => {
    assert.ok(parseEvent(JSON.stringify({ ...monitor, site: null })).ok);
    assert.ok(!parseEvent(JSON.stringify({ ...monitor, traceback: 3 })).ok);
  });
});

describe('encodeCommand', () => {
  it('writes one versioned JSON line', () => {
    assert.equal(encodeCommand('shutdown'), '{"v":1,"type":"shutdown"}\n');
  });
});

// The host's end of the runtime channel: splits the child's stdout into lines, validates each
// line as a protocol event, and encodes commands. Bad input becomes a typed error, never a throw.

import { PROTOCOL_VERSION, type RuntimeCommand, type RuntimeEvent } from '../protocol/runtime';

/** Lines longer than this are dropped: a runaway line must not grow the host's memory unbounded. */
export const DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024;

export type ProtocolErrorKind = 'oversize' | 'not-json' | 'not-object' | 'bad-version' | 'unknown-type' | 'bad-field';

/** A line on the channel that is not a valid event. The host reports it and keeps reading. */
export interface ProtocolError {
  kind: ProtocolErrorKind;
  detail: string;
  /** The start of the offending line, for the log. */
  excerpt: string;
}

export type DecodedLine = { ok: true; line: string } | { ok: false; error: ProtocolError };

/**
 * Splits a byte stream into lines. Accepts `\n` and `\r\n`, keeps partial lines across chunks
 * (including a multi-byte character split between chunks), and replaces a line longer than
 * `maxLineBytes` by one `oversize` error while discarding the rest of it.
 */
export class LineDecoder {
  private parts: Buffer[] = [];
  private size = 0;
  private discarding = false;

  constructor(private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES) {}

  push(chunk: Buffer | string): DecodedLine[] {
    const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    const out: DecodedLine[] = [];
    let start = 0;
    while (start <= data.length) {
      const nl = data.indexOf(0x0a, start);
      const end = nl === -1 ? data.length : nl;
      this.append(data.subarray(start, end), out);
      if (nl === -1) break;
      this.finishLine(out);
      start = nl + 1;
    }
    return out;
  }

  /** The stream ended: a last line without a newline still counts. */
  end(): DecodedLine[] {
    const out: DecodedLine[] = [];
    if (this.size > 0 || this.discarding) this.finishLine(out);
    return out;
  }

  private append(piece: Buffer, out: DecodedLine[]): void {
    if (piece.length === 0 || this.discarding) return;
    if (this.size + piece.length > this.maxLineBytes) {
      const head = Buffer.concat([...this.parts, piece]).subarray(0, 80).toString('utf8');
      out.push({ ok: false, error: { kind: 'oversize', detail: `line longer than ${this.maxLineBytes} bytes`, excerpt: head } });
      this.parts = [];
      this.size = 0;
      this.discarding = true;
      return;
    }
    this.parts.push(piece);
    this.size += piece.length;
  }

  private finishLine(out: DecodedLine[]): void {
    if (this.discarding) {
      this.discarding = false;
      return;
    }
    let line = Buffer.concat(this.parts, this.size).toString('utf8');
    this.parts = [];
    this.size = 0;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() !== '') out.push({ ok: true, line });
  }
}

export type ParsedEvent = { ok: true; event: RuntimeEvent } | { ok: false; error: ProtocolError };

type FieldCheck = (value: unknown) => boolean;

const str: FieldCheck = (v) => typeof v === 'string';
const num: FieldCheck = (v) => typeof v === 'number' && Number.isFinite(v);
const int: FieldCheck = (v) => Number.isInteger(v);
const bool: FieldCheck = (v) => typeof v === 'boolean';
const nullable =
  (check: FieldCheck): FieldCheck =>
  (v) =>
    v === null || check(v);
const optional =
  (check: FieldCheck): FieldCheck =>
  (v) =>
    v === undefined || check(v);
const oneOf =
  (...values: string[]): FieldCheck =>
  (v) =>
    typeof v === 'string' && values.includes(v);
const shape =
  (fields: Record<string, FieldCheck>): FieldCheck =>
  (v) =>
    isRecord(v) && Object.entries(fields).every(([name, check]) => check(v[name]));
const arrayOf =
  (check: FieldCheck): FieldCheck =>
  (v) =>
    Array.isArray(v) && v.every(check);

const site = shape({ file: str, line: int, function: str });
const threadInfo = shape({
  name: str,
  id: int,
  daemon: bool,
  alive: bool,
  session: nullable(str),
  run: nullable(int),
  streamlit: bool,
});

/**
 * The fields each event must carry, mirroring `src/protocol/runtime.ts`. Enumerations that the
 * runtime may extend (monitor kinds, outcomes, error codes) are checked as strings so a newer
 * runtime degrades to a generic message instead of being rejected.
 */
const EVENT_FIELDS: Record<RuntimeEvent['type'], Record<string, FieldCheck>> = {
  ready: { url: str, port: int, streamlitVersion: str, pythonVersion: str, pid: int, monitor: optional(bool), fastReruns: optional(bool) },
  runStarted: { session: str, run: int },
  runFinished: { session: str, run: int, status: str, duration: num },
  monitor: {
    kind: str,
    severity: oneOf('error', 'warning', 'info'),
    thread: shape({ name: str, id: int }),
    session: nullable(str),
    run: nullable(int),
    site: nullable(site),
    call: str,
    outcome: str,
    count: int,
    message: str,
    traceback: optional(str),
  },
  threads: { threads: arrayOf(threadInfo) },
  log: { level: str, message: str },
  error: { code: str, message: str, fatal: optional(bool) },
  exit: { code: int, reason: str },
};

/** Parses and validates one channel line. */
export function parseEvent(line: string): ParsedEvent {
  const excerpt = line.length > 120 ? line.slice(0, 120) + '…' : line;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return fail('not-json', (err as Error).message, excerpt);
  }
  if (!isRecord(value)) return fail('not-object', 'an event must be a JSON object', excerpt);
  if (value.v !== PROTOCOL_VERSION) {
    return fail('bad-version', `protocol version ${JSON.stringify(value.v)}, expected ${PROTOCOL_VERSION}`, excerpt);
  }
  const type = value.type;
  const fields = typeof type === 'string' && Object.hasOwn(EVENT_FIELDS, type) ? EVENT_FIELDS[type as RuntimeEvent['type']] : undefined;
  if (fields === undefined) return fail('unknown-type', `unknown event type ${JSON.stringify(type)}`, excerpt);
  for (const [name, check] of Object.entries(fields)) {
    if (!check(value[name])) return fail('bad-field', `${String(type)}.${name} is missing or has the wrong type`, excerpt);
  }
  return { ok: true, event: value as unknown as RuntimeEvent };
}

/** Encodes a command as one channel line, newline included. */
export function encodeCommand(type: RuntimeCommand['type']): string {
  const command: RuntimeCommand = { v: PROTOCOL_VERSION, type };
  return JSON.stringify(command) + '\n';
}

function fail(kind: ProtocolErrorKind, detail: string, excerpt: string): ParsedEvent {
  return { ok: false, error: { kind, detail, excerpt } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Hand-encodes the one protobuf message a headless session needs: the BackMsg `rerun_script`
// that Streamlit's frontend sends first. Field numbers are from Streamlit's BackMsg.proto and
// ClientState.proto; a unit test compares the bytes with the proto classes' own encoding.

/** What the browser tells Streamlit about itself in the first run request. */
export interface ClientContext {
  /** The page URL, e.g. `http://127.0.0.1:8501/`. */
  url: string;
  /** IANA zone, e.g. `Europe/Berlin`. */
  timezone: string;
  /** Minutes, as `Date.prototype.getTimezoneOffset()` returns them (UTC+1 → -60). */
  timezoneOffset: number;
  locale: string;
  colorScheme: 'light' | 'dark';
}

// BackMsg.rerun_script = 11 (ClientState). ClientState: widget_states = 2, context_info = 8.
// ContextInfo: timezone 1, timezone_offset 2 (int32), locale 3, url 4, is_embedded 5, color_scheme 6.
const BACKMSG_RERUN_SCRIPT = 11;
const CLIENT_STATE_WIDGET_STATES = 2;
const CLIENT_STATE_CONTEXT_INFO = 8;

const WIRE_VARINT = 0;
const WIRE_LEN = 2;

/** The bytes of `BackMsg { rerun_script { widget_states {} context_info {…} } }`. */
export function encodeRerunBackMsg(ctx: ClientContext): Buffer {
  const contextInfo = Buffer.concat([
    stringField(1, ctx.timezone),
    varintField(2, ctx.timezoneOffset),
    stringField(3, ctx.locale),
    stringField(4, ctx.url),
    varintField(5, 0),
    stringField(6, ctx.colorScheme),
  ]);
  const clientState = Buffer.concat([
    lenField(CLIENT_STATE_WIDGET_STATES, Buffer.alloc(0)),
    lenField(CLIENT_STATE_CONTEXT_INFO, contextInfo),
  ]);
  return lenField(BACKMSG_RERUN_SCRIPT, clientState);
}

/** The context of this machine, as a browser on it would report it. */
export function localClientContext(url: string): ClientContext {
  const options = Intl.DateTimeFormat().resolvedOptions();
  return {
    url,
    timezone: options.timeZone,
    timezoneOffset: new Date().getTimezoneOffset(),
    locale: options.locale,
    colorScheme: 'light',
  };
}

/** Base-128 varint; negative int32 values take ten bytes (two's complement over 64 bits). */
export function varint(value: number): Buffer {
  if (!Number.isInteger(value)) throw new RangeError(`varint needs an integer, got ${value}`);
  let n = BigInt.asUintN(64, BigInt(value));
  const bytes: number[] = [];
  do {
    let byte = Number(n & 0x7fn);
    n >>= 7n;
    if (n !== 0n) byte |= 0x80;
    bytes.push(byte);
  } while (n !== 0n);
  return Buffer.from(bytes);
}

function tag(field: number, wire: number): Buffer {
  return varint((field << 3) | wire);
}

function varintField(field: number, value: number): Buffer {
  return Buffer.concat([tag(field, WIRE_VARINT), varint(value)]);
}

function lenField(field: number, payload: Buffer): Buffer {
  return Buffer.concat([tag(field, WIRE_LEN), varint(payload.length), payload]);
}

function stringField(field: number, value: string): Buffer {
  return lenField(field, Buffer.from(value, 'utf8'));
}

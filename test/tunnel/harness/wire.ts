// How the test's stand-in for VS Code carries tunnel messages between Node and the page (VS Code
// has its own IPC for this; the tunnel protocol itself never sees this format). One WebSocket
// binary frame per message: a 4-byte length, the message as JSON with each byte array (a chunk's
// `data`, also inside a `tunnel/batch`) replaced by `{ "$bytes": [offset, length] }`, then those
// bytes. The page side is the same in plain JS (outerPage.ts).

export function encode(message: Record<string, unknown>): Buffer {
  const parts: Uint8Array[] = [];
  let offset = 0;
  // `this[key]`: the value before toJSON (a Buffer would arrive as { type, data: [...] }).
  const header = Buffer.from(
    JSON.stringify(message, function (this: Record<string, unknown>, key: string, value: unknown) {
      const raw = this[key];
      if (!(raw instanceof Uint8Array)) return value;
      parts.push(raw);
      offset += raw.byteLength;
      return { $bytes: [offset - raw.byteLength, raw.byteLength] };
    }),
    'utf8',
  );
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length);
  return Buffer.concat([length, header, ...parts]);
}

export function decode(frame: Buffer): unknown {
  const length = frame.readUInt32BE(0);
  const base = 4 + length;
  return JSON.parse(frame.subarray(4, base).toString('utf8'), (_key, value: unknown) => {
    const ref = (value as { $bytes?: unknown } | null)?.$bytes;
    if (!Array.isArray(ref)) return value;
    const [start, size] = ref as [number, number];
    // A copy, as a structured clone would make: a plain Uint8Array, not a view into the frame.
    return new Uint8Array(frame.subarray(base + start, base + start + size));
  });
}

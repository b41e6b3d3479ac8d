// How the test's stand-in for VS Code carries tunnel messages between Node and the page (VS Code
// has its own IPC for this; the tunnel protocol itself never sees this format). One WebSocket
// binary frame per message: a 4-byte length, the message as JSON without its `data`, then the
// `data` bytes when `data` is a Uint8Array. The page side is the same in plain JS (outerPage.ts).

export function encode(message: Record<string, unknown>): Buffer {
  const data = message.data;
  const bytes = data instanceof Uint8Array ? data : undefined;
  const header = Buffer.from(JSON.stringify(bytes === undefined ? message : { ...message, data: undefined, $bytes: true }), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length);
  return Buffer.concat([length, header, bytes ?? Buffer.alloc(0)]);
}

export function decode(frame: Buffer): unknown {
  const length = frame.readUInt32BE(0);
  const message = JSON.parse(frame.subarray(4, 4 + length).toString('utf8')) as Record<string, unknown>;
  if (message.$bytes === true) {
    delete message.$bytes;
    // A copy, as a structured clone would make: a plain Uint8Array, not a view into the frame.
    message.data = new Uint8Array(frame.subarray(4 + length));
  }
  return message;
}

// Reads a Python file as text: UTF-8 (PEP 3120), with a clear error for binary or other encodings.
import { readFileSync } from 'node:fs';
import { describeFsError } from './discover';

export type SourceRead = { ok: true; text: string; bom: boolean } | { ok: false; error: string };

const BOM = [0xef, 0xbb, 0xbf] as const;
// git's heuristic: a NUL byte near the start means binary, not text.
const BINARY_SNIFF_BYTES = 8000;

export function readSource(absPath: string): SourceRead {
  let bytes: Buffer;
  try {
    bytes = readFileSync(absPath);
  } catch (err) {
    return { ok: false, error: `cannot read: ${describeFsError(err)}` };
  }
  return decodeSource(bytes);
}

export function decodeSource(bytes: Uint8Array): SourceRead {
  const sniff = bytes.subarray(0, BINARY_SNIFF_BYTES);
  if (sniff.includes(0)) return { ok: false, error: 'looks like a binary file (contains NUL bytes); skipped' };
  const bom = bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2];
  try {
    // `fatal` turns malformed bytes into an exception instead of silent U+FFFD; the BOM is dropped.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { ok: true, text, bom };
  } catch {
    const at = firstInvalidUtf8(bytes);
    const line = countLines(bytes, at);
    return { ok: false, error: `not valid UTF-8 (line ${line}, byte offset ${at}); Threadlit reads Python files as UTF-8; skipped` };
  }
}

/** The offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    // Decode the candidate sequence with the fatal decoder to catch overlongs and surrogates too.
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(i, i + need + 1));
    } catch {
      return i;
    }
    i += need + 1;
  }
  return bytes.length;
}

function countLines(bytes: Uint8Array, end: number): number {
  let line = 1;
  for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

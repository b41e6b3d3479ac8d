// The file name in a Content-Disposition header. Pure (unit-tested in Node).

/**
 * `filename*=utf-8''…` (RFC 5987, percent-encoded) wins over `filename="…"` or a bare token, as
 * browsers do; undefined when there is neither (or the encoded form does not decode).
 */
export function filenameFromContentDisposition(header: string | null | undefined): string | undefined {
  if (header === null || header === undefined) return undefined;
  const extended = /(?:^|;)\s*filename\*\s*=\s*([^']*)'[^']*'([^;\s]+)/i.exec(header);
  if (extended !== null) {
    try {
      const name = decodeURIComponent(extended[2] ?? '');
      if (name !== '') return name;
    } catch {
      // A malformed escape: fall back to the plain parameter.
    }
  }
  const quoted = /(?:^|;)\s*filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header);
  if (quoted !== null) return (quoted[1] ?? '').replace(/\\(.)/g, '$1') || undefined;
  const token = /(?:^|;)\s*filename\s*=\s*([^;\s"]+)/i.exec(header);
  return token?.[1] || undefined;
}

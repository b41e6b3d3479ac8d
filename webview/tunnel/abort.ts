// Telling an abort (a seek, a new source, an element gone) from a failure, for the media streams.

export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

export function abortError(): DOMException {
  return new DOMException('The media stream was stopped.', 'AbortError');
}

/**
 * Runs `read` (a fetch, or a read of its body) and, if it fails after `signal` aborted, rejects
 * with an AbortError. Chromium rejects a body read cut short by an abort with "TypeError: Failed
 * to fetch", whatever error the stream had: the streams could not tell a seek from a failure.
 */
export async function abortable<T>(signal: AbortSignal, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    throw signal.aborted && !isAbort(err) ? abortError() : err;
  }
}

// How the media streams tell an abort (a seek, a new source) from a failure
// (webview/tunnel/abort.ts). Chromium turns a body read cut short by an abort into
// "TypeError: Failed to fetch"; the standalone tunnel test shows it happen in a real page.
import * as assert from 'node:assert/strict';
import { abortable, isAbort } from '../../../webview/tunnel/abort';

const failedToFetch = (): TypeError => new TypeError('Failed to fetch');

describe('media streams: abortable reads', () => {
  it('turns a failure after the abort into an AbortError', async () => {
    const controller = new AbortController();
    const read = abortable(controller.signal, async () => {
      controller.abort();
      throw failedToFetch();
    });
    await assert.rejects(read, (err: unknown) => isAbort(err));
  });

  it('keeps a failure while the signal is not aborted', async () => {
    const controller = new AbortController();
    await assert.rejects(
      abortable(controller.signal, async () => Promise.reject(failedToFetch())),
      (err: unknown) => err instanceof TypeError && err.message === 'Failed to fetch',
    );
  });

  it('passes an AbortError through as it is, and a result untouched', async () => {
    const controller = new AbortController();
    const own = new DOMException('stopped here', 'AbortError');
    await assert.rejects(
      abortable(controller.signal, async () => {
        controller.abort();
        throw own;
      }),
      (err: unknown) => err === own,
    );
    assert.equal(await abortable(new AbortController().signal, async () => 42), 42);
  });
});

// The download name the shim reads from the app's Content-Disposition (st.download_button's
// file_name=), webview/tunnel/contentDisposition.ts.
import * as assert from 'node:assert/strict';
import { filenameFromContentDisposition } from '../../../webview/tunnel/contentDisposition';

describe('tunnel shim: the file name in Content-Disposition', () => {
  it('reads Streamlit’s quoted form', () => {
    assert.equal(filenameFromContentDisposition('attachment; filename="data.csv"'), 'data.csv');
    assert.equal(filenameFromContentDisposition('attachment; filename="my report; v2.txt"'), 'my report; v2.txt');
  });

  it('prefers the RFC 5987 form, percent-decoded (non-ASCII and unsafe names)', () => {
    assert.equal(filenameFromContentDisposition("attachment; filename*=utf-8''caf%C3%A9%2Fx.pdf"), 'café/x.pdf');
    assert.equal(filenameFromContentDisposition('attachment; filename="fallback.pdf"; filename*=UTF-8\'\'r%C3%A9sum%C3%A9.pdf'), 'résumé.pdf');
  });

  it('reads a bare token and unescapes a quoted one', () => {
    assert.equal(filenameFromContentDisposition('attachment; filename=plain.bin'), 'plain.bin');
    assert.equal(filenameFromContentDisposition('attachment; filename="a\\"b.txt"'), 'a"b.txt');
  });

  it('has no name without the parameter, or with a malformed encoded one and nothing else', () => {
    for (const header of [null, undefined, '', 'attachment', 'inline; size=3', "attachment; filename*=utf-8''%E0%A4%A"]) {
      assert.equal(filenameFromContentDisposition(header), undefined, String(header));
    }
    // The plain parameter stays usable when the encoded one is malformed.
    assert.equal(filenameFromContentDisposition("attachment; filename*=utf-8''%E0%A4%A; filename=\"ok.txt\""), 'ok.txt');
  });
});

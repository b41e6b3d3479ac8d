// The preview's own Streamlit flags: for the iframe, the XSRF cookie may cross sites unless the user
// decided otherwise; for the tunnel, Streamlit's defaults.

import assert from 'node:assert/strict';
import { flagValue, previewStreamlitArgs } from '../../../src/app/previewArgs';

describe('previewStreamlitArgs', () => {
  it('puts xsrfCookieSameSite=none before the user flags', () => {
    assert.deepEqual(previewStreamlitArgs([], 'iframe'), ['--server.xsrfCookieSameSite=none']);
    assert.deepEqual(previewStreamlitArgs(['--theme.base=dark'], 'iframe'), ['--server.xsrfCookieSameSite=none', '--theme.base=dark']);
  });

  it('adds nothing for the tunnel, whose cookie stays in the extension host', () => {
    assert.deepEqual(previewStreamlitArgs([], 'tunnel'), []);
    assert.deepEqual(previewStreamlitArgs(['--theme.base=dark'], 'tunnel'), ['--theme.base=dark']);
  });

  it('keeps XSRF protection on (never adds enableXsrfProtection=false)', () => {
    assert.ok(!previewStreamlitArgs([], 'iframe').some((a) => a.includes('enableXsrfProtection')));
  });

  it('leaves a SameSite value the user chose, in either flag form', () => {
    assert.deepEqual(previewStreamlitArgs(['--server.xsrfCookieSameSite=strict'], 'iframe'), ['--server.xsrfCookieSameSite=strict']);
    assert.deepEqual(previewStreamlitArgs(['--server.xsrfCookieSameSite', 'lax'], 'iframe'), ['--server.xsrfCookieSameSite', 'lax']);
  });

  it('adds nothing when the user turned XSRF protection off (there is no cookie)', () => {
    assert.deepEqual(previewStreamlitArgs(['--server.enableXsrfProtection=false'], 'iframe'), ['--server.enableXsrfProtection=false']);
    assert.deepEqual(previewStreamlitArgs(['--server.enableXsrfProtection', 'False'], 'iframe'), ['--server.enableXsrfProtection', 'False']);
    assert.equal(previewStreamlitArgs(['--server.enableXsrfProtection=true'], 'iframe')[0], '--server.xsrfCookieSameSite=none');
  });
});

describe('flagValue', () => {
  it('reads the last value in either form', () => {
    assert.equal(flagValue(['--a.b=1', '--a.b', '2'], 'a.b'), '2');
    assert.equal(flagValue(['--a.bc=1'], 'a.b'), undefined);
    assert.equal(flagValue(['--a.b='], 'a.b'), '');
  });
});

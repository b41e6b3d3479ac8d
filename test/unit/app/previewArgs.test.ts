// The preview's own Streamlit flags: the XSRF cookie may cross sites unless the user decided otherwise.

import assert from 'node:assert/strict';
import { flagValue, previewStreamlitArgs } from '../../../src/app/previewArgs';

describe('previewStreamlitArgs', () => {
  it('puts xsrfCookieSameSite=none before the user flags', () => {
    assert.deepEqual(previewStreamlitArgs([]), ['--server.xsrfCookieSameSite=none']);
    assert.deepEqual(previewStreamlitArgs(['--theme.base=dark']), ['--server.xsrfCookieSameSite=none', '--theme.base=dark']);
  });

  it('keeps XSRF protection on (never adds enableXsrfProtection=false)', () => {
    assert.ok(!previewStreamlitArgs([]).some((a) => a.includes('enableXsrfProtection')));
  });

  it('leaves a SameSite value the user chose, in either flag form', () => {
    assert.deepEqual(previewStreamlitArgs(['--server.xsrfCookieSameSite=strict']), ['--server.xsrfCookieSameSite=strict']);
    assert.deepEqual(previewStreamlitArgs(['--server.xsrfCookieSameSite', 'lax']), ['--server.xsrfCookieSameSite', 'lax']);
  });

  it('adds nothing when the user turned XSRF protection off (there is no cookie)', () => {
    assert.deepEqual(previewStreamlitArgs(['--server.enableXsrfProtection=false']), ['--server.enableXsrfProtection=false']);
    assert.deepEqual(previewStreamlitArgs(['--server.enableXsrfProtection', 'False']), ['--server.enableXsrfProtection', 'False']);
    assert.equal(previewStreamlitArgs(['--server.enableXsrfProtection=true'])[0], '--server.xsrfCookieSameSite=none');
  });
});

describe('flagValue', () => {
  it('reads the last value in either form', () => {
    assert.equal(flagValue(['--a.b=1', '--a.b', '2'], 'a.b'), '2');
    assert.equal(flagValue(['--a.bc=1'], 'a.b'), undefined);
    assert.equal(flagValue(['--a.b='], 'a.b'), '');
  });
});

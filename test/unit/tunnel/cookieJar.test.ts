// The relay's cookie jar: Set-Cookie parsing, paths, expiry and deletion.
import { strict as assert } from 'node:assert';
import { CookieJar, pathMatches, XSRF_COOKIE } from '../../../src/tunnel/cookieJar';

describe('tunnel cookie jar', () => {
  it('stores Streamlit’s XSRF cookie and sends it back', () => {
    const jar = new CookieJar();
    jar.store([`${XSRF_COOKIE}=2|abcd|ef01|1700000000; Path=/; SameSite=Lax`], '/_stcore/health');
    assert.equal(jar.get(XSRF_COOKIE), '2|abcd|ef01|1700000000');
    assert.equal(jar.header('/_stcore/upload_file/x'), `${XSRF_COOKIE}=2|abcd|ef01|1700000000`);
  });

  it('uses the default path when none is given, and matches paths as RFC 6265 says', () => {
    const jar = new CookieJar();
    jar.store(['a=1'], '/media/x.png');
    assert.equal(jar.header('/media/y.png'), 'a=1');
    assert.equal(jar.header('/mediax'), undefined);
    assert.equal(jar.header('/'), undefined);
    assert.equal(pathMatches('/a/b', '/a'), true);
    assert.equal(pathMatches('/ab', '/a'), false);
    assert.equal(pathMatches('/a/', '/a/'), true);
    assert.equal(pathMatches('/a?x=1', '/a'), true);
  });

  it('sends longer paths first and replaces a cookie of the same name and path', () => {
    const jar = new CookieJar();
    jar.store(['s=root; Path=/', 's=deep; Path=/a'], '/');
    assert.equal(jar.header('/a/b'), 's=deep; s=root');
    jar.store(['s=new; Path=/'], '/');
    assert.equal(jar.header('/'), 's=new');
  });

  it('forgets expired and deleted cookies', () => {
    let now = 1_000_000;
    const jar = new CookieJar(() => now);
    jar.store(['short=1; Max-Age=10', 'long=2; Expires=Wed, 21 Oct 2099 07:28:00 GMT; Max-Age=100'], '/');
    assert.equal(jar.header('/'), 'short=1; long=2');
    now += 11_000;
    assert.equal(jar.header('/'), 'long=2', 'Max-Age wins over Expires');
    jar.store(['long=; Max-Age=0'], '/');
    assert.equal(jar.header('/'), undefined);
    jar.store(['gone=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT'], '/');
    assert.equal(jar.get('gone'), undefined);
  });

  it('ignores malformed Set-Cookie values', () => {
    const jar = new CookieJar();
    jar.store(['=nameless', 'novalue', ''], '/');
    assert.equal(jar.header('/'), undefined);
  });
});

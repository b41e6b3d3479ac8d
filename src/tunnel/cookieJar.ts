// The tunnel's cookie store for one app origin. The webview never sees the app's cookies (its
// document is not on the app's origin, so `document.cookie` cannot hold them); the relay keeps
// them here and adds them to every request and WebSocket handshake, as a browser would.

/** Streamlit's XSRF cookie; its value goes back in `X-Xsrftoken` and the WebSocket subprotocols. */
export const XSRF_COOKIE = '_streamlit_xsrf';

interface StoredCookie {
  name: string;
  value: string;
  path: string;
  /** Epoch ms after which the cookie is gone; undefined for a session cookie. */
  expires: number | undefined;
}

export class CookieJar {
  private readonly cookies = new Map<string, StoredCookie>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Stores the cookies of one response's `Set-Cookie` headers, set by a request to `requestPath`. */
  store(setCookieHeaders: readonly string[] | undefined, requestPath: string): void {
    for (const header of setCookieHeaders ?? []) {
      const cookie = parseSetCookie(header, requestPath, this.now());
      if (cookie === undefined) continue;
      const key = `${cookie.name}\u0000${cookie.path}`;
      if (cookie.expires !== undefined && cookie.expires <= this.now()) this.cookies.delete(key);
      else this.cookies.set(key, cookie);
    }
  }

  /** The `Cookie` header for a request to `path`, or undefined when no cookie applies. */
  header(path: string): string | undefined {
    const now = this.now();
    const matching = [...this.cookies.values()]
      .filter((c) => (c.expires === undefined || c.expires > now) && pathMatches(path, c.path))
      // Longer paths first, as RFC 6265 §5.4 asks.
      .sort((a, b) => b.path.length - a.path.length);
    return matching.length === 0 ? undefined : matching.map((c) => `${c.name}=${c.value}`).join('; ');
  }

  /** The current value of a cookie that applies to `path`. */
  get(name: string, path = '/'): string | undefined {
    const now = this.now();
    return [...this.cookies.values()]
      .filter((c) => c.name === name && (c.expires === undefined || c.expires > now) && pathMatches(path, c.path))
      .sort((a, b) => b.path.length - a.path.length)[0]?.value;
  }
}

/** RFC 6265 §5.1.4 path-match. */
export function pathMatches(requestPath: string, cookiePath: string): boolean {
  const path = requestPath.split('?')[0] || '/';
  if (path === cookiePath) return true;
  if (!path.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || path[cookiePath.length] === '/';
}

/** RFC 6265 §5.1.4 default-path: the request path up to its last `/`. */
function defaultPath(requestPath: string): string {
  const path = requestPath.split('?')[0] ?? '';
  if (!path.startsWith('/')) return '/';
  const last = path.lastIndexOf('/');
  return last <= 0 ? '/' : path.slice(0, last);
}

/** Parses one `Set-Cookie` value; undefined for one without a name. */
export function parseSetCookie(header: string, requestPath: string, now: number): StoredCookie | undefined {
  const [pair = '', ...attributes] = header.split(';');
  const eq = pair.indexOf('=');
  if (eq <= 0) return undefined;
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim();
  if (name === '') return undefined;
  let path = defaultPath(requestPath);
  let expires: number | undefined;
  let maxAgeSeen = false;
  for (const attribute of attributes) {
    const aeq = attribute.indexOf('=');
    const key = (aeq < 0 ? attribute : attribute.slice(0, aeq)).trim().toLowerCase();
    const arg = aeq < 0 ? '' : attribute.slice(aeq + 1).trim();
    if (key === 'path' && arg.startsWith('/')) path = arg;
    else if (key === 'max-age' && /^-?\d+$/.test(arg)) {
      // Max-Age wins over Expires (RFC 6265 §5.3 step 3).
      maxAgeSeen = true;
      const seconds = Number(arg);
      expires = seconds <= 0 ? 0 : now + seconds * 1000;
    } else if (key === 'expires' && !maxAgeSeen) {
      const at = Date.parse(arg);
      if (!Number.isNaN(at)) expires = at;
    }
  }
  return { name, value, path, expires };
}

// Maps the frontend's URLs (under the tunnel's fake origin) to the one app the relay may reach:
// 127.0.0.1 and the app's port. Anything else is refused, so a page in the webview can never
// use the extension host as a proxy to another host, port or scheme.

import { TUNNEL_ORIGIN } from '../protocol/tunnel';

/** The app server the relay talks to. Always loopback: Threadlit's runtime binds 127.0.0.1. */
export interface AppTarget {
  readonly host: '127.0.0.1';
  readonly port: number;
}

/** A request the relay refuses to forward; the message says why. */
export class TunnelRejection extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TunnelRejection';
  }
}

const FAKE = new URL(TUNNEL_ORIGIN);
const WS_SCHEME = FAKE.protocol === 'https:' ? 'wss:' : 'ws:';

export function appTarget(port: number): AppTarget {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError(`not a TCP port: ${port}`);
  return { host: '127.0.0.1', port };
}

/**
 * The path and query on the app for a frontend URL, or a TunnelRejection. `kind` says which
 * scheme the URL must have: https for requests, wss for WebSockets (the fake origin's pair).
 */
export function appPath(url: string, kind: 'http' | 'ws'): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TunnelRejection(`not an absolute URL: ${JSON.stringify(url.slice(0, 200))}`);
  }
  const scheme = kind === 'http' ? FAKE.protocol : WS_SCHEME;
  if (parsed.protocol !== scheme || parsed.host !== FAKE.host || parsed.username !== '' || parsed.password !== '') {
    throw new TunnelRejection(`refused: ${parsed.protocol}//${parsed.host} is not the app (only ${scheme}//${FAKE.host} goes through the tunnel)`);
  }
  return `${parsed.pathname}${parsed.search}`;
}

/** Rewrites a `Location` the app sent (absolute on 127.0.0.1, or relative) onto the fake origin. */
export function frontendLocation(location: string, target: AppTarget): string {
  let parsed: URL;
  try {
    parsed = new URL(location, `http://${target.host}:${target.port}/`);
  } catch {
    return location;
  }
  const isApp = (parsed.hostname === target.host || parsed.hostname === 'localhost') && Number(parsed.port) === target.port;
  return isApp ? `${TUNNEL_ORIGIN}${parsed.pathname}${parsed.search}${parsed.hash}` : location;
}

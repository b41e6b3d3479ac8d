// Every load that does not go through the tunnel is blocked by the CSP; this reports each one to
// the extension's log, so a seam that moved in a new Streamlit shows up instead of failing quietly.
// Component documents (same origin, same CSP) report theirs through ESCAPE_REPORTER.

import { ESCAPE_REPORTER } from './componentDocument';
import type { TunnelChannel } from './channel';

export function reportEscapedLoads(channel: TunnelChannel): void {
  const report = (url: unknown, directive: unknown): void => {
    // Called by component code too: strings only, bounded.
    if (typeof url !== 'string' || typeof directive !== 'string') return;
    channel.post({ type: 'tunnel/escaped-load', url: url.slice(0, 2048), directive: directive.slice(0, 64) });
  };
  document.addEventListener('securitypolicyviolation', (event) => report(event.blockedURI, event.effectiveDirective));
  Object.defineProperty(window, ESCAPE_REPORTER, { value: report, configurable: false, enumerable: false, writable: false });
}

// Every load that does not go through the tunnel is blocked by the CSP; this reports each one to
// the extension's log, so a seam that moved in a new Streamlit shows up instead of failing quietly.

import type { TunnelChannel } from './channel';

export function reportEscapedLoads(channel: TunnelChannel): void {
  document.addEventListener('securitypolicyviolation', (event) => {
    channel.post({ type: 'tunnel/escaped-load', url: event.blockedURI, directive: event.effectiveDirective });
  });
}

// The shim's warnings and errors go to the webview's console (its developer tools) and, as
// `tunnel/log`, to the Threadlit log, where users look.

import { MAX_LOG_TEXT } from '../../src/protocol/tunnel';
import type { TunnelChannel } from './channel';

let channel: TunnelChannel | undefined;

/** From now on, reports also go to the host. */
export function connectHostLog(to: TunnelChannel): void {
  channel = to;
}

export function reportWarning(message: string): void {
  console.warn(`[threadlit tunnel] ${message}`);
  channel?.post({ type: 'tunnel/log', level: 'warn', message: message.slice(0, MAX_LOG_TEXT) });
}

export function reportError(message: string): void {
  console.error(`[threadlit tunnel] ${message}`);
  channel?.post({ type: 'tunnel/log', level: 'error', message: message.slice(0, MAX_LOG_TEXT) });
}

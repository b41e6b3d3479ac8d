// The shim's side of the postMessage channel: sends validated-by-type messages to the host and
// routes the host's answers to the request or socket they belong to, by id. What the host sends
// is validated too; anything malformed is logged and dropped.

import { reportError } from './hostLog';
import { isTunnelMessage, unpackHostTunnelPost, type HostTunnelMessage, type ThemeMessage, type WebviewTunnelMessage } from '../../src/protocol/tunnel';

interface VsCodeApi {
  postMessage(message: unknown): void;
  setState(state: unknown): void;
}

type Handler = (message: Exclude<HostTunnelMessage, ThemeMessage>) => void;

export class TunnelChannel {
  private readonly handlers = new Map<number, Handler>();
  private nextId = 1;
  private onThemeMessage: ((message: ThemeMessage) => void) | undefined;

  constructor(private readonly api: VsCodeApi) {
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (!isTunnelMessage(event.data) || isFromChildFrame(event.source)) return;
      // One postMessage may carry a batch: the host's messages of one event-loop turn (src/tunnel/batch.ts).
      for (const parsed of unpackHostTunnelPost(event.data)) {
        if (!parsed.ok) reportError(parsed.error.message);
        else if (parsed.message.type === 'tunnel/theme') this.onThemeMessage?.(parsed.message);
        else this.handlers.get(parsed.message.id)?.(parsed.message);
      }
    });
  }

  /** The document's own messages (no id): VS Code's theme kind changed. */
  onTheme(listener: (message: ThemeMessage) => void): void {
    this.onThemeMessage = listener;
  }

  post(message: WebviewTunnelMessage): void {
    this.api.postMessage(message);
  }

  /** A fresh id whose host messages go to `handler` until `release`. */
  open(handler: Handler): number {
    const id = this.nextId++;
    this.handlers.set(id, handler);
    return id;
  }

  release(id: number): void {
    this.handlers.delete(id);
  }
}

/** Component iframes live inside this document; they must not be able to forge host answers. */
function isFromChildFrame(source: MessageEventSource | null): boolean {
  if (source === null) return false;
  for (let i = 0; i < window.frames.length; i++) if (window.frames[i] === source) return true;
  return false;
}

/** VS Code's API object; a webview may acquire it once, so it is kept for other scripts too. */
export function vscodeApi(): VsCodeApi {
  const scope = window as unknown as { acquireVsCodeApi?: () => VsCodeApi; __threadlitVsCodeApi?: VsCodeApi };
  if (scope.__threadlitVsCodeApi !== undefined) return scope.__threadlitVsCodeApi;
  if (typeof scope.acquireVsCodeApi !== 'function') throw new Error('[threadlit tunnel] not running in a webview (no acquireVsCodeApi)');
  scope.__threadlitVsCodeApi = scope.acquireVsCodeApi();
  return scope.__threadlitVsCodeApi;
}

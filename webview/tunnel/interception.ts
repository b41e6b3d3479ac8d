// Routes the frontend's fetch, XMLHttpRequest and WebSocket to the tunnel, with
// @mswjs/interceptors doing the interception (it replaces the three globals with faithful
// implementations whose responses we supply). Requests to any other origin pass through to the
// browser untouched, where the CSP blocks them and escapes.ts reports them.

import { FetchInterceptor } from '@mswjs/interceptors/fetch';
import { XMLHttpRequestInterceptor } from '@mswjs/interceptors/XMLHttpRequest';
import { WebSocketInterceptor } from '@mswjs/interceptors/WebSocket';
import type { FrameData } from '../../src/protocol/tunnel';
import type { TunnelChannel } from './channel';
import { isTunnelUrl, tunnelFetch } from './httpClient';

export function interceptHttp(channel: TunnelChannel): void {
  for (const interceptor of [new FetchInterceptor(), new XMLHttpRequestInterceptor()]) {
    interceptor.apply();
    interceptor.on('request', async ({ request, controller }) => {
      if (!isTunnelUrl(request.url)) return;
      try {
        controller.respondWith(await tunnelFetch(channel, request));
      } catch (err) {
        controller.errorWith(err instanceof Error ? err : new TypeError(String(err)));
      }
    });
  }
}

/** Bytes of one outgoing frame, whatever form the frontend sent it in. */
async function frameOf(data: string | ArrayBufferLike | Blob | ArrayBufferView): Promise<FrameData> {
  if (typeof data === 'string') return data;
  if (data instanceof Blob) return new Uint8Array(await data.arrayBuffer());
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  return new Uint8Array(data as ArrayBuffer).slice();
}

export function interceptWebSocket(channel: TunnelChannel): void {
  const interceptor = new WebSocketInterceptor();
  interceptor.apply();
  interceptor.on('connection', ({ client, info }) => {
    if (!isTunnelUrl(client.url.href)) {
      // Not ours: let the browser try, and the CSP block and report it.
      return;
    }
    const protocols = info.protocols === undefined ? [] : typeof info.protocols === 'string' ? [info.protocols] : [...info.protocols];
    let closed = false;
    // Frames are posted in order even when one needs an async conversion (a Blob).
    let sending: Promise<void> = Promise.resolve();
    const id = channel.open((message) => {
      switch (message.type) {
        case 'tunnel/ws-message': {
          const data = message.data;
          const binaryType = client.socket.binaryType;
          if (typeof data === 'string') {
            client.send(data);
            break;
          }
          // A structured-cloned array owns its whole buffer, so that buffer is the frame itself.
          const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer;
          const buffer = whole ? (data.buffer as ArrayBuffer) : data.slice().buffer;
          if (binaryType === 'blob') client.send(new Blob([buffer]));
          else client.send(buffer);
          break;
        }
        case 'tunnel/ws-error':
          client.socket.dispatchEvent(new Event('error'));
          break;
        case 'tunnel/ws-closed':
          closed = true;
          channel.release(id);
          client.close(message.code, message.reason);
          break;
        default:
          break;
      }
    });
    client.addEventListener('message', (event) => {
      const data = event.data as string | ArrayBufferLike | Blob | ArrayBufferView;
      sending = sending.then(async () => channel.post({ type: 'tunnel/ws-send', id, data: await frameOf(data) }));
    });
    client.addEventListener('close', (event) => {
      if (closed) return;
      closed = true;
      const code = event.code === 1000 || (event.code >= 3000 && event.code <= 4999) ? event.code : null;
      void sending.then(() => channel.post({ type: 'tunnel/ws-close', id, code, reason: event.reason.slice(0, 123) }));
      // The host answers with ws-closed; keep listening until then.
    });
    channel.post({ type: 'tunnel/ws-open', id, url: client.url.href, protocols });
  });
}

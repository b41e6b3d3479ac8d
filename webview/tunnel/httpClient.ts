// One HTTP exchange through the tunnel: the request body goes to the host in chunks, and the
// response body comes back as a ReadableStream fed chunk by chunk, so the frontend can start
// reading (or a media element can start filling its blob) before the last byte arrives.

import { TUNNEL_ORIGIN, type HeaderList } from '../../src/protocol/tunnel';
import type { TunnelChannel } from './channel';

// Statuses whose Response must have a null body (the Fetch standard's null body statuses).
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

export function isTunnelUrl(url: string): boolean {
  try {
    const parsed = new URL(url, document.baseURI);
    return parsed.origin === TUNNEL_ORIGIN || (parsed.protocol === 'wss:' && `https://${parsed.host}` === TUNNEL_ORIGIN);
  } catch {
    return false;
  }
}

function abortError(): DOMException {
  return new DOMException('The request was aborted.', 'AbortError');
}

/** Sends `request` to the app through the tunnel. Rejects with a TypeError like fetch does on a network error. */
export function tunnelFetch(channel: TunnelChannel, request: Request): Promise<Response> {
  if (request.signal.aborted) return Promise.reject(abortError());
  return new Promise<Response>((resolve, reject) => {
    let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
    let settled = false;
    let done = false;
    const finish = (): void => {
      done = true;
      channel.release(id);
      request.signal.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      if (done) return;
      channel.post({ type: 'tunnel/http-abort', id });
      finish();
      if (!settled) reject(abortError());
      else controller?.error(abortError());
    };
    const id = channel.open((message) => {
      switch (message.type) {
        case 'tunnel/http-response': {
          settled = true;
          const hasBody = !NULL_BODY.has(message.status) && request.method !== 'HEAD';
          const body = hasBody
            ? new ReadableStream<Uint8Array>({
                start: (c) => void (controller = c),
                cancel: () => {
                  if (done) return;
                  channel.post({ type: 'tunnel/http-abort', id });
                  finish();
                },
              })
            : null;
          resolve(new Response(body, { status: message.status, statusText: message.statusText, headers: message.headers }));
          break;
        }
        case 'tunnel/http-chunk':
          controller?.enqueue(message.data);
          break;
        case 'tunnel/http-end':
          finish();
          controller?.close();
          break;
        case 'tunnel/http-error':
          finish();
          if (!settled) reject(new TypeError(`tunnel: ${message.message}`));
          else controller?.error(new TypeError(`tunnel: ${message.message}`));
          break;
        default:
          break;
      }
    });
    request.signal.addEventListener('abort', onAbort);
    const headers: HeaderList = [];
    request.headers.forEach((value, name) => headers.push([name, value]));
    const bodyFollows = request.body !== null && request.method !== 'GET' && request.method !== 'HEAD';
    channel.post({ type: 'tunnel/http-request', id, method: request.method, url: new URL(request.url, document.baseURI).href, headers, bodyFollows });
    if (bodyFollows) void sendBody(channel, id, request);
  });
}

async function sendBody(channel: TunnelChannel, id: number, request: Request): Promise<void> {
  const reader = (request.body as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    if (value.byteLength > 0) channel.post({ type: 'tunnel/http-request-chunk', id, data: value });
  }
  channel.post({ type: 'tunnel/http-request-end', id });
}

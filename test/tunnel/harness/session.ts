// One standalone tunnel session for the tests and the benchmark: a real app under Threadlit's
// runtime, the shim built from source, the stand-in webview, and a chromium page that records
// every request and socket its frames open.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { Page } from 'playwright-core';
import { RuntimeProcess } from '../../../src/core/runtimeProcess';
import type { AppHostMessage, DownloadMessage, EscapedLoadMessage } from '../../../src/protocol/tunnel';
import { attachTunnel, type TunnelAttachment, type TunnelWebview } from '../../../src/tunnel/attach';
import { locateStreamlitFrontend, type StreamlitFrontend } from '../../../src/tunnel/staticLocator';
import { launchBrowser, type Browser } from '../../integration/harness/browser';
import { repoRoot } from '../../integration/harness/paths';
import { withTimeout } from '../../integration/harness/wait';
import { INNER_INIT_SCRIPT } from './outerPage';
import { startWebviewHost, type WebviewHost } from './webviewHost';

export const PYTHON = join(repoRoot, '.venv', 'bin', 'python');

/** Builds the shim and its MP4 streamer from webview/tunnel/ into a temp folder, as scripts/build-webview.mjs does. */
export async function buildShim(): Promise<{ path: string; dispose(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'threadlit-tunnel-shim-'));
  const common = { bundle: true, platform: 'browser', target: 'es2022', outdir: dir, minify: true, logLevel: 'warning' } as const;
  await esbuild.build({ ...common, entryPoints: { tunnel: join(repoRoot, 'webview', 'tunnel', 'main.ts') }, format: 'iife' });
  await esbuild.build({ ...common, entryPoints: { 'tunnel-mp4': join(repoRoot, 'webview', 'tunnel', 'mp4Stream.ts') }, format: 'esm' });
  return { path: join(dir, 'tunnel.js'), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The HTTP exchanges through the tunnel, counted where the relay posts to the webview. */
export interface TunnelTraffic {
  /** Response body bytes posted to the webview for the requests whose path (and query) matches. */
  bytesTo(path: RegExp): number;
  /** The matching requests, in order, with their Range header, the bytes so far and whether they are still open. */
  requests(path: RegExp): Array<{ url: string; range: string | undefined; bytes: number; open: boolean }>;
  /** The matching requests not ended, failed or aborted yet. */
  open(path: RegExp): number;
  /**
   * Holds back the response body of the next matching request after its first chunk, so the page
   * has the response and waits in the middle of its body.
   */
  stallNextBody(path: RegExp): BodyStall;
}

export interface BodyStall {
  /** Whether the request has a held chunk and is still open (the page has not aborted it). */
  holding(): boolean;
  /** Ends the stall: what it held goes on to the page, in order, if the request is still open. */
  release(): void;
}

type Posted = { type?: string; id?: number; data?: Uint8Array; messages?: Posted[] };

/** Wraps the stand-in webview so every http message both ways is counted. */
function countTraffic(host: WebviewHost): { webview: TunnelWebview; traffic: TunnelTraffic } {
  const requests = new Map<number, { url: string; range: string | undefined; bytes: number; open: boolean }>();
  const pathOf = (url: string): string => {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  };
  let stallPath: RegExp | undefined;
  /** Per stalled request: the messages held back (undefined until its first chunk went through). */
  const stalled = new Map<number, Posted[] | undefined>();
  const webview: TunnelWebview = {
    get cspSource() {
      return host.cspSource;
    },
    asWebviewUri: (path) => host.asWebviewUri(path),
    postMessage(message: unknown) {
      const posted = message as Posted;
      const passed: Posted[] = [];
      for (const m of posted.type === 'tunnel/batch' ? (posted.messages ?? []) : [posted]) {
        const request = m.id === undefined ? undefined : requests.get(m.id);
        const held = m.id === undefined ? undefined : stalled.get(m.id);
        if (held !== undefined) {
          held.push(m);
          continue;
        }
        passed.push(m);
        if (request === undefined) continue;
        if (m.type === 'tunnel/http-chunk' && m.data !== undefined) {
          request.bytes += m.data.byteLength;
          if (stalled.has(m.id!)) stalled.set(m.id!, []);
        }
        if (m.type === 'tunnel/http-end' || m.type === 'tunnel/http-error') request.open = false;
      }
      if (passed.length === 0) return Promise.resolve(true);
      return host.postMessage(posted.type === 'tunnel/batch' ? { ...posted, messages: passed } : message);
    },
    onDidReceiveMessage(listener) {
      return host.onDidReceiveMessage((message) => {
        const m = message as { type?: string; id?: number; url?: string; headers?: Array<[string, string]> };
        if (m.type === 'tunnel/http-request' && m.id !== undefined && m.url !== undefined) {
          const range = m.headers?.find(([name]) => name.toLowerCase() === 'range')?.[1];
          requests.set(m.id, { url: pathOf(m.url), range, bytes: 0, open: true });
          if (stallPath?.test(pathOf(m.url)) === true) {
            stalled.set(m.id, undefined);
            stallPath = undefined;
          }
        }
        if (m.type === 'tunnel/http-abort' && m.id !== undefined) {
          const request = requests.get(m.id);
          if (request !== undefined) request.open = false;
        }
        return listener(message);
      });
    },
  };
  const matching = (path: RegExp) => [...requests.values()].filter((r) => path.test(r.url));
  const traffic: TunnelTraffic = {
    bytesTo: (path) => matching(path).reduce((sum, r) => sum + r.bytes, 0),
    requests: (path) => matching(path).map((r) => ({ ...r })),
    open: (path) => matching(path).filter((r) => r.open).length,
    stallNextBody(path) {
      stallPath = path;
      return {
        holding: () => [...stalled].some(([id, held]) => held !== undefined && held.length > 0 && requests.get(id)?.open === true),
        release() {
          stallPath = undefined;
          const held = [...stalled];
          stalled.clear();
          for (const [id, messages] of held) {
            if (requests.get(id)?.open !== true) continue;
            for (const m of messages ?? []) void webview.postMessage(m);
          }
        },
      };
    },
  };
  return { webview, traffic };
}

/** Starts the app under the runtime and resolves with its port once it serves. */
export async function startApp(app: string, port?: number, streamlitArgs: readonly string[] = []): Promise<{ runtime: RuntimeProcess; port: number; url: string }> {
  const runtime = new RuntimeProcess({ python: PYTHON, app, port, monitor: true, fastReruns: true, streamlitArgs });
  const ready = new Promise<{ port: number; url: string }>((resolve, reject) => {
    runtime.onReady((event) => resolve({ port: event.port, url: event.url }));
    runtime.onExit((exit) => reject(new Error(`the runtime ended before serving: ${JSON.stringify(exit.errorEvent ?? exit.stderrTail.slice(-5))}`)));
  });
  runtime.start();
  try {
    return { runtime, ...(await withTimeout(ready, 60_000, 'the app to serve')) };
  } catch (err) {
    await runtime.stop();
    throw err;
  }
}

export interface TunnelSession {
  readonly page: Page;
  readonly browser: Browser;
  readonly host: WebviewHost;
  readonly attachment: TunnelAttachment;
  readonly appPort: number;
  /** Every request and WebSocket URL any frame of the page opened or tried to open. */
  readonly loads: string[];
  /** The attempts among them that the CSP stopped before they left the page. */
  readonly blocked: string[];
  readonly appMessages: Array<AppHostMessage['message']>;
  readonly downloads: DownloadMessage[];
  readonly escapes: EscapedLoadMessage[];
  /** URLs the shim asked the host to open externally (`tunnel/open-external`). */
  readonly externalLinks: string[];
  /** Invalid messages the relay dropped (must be none). */
  readonly protocolErrors: string[];
  /** The shim's warnings and errors the host got (`tunnel/log`), as `level: message`. */
  readonly shimLogs: string[];
  /** Console messages of the page's frames (`warning`, `error`, …). */
  readonly consoleMessages: Array<{ type: string; text: string }>;
  readonly traffic: TunnelTraffic;
  close(): Promise<void>;
}

export interface OpenTunnelOptions {
  theme?: 'light' | 'dark';
  /** Open the document in a new page of this browser (kept open on close) instead of a browser of its own. */
  browser?: Browser;
  /** The app's path on its server (`server.baseUrlPath`), as in the URL the runtime reports. */
  basePath?: string;
  /** A frontend located before (the benchmark times the open, not the locator's python). */
  frontend?: StreamlitFrontend;
  /**
   * A webview host shared by sessions opened one after another (kept open on close). VS Code
   * serves every webview's resources from one origin, so its browser cache carries over.
   */
  host?: WebviewHost;
}

export async function openTunnel(appPort: number, shimPath: string, options: OpenTunnelOptions = {}): Promise<TunnelSession> {
  const frontend = options.frontend ?? (await locateStreamlitFrontend(PYTHON));
  const ownHost = options.host === undefined;
  const host = options.host ?? (await startWebviewHost());
  const { webview, traffic } = countTraffic(host);
  const attachment = attachTunnel(webview, { port: appPort, basePath: options.basePath, frontend, shimPath, theme: options.theme ?? 'light', title: 'tunnel test' });
  host.html = attachment.html;
  host.resourceRoots = attachment.resourceRoots;
  const appMessages: Array<AppHostMessage['message']> = [];
  const downloads: DownloadMessage[] = [];
  const escapes: EscapedLoadMessage[] = [];
  attachment.relay.onAppMessage((m) => appMessages.push(m));
  attachment.relay.onDownload((m) => downloads.push(m));
  attachment.relay.onEscapedLoad((m) => escapes.push(m));
  const externalLinks: string[] = [];
  attachment.relay.onOpenExternal((m) => externalLinks.push(m.url));
  const protocolErrors: string[] = [];
  attachment.relay.onProtocolError((e) => protocolErrors.push(e.message));
  const shimLogs: string[] = [];
  attachment.relay.onLog((m) => shimLogs.push(`${m.level}: ${m.message}`));
  const ownBrowser = options.browser === undefined;
  const browser = options.browser ?? (await launchBrowser());
  const loads: string[] = [];
  const page = ownBrowser ? browser.page : await browser.context.newPage();
  const blocked: string[] = [];
  page.on('request', (request) => loads.push(request.url()));
  page.on('requestfailed', (request) => {
    // Chromium's reason for a load the CSP stopped is `csp` (net::ERR_BLOCKED_BY_CSP in the devtools).
    if (/^csp$|BLOCKED_BY_CSP/.test(request.failure()?.errorText ?? '')) blocked.push(request.url());
  });
  page.on('websocket', (socket) => loads.push(socket.url()));
  page.on('response', (response) => {
    if (response.status() >= 400) console.log(`    [page] ${response.status()} ${response.url()}`);
  });
  const consoleMessages: Array<{ type: string; text: string }> = [];
  page.on('console', (message) => {
    consoleMessages.push({ type: message.type(), text: message.text() });
    if (message.type() === 'error') console.log(`    [page] ${message.text()}`);
  });
  // Per page: it runs in the page's frames too, and a shared browser gets it once per session.
  await page.addInitScript({ content: INNER_INIT_SCRIPT });
  await page.goto(host.pageUrl);
  return {
    page,
    browser,
    host,
    attachment,
    appPort,
    loads,
    blocked,
    appMessages,
    downloads,
    escapes,
    externalLinks,
    protocolErrors,
    shimLogs,
    consoleMessages,
    traffic,
    async close() {
      if (ownBrowser) await browser.close();
      else await page.close();
      attachment.dispose();
      if (ownHost) await host.close();
    },
  };
}

/** Loads to the app's port that left the page (must be none in tunnel mode). */
export function leaksTo(session: Pick<TunnelSession, 'loads' | 'blocked'>, port: number): string[] {
  const blocked = [...session.blocked];
  return loadsToPort(session.loads, port).filter((url) => {
    const i = blocked.indexOf(url);
    if (i < 0) return true;
    blocked.splice(i, 1);
    return false;
  });
}

/** Loads that went, or tried to go, to a port. */
export function loadsToPort(loads: readonly string[], port: number): string[] {
  return loads.filter((url) => {
    try {
      const parsed = new URL(url);
      return Number(parsed.port) === port;
    } catch {
      return false;
    }
  });
}

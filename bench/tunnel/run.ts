// Preview tunnel benchmark (prints figures; not a test). One real app under Threadlit's runtime,
// one Debian chromium, the same run for both transports:
//  1. click → DOM update: the fixture's "Add one" button clicked from inside the page until the
//     new count shows, in the tunnel document (stand-in webview, test/tunnel/harness/) and in the
//     app's own page (what an iframe preview loads). Rounds of 10 alternate between the two, so
//     load from other jobs on this machine falls on both alike.
//  2. open → first app element visible: a fresh tunnel session (webview host, relay, document) or
//     a fresh page on the app's URL, until the "Add one" button is visible. Launches alternate
//     which goes first; one warm-up launch of each is not counted. Both keep the browser cache:
//     the app's static files for its own page, and the webview resources for the tunnel (one
//     resource origin for all sessions, ETag revalidation, as VS Code serves webview resources).
// Usage: flock /tmp/threadlit-heavy.lock npx tsx bench/tunnel/run.ts [--clicks N] [--launches N]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, type Browser } from '../../test/integration/harness/browser';
import { repoRoot, testOutput } from '../../test/integration/harness/paths';
import { buildShim, loadsToPort, openTunnel, PYTHON, startApp } from '../../test/tunnel/harness/session';
import { startWebviewHost, type WebviewHost } from '../../test/tunnel/harness/webviewHost';
import { locateStreamlitFrontend, type StreamlitFrontend } from '../../src/tunnel/staticLocator';
import { option, runMain } from '../common';
import { measureClicks, summary, waitForFirstElement, type Summary } from './measure';

const APP = join(repoRoot, 'test', 'tunnel', 'fixtures', 'tunnel_app.py');
const ROUND = 10;
const TARGET = 1.5;

interface Ctx {
  browser: Browser;
  host: WebviewHost;
  port: number;
  shimPath: string;
  frontend: StreamlitFrontend;
}

async function clicks(ctx: Ctx, perSide: number): Promise<{ tunnel: number[]; direct: number[] }> {
  const session = await openTunnel(ctx.port, ctx.shimPath, { browser: ctx.browser, frontend: ctx.frontend, host: ctx.host });
  const direct = await ctx.browser.context.newPage();
  try {
    await waitForFirstElement(session.page.frameLocator('#webview'));
    const frame = session.page.frames().find((f) => f.url().endsWith('/doc.html'));
    if (frame === undefined) throw new Error('no tunnel frame');
    await direct.goto(`http://127.0.0.1:${ctx.port}/`);
    await waitForFirstElement(direct);
    const tunnel: number[] = [];
    const plain: number[] = [];
    for (let done = 0; done < perSide; done += ROUND) {
      const n = Math.min(ROUND, perSide - done);
      tunnel.push(...(await measureClicks(frame, n)));
      plain.push(...(await measureClicks(direct.mainFrame(), n)));
    }
    const leaks = loadsToPort(session.loads, ctx.port);
    if (leaks.length > 0) throw new Error(`the tunnel page loaded from the app's port: ${leaks.join(', ')}`);
    return { tunnel, direct: plain };
  } finally {
    await direct.close();
    await session.close();
  }
}

async function openTunnelOnce(ctx: Ctx): Promise<number> {
  const t0 = performance.now();
  const session = await openTunnel(ctx.port, ctx.shimPath, { browser: ctx.browser, frontend: ctx.frontend, host: ctx.host });
  try {
    await waitForFirstElement(session.page.frameLocator('#webview'));
    return performance.now() - t0;
  } finally {
    await session.close();
  }
}

async function openDirectOnce(ctx: Ctx): Promise<number> {
  const t0 = performance.now();
  const page = await ctx.browser.context.newPage();
  try {
    await page.goto(`http://127.0.0.1:${ctx.port}/`);
    await waitForFirstElement(page);
    return performance.now() - t0;
  } finally {
    await page.close();
  }
}

async function opens(ctx: Ctx, launches: number): Promise<{ tunnel: number[]; direct: number[] }> {
  await openTunnelOnce(ctx);
  await openDirectOnce(ctx);
  const tunnel: number[] = [];
  const direct: number[] = [];
  for (let i = 0; i < launches; i++) {
    if (i % 2 === 0) {
      tunnel.push(await openTunnelOnce(ctx));
      direct.push(await openDirectOnce(ctx));
    } else {
      direct.push(await openDirectOnce(ctx));
      tunnel.push(await openTunnelOnce(ctx));
    }
  }
  return { tunnel, direct };
}

function line(name: string, tunnel: Summary, direct: Summary): string {
  const ratio = tunnel.median / direct.median;
  return `${name}: tunnel median ${tunnel.median} ms, p90 ${tunnel.p90} ms (n=${tunnel.n}); app's own page median ${direct.median} ms, p90 ${direct.p90} ms (n=${direct.n}); ratio ${ratio.toFixed(2)} ${ratio <= TARGET ? '(within' : '(OVER'} the ${TARGET}× target)`;
}

async function main(): Promise<void> {
  const perSide = option('clicks', 50);
  const launches = option('launches', 5);
  const shim = await buildShim();
  const { runtime, port } = await startApp(APP);
  let browser: Browser | undefined;
  let host: WebviewHost | undefined;
  try {
    const frontend = await locateStreamlitFrontend(PYTHON);
    browser = await launchBrowser();
    host = await startWebviewHost();
    const ctx: Ctx = { browser, host, port, shimPath: shim.path, frontend };
    const click = await clicks(ctx, perSide);
    const open = await opens(ctx, launches);
    const figures = {
      streamlit: frontend.version,
      click: { tunnel: summary(click.tunnel), direct: summary(click.direct) },
      open: { tunnel: summary(open.tunnel), direct: summary(open.direct) },
    };
    console.log(line('click → DOM update', figures.click.tunnel, figures.click.direct));
    console.log(line('open → first app element visible', figures.open.tunnel, figures.open.direct));
    const out = join(testOutput, 'tunnel');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'bench.json'), `${JSON.stringify({ ...figures, raw: { click, open } }, null, 2)}\n`);
  } finally {
    await browser?.close();
    await host?.close();
    await runtime.stop();
    shim.dispose();
  }
}

runMain(main);

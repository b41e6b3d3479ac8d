// Preview transport benchmark in the real workbench (prints figures; not a test). One code-server
// + chromium, the app test/tunnel/fixtures/tunnel_app.py, launches alternating between
// `threadlit.preview.transport` "tunnel" and "iframe" (a workspace setting, read at Run App):
//  1. Run App → first element visible: the palette's `Threadlit: Run App` submitted → the app's
//     "Add one" button visible in the panel (the tunnel document, or the shell's app iframe).
//     Launches alternate which transport goes first; one warm-up launch of each is not counted.
//  2. click → DOM update: in each counted launch, "Add one" clicked from inside the app's frame
//     until the new count is in the DOM (bench/tunnel/measure.ts), after one uncounted click.
//  3. where the tunnel's extra milliseconds go: round trips to Streamlit's health endpoint from
//     inside the app's frame (through the tunnel, or code-server's port proxy for the iframe),
//     and the same request straight from Node to 127.0.0.1 (the app's own share).
// Each launch checks which transport it got (the frame the app shows in, and for the tunnel the
// "preview through the tunnel" log line); a launch on the other one is redone, not counted.
// Usage: flock /tmp/threadlit-heavy.lock npm run bench:tunnel-workbench -- [--launches N] [--clicks N]
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Frame, FrameLocator } from 'playwright-core';
import { repoRoot, testOutput } from '../../test/integration/harness/paths';
import { pollUntil } from '../../test/integration/harness/wait';
import { appFrame, groupMembers, previewFrame, processesMatching } from '../../test/e2e/runAppDriver';
import { openWorkbench, quickOpen, runCommand, type Workbench } from '../../test/e2e/workbench';
import { median, option, percentile, runMain } from '../common';
import { measureClicks, measureRoundTrips, waitForFirstElement } from './measure';

const APP = 'tunnel_app.py';
const TARGET = 1.5;
const LAUNCH_TIMEOUT_MS = 90_000;
const ATTEMPTS = 3;

type Transport = 'tunnel' | 'iframe';

interface Launch {
  ms: number;
  /** The frame the app's page runs in. */
  frame: Frame;
  /** The panel's recovery warnings during this launch (a stuck webview host, not the transport). */
  recovered: string[];
}

/** Sets the transport the next Run App reads (a workspace setting overrides the user's). */
function setTransport(wb: Workbench, transport: Transport): void {
  const dir = join(wb.workspace.path, '.vscode');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ 'threadlit.preview.transport': transport }));
}

/** The panel's recoveries (docs/run-app.md#blank-previews) in the Threadlit log: they explain a slow launch. */
function recoveries(wb: Workbench): string[] {
  return wb.threadlitLog().split('\n').filter((l) => /recreating the webview|loading it again/.test(l));
}

function tunnelLines(wb: Workbench): number {
  return wb.threadlitLog().split('\n').filter((l) => l.includes(`[${APP}] preview through the tunnel to 127.0.0.1:`)).length;
}

/** The Frame behind a frame locator (measureClicks evaluates in a Frame). */
async function frameOf(locator: FrameLocator): Promise<Frame> {
  const frame = await (await locator.owner().elementHandle({ timeout: 10_000 }))?.contentFrame();
  if (!frame) throw new Error('the app frame has no content frame');
  return frame;
}

/** Stops the app, waits for its runtime's process group to end, and closes every editor. */
async function stopApp(wb: Workbench, appPath: string): Promise<void> {
  const { page } = wb;
  const [pgid] = processesMatching('threadlit_runtime', appPath);
  // After a click in the app, keys go to its frame: a click on the source's tab brings them back.
  await page.keyboard.press('Escape').catch(() => undefined);
  const tab = page.locator(`.tab[data-resource-name="${APP}"]`).first();
  if ((await tab.count()) > 0) await tab.click();
  if (pgid !== undefined) {
    await runCommand(page, 'Threadlit: Stop App', 60_000);
    await pollUntil('the runtime to end', () => (groupMembers(pgid).length === 0 ? true : undefined), 30_000, 50);
  }
  await pollUntil('all editors closed', async () => {
    if ((await page.locator('.tabs-container .tab').count()) === 0 && (await page.locator('iframe.webview').count()) === 0) return true;
    await page.keyboard.press('Escape');
    await runCommand(page, 'View: Close All Editors');
    return undefined;
  }, 60_000, 250);
}

/**
 * Run App → "Add one" visible, and which transport showed it: both frames are watched at once
 * (the tunnel document is the webview's own; the iframe's app is inside the shell), the first
 * to show the button wins. The loser's wait is left to time out on its own.
 */
async function launchOnce(wb: Workbench): Promise<Launch & { transport: Transport }> {
  const { page } = wb;
  const linesBefore = tunnelLines(wb);
  const recoveriesBefore = recoveries(wb).length;
  await quickOpen(page, APP);
  await runCommand(page, 'Threadlit: Run App', 60_000);
  // From the command's Enter (runCommand returns right after it): the palette's own time is not the transport's.
  const t0 = performance.now();
  const tunnelDoc = previewFrame(page);
  const iframeApp = appFrame(page);
  const seen = (transport: Transport, root: FrameLocator): Promise<Transport> =>
    waitForFirstElement(root, LAUNCH_TIMEOUT_MS).then(() => transport);
  const tunnelWait = seen('tunnel', tunnelDoc);
  const iframeWait = seen('iframe', iframeApp);
  tunnelWait.catch(() => undefined);
  iframeWait.catch(() => undefined);
  const transport = await Promise.any([tunnelWait, iframeWait]).catch(() => {
    throw new Error(`no "Add one" button in either transport's frame within ${LAUNCH_TIMEOUT_MS} ms`);
  });
  const ms = performance.now() - t0;
  if (transport === 'tunnel') {
    // The log agrees (the file may lag the page a little).
    await pollUntil('the tunnel line in the Threadlit log', () => (tunnelLines(wb) > linesBefore ? true : undefined), 15_000);
    if ((await tunnelDoc.locator('#app-frame').count()) !== 0) throw new Error('tunnel document with an #app-frame');
  }
  const recovered = recoveries(wb).slice(recoveriesBefore);
  return { ms, frame: await frameOf(transport === 'tunnel' ? tunnelDoc : iframeApp), transport, recovered };
}

/** A launch on `wanted`; launches that failed or got the other transport are redone (and counted as such). */
async function launch(wb: Workbench, appPath: string, wanted: Transport, redone: string[]): Promise<Launch> {
  setTransport(wb, wanted);
  for (let attempt = 1; ; attempt++) {
    try {
      const got = await launchOnce(wb);
      console.log(`  ${wanted} launch: ${got.transport} in ${got.ms.toFixed(0)} ms${stalled.length > 0 ? `; 408s: ${stalled.splice(0).join(', ')}` : ''}`);
      for (const line of got.recovered) console.log(`    ${line.trim()}`);
      if (got.transport === wanted) return got;
      throw new Error(`got the ${got.transport} transport`);
    } catch (err) {
      const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
      redone.push(`${wanted}: ${why}`);
      console.log(`${wanted} launch ${attempt} not counted (${why})`);
      await wb.screenshot(`bench-tunnel-workbench-redone-${redone.length}`).catch(() => undefined);
      await stopApp(wb, appPath);
      if (attempt >= ATTEMPTS) throw err;
    }
  }
}

/** Webview resource requests that VS Code's service worker answered 408 (its 30 s resolve timeout) since the last launch. */
const stalled: string[] = [];

interface Figures {
  launch: number[];
  /** Per launch: did the panel recreate a stuck webview host. */
  recovered: boolean[];
  clicks: number[];
  /** Health-endpoint round trips from inside the app's frame. */
  roundTrips: number[];
  /** The same request from Node, straight to the app's port. */
  direct: number[];
}

/** Round trips from Node straight to the app (no workbench, no proxy). */
async function directRoundTrips(port: number, count: number): Promise<number[]> {
  const figures: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}/_stcore/health`);
    await response.text();
    figures.push(performance.now() - t0);
  }
  return figures;
}

/** The port the app serves on now (the runtime's last "serving at" line). */
function servingPort(wb: Workbench): number {
  const ports = [...wb.threadlitLog().matchAll(new RegExp(`\\[${APP.replace('.', '\\.')}\\] serving at http://127\\.0\\.0\\.1:(\\d+)/`, 'g'))];
  const port = Number(ports.at(-1)?.[1]);
  if (!(port > 0)) throw new Error('no "serving at" line for the app in the log');
  return port;
}

function stats(values: readonly number[]): { median: number; p90: number; n: number } {
  return { median: +median(values).toFixed(1), p90: +percentile(values, 90).toFixed(1), n: values.length };
}

function row(name: string, tunnel: readonly number[], iframe: readonly number[]): string {
  const t = stats(tunnel);
  const f = stats(iframe);
  const r = (a: number, b: number): string => (a / b).toFixed(2);
  const verdict = t.median / f.median <= TARGET && t.p90 / f.p90 <= TARGET ? 'within' : 'OVER';
  return `| ${name} | ${t.median} / ${t.p90} (n=${t.n}) | ${f.median} / ${f.p90} (n=${f.n}) | ${r(t.median, f.median)} / ${r(t.p90, f.p90)} | ≤ ${TARGET} (${verdict}) |`;
}

async function main(): Promise<void> {
  const launches = option('launches', 5);
  const clicks = option('clicks', 50);
  const perLaunch = Math.ceil(clicks / launches);
  const loadBefore = loadavg();
  const wb = await openWorkbench({
    fixture: join(repoRoot, 'test', 'fixtures', 'run-app'),
    extraFiles: { [APP]: join(repoRoot, 'test', 'tunnel', 'fixtures', APP) },
    settings: { 'threadlit.pythonPath': join(repoRoot, '.venv', 'bin', 'python') },
  });
  const appPath = join(wb.workspace.path, APP);
  wb.page.context().on('response', (response) => {
    if (response.status() === 408) stalled.push(response.url().split('?')[0] ?? '');
  });
  const redone: string[] = [];
  const figures: Record<Transport, Figures> = {
    tunnel: { launch: [], recovered: [], clicks: [], roundTrips: [], direct: [] },
    iframe: { launch: [], recovered: [], clicks: [], roundTrips: [], direct: [] },
  };
  try {
    // Warm-up of both (imports, chromium's caches), not counted; then rounds alternating which goes first.
    const plan: Array<{ transport: Transport; round: number }> = [
      { transport: 'tunnel', round: -1 },
      { transport: 'iframe', round: -1 },
    ];
    for (let i = 0; i < launches; i++) {
      const order: Transport[] = i % 2 === 0 ? ['tunnel', 'iframe'] : ['iframe', 'tunnel'];
      plan.push(...order.map((transport) => ({ transport, round: i })));
    }
    for (const [k, { transport, round: i }] of plan.entries()) {
      const got = await launch(wb, appPath, transport, redone);
      // The first click also waits out the app's first run; not counted.
      await measureClicks(got.frame, 1);
      if (i >= 0) {
        figures[transport].launch.push(got.ms);
        figures[transport].recovered.push(got.recovered.length > 0);
        figures[transport].clicks.push(...(await measureClicks(got.frame, perLaunch)));
        figures[transport].roundTrips.push(...(await measureRoundTrips(got.frame, perLaunch)));
        figures[transport].direct.push(...(await directRoundTrips(servingPort(wb), perLaunch)));
      }
      // Written before the stop, so VS Code's settings watcher has caught up by the next Run App.
      const next = plan[k + 1];
      if (next !== undefined) setTransport(wb, next.transport);
      await stopApp(wb, appPath);
      if (i < 0 || plan[k + 1]?.round === i) continue;
      const last = (t: Transport): string => `${figures[t].launch.at(-1)?.toFixed(0)} ms`;
      console.log(`round ${i + 1}/${launches}: Run App → first element: tunnel ${last('tunnel')}, iframe ${last('iframe')}`);
    }
    const loadAfter = loadavg();
    mkdirSync(join(testOutput, 'tunnel'), { recursive: true });
    writeFileSync(join(testOutput, 'tunnel', 'workbench-bench-threadlit.log'), wb.threadlitLog());
    const streamlit = /Streamlit (\S+)'s frontend/.exec(wb.threadlitLog())?.[1] ?? 'unknown';
    const { tunnel, iframe } = figures;
    console.log(`\nTunnel vs iframe in the workbench (ms; Streamlit ${streamlit}; load average ${loadBefore[0]?.toFixed(2)} before, ${loadAfter[0]?.toFixed(2)} after)\n`);
    console.log('| | tunnel median / p90 | iframe median / p90 | ratio tunnel/iframe (median / p90) | target |\n|---|---|---|---|---|');
    console.log(row('Run App → first element visible', tunnel.launch, iframe.launch));
    // VS Code's stuck webview host (docs/run-app.md#blank-previews) hits either transport; without those launches too.
    const clean = (f: Figures): number[] => f.launch.filter((_, k) => !f.recovered[k]);
    const stuck = (f: Figures): number => f.recovered.filter(Boolean).length;
    if (stuck(tunnel) + stuck(iframe) > 0 && clean(tunnel).length > 0 && clean(iframe).length > 0) {
      console.log(row(`… without launches the panel recovered (tunnel ${stuck(tunnel)}, iframe ${stuck(iframe)})`, clean(tunnel), clean(iframe)));
    }
    console.log(row('click → DOM update', tunnel.clicks, iframe.clicks));
    const direct = stats([...tunnel.direct, ...iframe.direct]);
    console.log(`\nWhere the time goes: Streamlit's health endpoint, from inside the app's frame (ms, median / p90)\n`);
    console.log('| | tunnel | iframe (code-server\'s port proxy) | straight from Node to 127.0.0.1 |\n|---|---|---|---|');
    const rt = (f: Figures): string => `${stats(f.roundTrips).median} / ${stats(f.roundTrips).p90} (n=${f.roundTrips.length})`;
    console.log(`| HTTP round trip | ${rt(tunnel)} | ${rt(iframe)} | ${direct.median} / ${direct.p90} (n=${direct.n}) |`);
    console.log(`\nlaunches redone (failed or on the other transport): ${redone.length}${redone.length > 0 ? `\n  ${redone.join('\n  ')}` : ''}`);
    const out = join(testOutput, 'tunnel');
    mkdirSync(out, { recursive: true });
    writeFileSync(
      join(out, 'workbench-bench.json'),
      `${JSON.stringify({ streamlit, loadavg: { before: loadBefore, after: loadAfter }, redone, raw: figures }, null, 2)}\n`,
    );
  } catch (err) {
    await wb.screenshot('bench-tunnel-workbench-failure').catch(() => undefined);
    throw err;
  } finally {
    await wb.close();
  }
}

runMain(main);

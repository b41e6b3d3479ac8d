// Run App launch reliability (prints figures; not a test). In one code-server + chromium, N times:
// Run App on the hello fixture → the app's title visible in the preview's iframe within a
// deadline, then Stop App and close the panel. A launch that does not render is classified by
// how far the preview got (VS Code's webview host, our document, our script, the app frame, the
// app's own messages), with the webview host's console lines, and the run prints how many of N
// rendered and how many needed the panel's recovery (a "recreating the webview" log line).
// Like the launch benchmark (bench/run-app/run.ts, where blank previews were first seen), each
// launch clicks the editor title's ▶ and is preceded by a bare Streamlit page opened and closed in
// a second tab; `--palette` runs the command instead, `--no-bare` leaves the second tab out.
// `--stall K`: fault injection for the recovery. In every K-th launch the new webview host misses
// its service worker's `controllerchange` (its listener is dropped), so it waits forever in the
// state the blank previews' logs show ("Waiting for controllerchange", no document); hosts made
// after it are left alone.
// Usage: npx tsx bench/run-app/launches.ts [--launches N] [--palette] [--no-bare] [--example] [--stall K]
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { freePort } from '../../test/integration/harness/codeServer';
import { repoRoot, testOutput } from '../../test/integration/harness/paths';
import { flag, option, runMain } from '../common';
import { pollUntil } from '../../test/integration/harness/wait';
import { appFrame, groupMembers, processesMatching } from '../../test/e2e/runAppDriver';
import { openWorkbench, quickOpen, runCommand, type Workbench } from '../../test/e2e/workbench';

// `--example`: the Option 2 example the launch benchmark uses (five worker threads) instead of hello.py.
const EXAMPLE = process.argv.includes('--example');
const APP = EXAMPLE ? 'option2_script_run_ctx.py' : 'hello.py';
const TITLE = EXAMPLE ? 'Thread 0' : 'Hello from Threadlit';
const RENDER_DEADLINE_MS = Number(process.env.THREADLIT_LAUNCH_DEADLINE_MS ?? 45_000);
const RECOVERY_LINE = 'recreating the webview';

const STALL_FLAG = 'threadlit-bench-stall-next-webview';
const STALL_SCRIPT = `
if (/\\/webview\\/browser\\/pre\\/index\\.html$/.test(location.pathname) && localStorage.getItem('${STALL_FLAG}') === '1') {
  localStorage.removeItem('${STALL_FLAG}');
  const container = navigator.serviceWorker;
  const add = container.addEventListener.bind(container);
  container.addEventListener = (type, listener, options) => { if (type !== 'controllerchange') add(type, listener, options); };
}`;

/** VS Code's webview host documents (pre/index.html?id=…), one per webview. */
function hostFrames(page: Page): Frame[] {
  return page.frames().filter((f) => /\/webview\/browser\/pre\/index\.html\?/.test(f.url()));
}

/** How far the preview got: the first stage that is missing names the failure. */
async function stage(page: Page): Promise<string> {
  const hosts = hostFrames(page);
  if (hosts.length === 0) return 'no webview host';
  const parts: string[] = [];
  for (const host of hosts) {
    const sw = await host
      .evaluate(() => {
        const nav = (globalThis as unknown as { navigator: { serviceWorker?: { controller: { scriptURL: string } | null } } }).navigator;
        const url = nav.serviceWorker?.controller?.scriptURL ?? 'none';
        return url.replace(/^.*[?&]id=([^&]+).*$/, '$1');
      })
      .catch((err: unknown) => `eval failed: ${String(err).slice(0, 80)}`);
    const id = new URL(host.url()).searchParams.get('id');
    const active = host.childFrames().find((f) => f.name() === 'active-frame' || /fake\.html|index\.html/.test(f.url()));
    const content = host
      .childFrames()
      .map((f) => `${f.name() || '?'}:${f.url().replace(/^.*\/pre\//, '').slice(0, 20)}`)
      .join(',');
    let ours = 'no document';
    if (active !== undefined) {
      ours = await active
        .evaluate(() => {
          const doc = (globalThis as unknown as { document: { getElementById(id: string): { getAttribute(n: string): string | null } | null; body: { dataset: Record<string, string> } } }).document;
          const toolbar = doc.getElementById('toolbar');
          const frame = doc.getElementById('app-frame');
          return `script ${toolbar === null ? 'did not run' : 'ran'}, frame src ${frame?.getAttribute('src') === null || frame === null ? 'unset' : 'set'}, frame status ${doc.body.dataset.frameStatus ?? 'none'}`;
        })
        .catch((err: unknown) => `eval failed: ${String(err).slice(0, 80)}`);
    }
    parts.push(`host id ${id?.slice(0, 8)} controller ${sw.slice(0, 8)} child frames ${content}: ${ours}`);
  }
  return parts.join(' | ');
}

/** Lines with our recovery message in the extension's log so far. */
function recoveries(wb: Workbench): number {
  const dir = join(testOutput, 'e2e', 'launches-logs');
  wb.server.collectLogs(dir);
  let count = 0;
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('Threadlit.log')) count += readFileSync(p, 'utf8').split('\n').filter((l) => l.includes(RECOVERY_LINE)).length;
    }
  };
  walk(dir);
  return count;
}

async function stopApp(wb: Workbench, appPath: string): Promise<void> {
  const [pgid] = processesMatching('threadlit_runtime', appPath);
  await wb.page.locator(`.tab[data-resource-name="${APP}"]`).first().click();
  await runCommand(wb.page, 'Threadlit: Stop App', 60_000);
  if (pgid !== undefined) await pollUntil('the runtime to end', () => (groupMembers(pgid).length === 0 ? true : undefined), 30_000, 50);
  await runCommand(wb.page, 'View: Close All Editors');
  await wb.page.locator('iframe.webview').first().waitFor({ state: 'detached', timeout: 30_000 });
}

async function main(): Promise<void> {
  const launches = option('launches', 20);
  const wb = await openWorkbench({
    fixture: join(repoRoot, 'test', 'fixtures', 'run-app'),
    ...(EXAMPLE ? { extraFiles: { [APP]: join(repoRoot, 'examples', APP) } } : {}),
    settings: { 'threadlit.pythonPath': join(repoRoot, '.venv', 'bin', 'python'), 'threadlit.preview.transport': 'iframe' },
  });
  const appPath = join(wb.workspace.path, APP);
  const hostLog: string[] = [];
  // Content-Security-Policy reports from any frame (e.g. our webview's), counted by text and source.
  const csp = new Map<string, number>();
  wb.page.on('console', (m) => {
    const url = m.location().url;
    if (/Content Security Policy/.test(m.text())) {
      const key = `${m.text().slice(0, 160)} @ ${url.replace(/\?.*$/, '')}:${m.location().lineNumber}`;
      csp.set(key, (csp.get(key) ?? 0) + 1);
    }
    if (/webview\/browser\/pre\//.test(url) || /service worker/i.test(m.text())) hostLog.push(m.text().slice(0, 300));
  });
  const stallEvery = process.argv.includes('--stall') ? option('stall', 1) : 0;
  let stalled = 0;
  // Runs in every frame before its own scripts; acts only in the webview host that finds the flag
  // (set by the workbench page, same origin) and consumes it: that host never hears controllerchange.
  await wb.page.context().addInitScript({ content: STALL_SCRIPT });
  let rendered = 0;
  const times: number[] = [];
  // A bare server for the second tab, in its own process group so it ends with the run.
  const barePort = await freePort();
  const bare = flag('no-bare')
    ? undefined
    : spawn(join(repoRoot, '.venv', 'bin', 'streamlit'), ['run', appPath, '--server.headless', 'true', '--server.port', String(barePort), '--server.address', '127.0.0.1'], {
        cwd: wb.workspace.path,
        detached: true,
        stdio: 'ignore',
      });
  try {
    for (let i = 1; i <= launches; i++) {
      hostLog.length = 0;
      if (bare !== undefined) {
        const tab = await wb.page.context().newPage();
        await pollUntil('the bare server', async () => ((await tab.goto(`http://127.0.0.1:${barePort}/`, { timeout: 10_000 }).catch(() => null)) ? true : undefined), 60_000, 50);
        await tab.getByText(TITLE, { exact: EXAMPLE }).waitFor({ state: 'visible', timeout: 60_000 });
        await tab.close();
      }
      await quickOpen(wb.page, APP);
      if (stallEvery > 0 && i % stallEvery === 0) {
        await wb.page.evaluate(`localStorage.setItem('${STALL_FLAG}', '1')`);
        stalled++;
      }
      const t0 = performance.now();
      if (flag('palette')) await runCommand(wb.page, 'Threadlit: Run App', 60_000);
      else await wb.page.locator('.editor-actions .action-label[aria-label^="Run App"]').first().click({ timeout: 30_000 });
      const ok = await appFrame(wb.page)
        .getByText(TITLE, { exact: EXAMPLE })
        .waitFor({ state: 'visible', timeout: RENDER_DEADLINE_MS })
        .then(() => true)
        .catch(() => false);
      const ms = Math.round(performance.now() - t0);
      if (ok) {
        rendered++;
        times.push(ms);
        console.log(`launch ${i}: rendered in ${ms} ms; host console: ${hostLog.join(' / ') || '-'}`);
      } else {
        console.log(`launch ${i}: NOT rendered after ${ms} ms; ${await stage(wb.page)}; host console: ${hostLog.join(' / ') || '-'}`);
        await wb.screenshot(`launches-failed-${i}`);
      }
      await stopApp(wb, appPath);
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`\n${rendered} of ${launches} launches rendered within ${RENDER_DEADLINE_MS} ms; recoveries logged: ${recoveries(wb)}; hosts stalled on purpose: ${stalled}`);
    for (const [text, n] of csp) console.log(`CSP report ×${n}: ${text}`);
    if (csp.size === 0) console.log('CSP reports: none');
    if (sorted.length > 0) console.log(`render time median ${sorted[sorted.length >> 1]} ms, max ${sorted[sorted.length - 1]} ms`);
  } finally {
    if (bare?.pid !== undefined) {
      try {
        process.kill(-bare.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      const pgid = bare.pid;
      await pollUntil('the bare server to end', () => (groupMembers(pgid).length === 0 ? true : undefined), 30_000, 50).catch(() => process.kill(-pgid, 'SIGKILL'));
    }
    await wb.close();
  }
}

runMain(main);

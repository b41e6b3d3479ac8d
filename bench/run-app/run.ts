// Run App benchmark (prints figures; not a test). In one code-server + chromium:
//  1. launch: the editor's ▶ Run App → the Option 2 example's `Thread 0` header visible in the
//     preview's iframe, against a bare `streamlit run` of the same file → the same header visible
//     in a new chromium page. Rounds interleave the two and alternate which goes first, so load
//     from the other jobs on this machine falls on both alike.
//  2. reruns: the app's own Rerun button clicked in the preview → the panel's toolbar reports the
//     run finished (the frame's run count went up and its status is back to idle), with
//     threadlit.fastReruns on and then off.
// Usage: npm run bench:run-app [-- --rounds N --reruns N]
import { spawn } from 'node:child_process';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { freePort } from '../../test/integration/harness/codeServer';
import { repoRoot } from '../../test/integration/harness/paths';
import { median, option, percentile, runMain } from '../common';
import { pollUntil, withTimeout } from '../../test/integration/harness/wait';
import { appFrame, groupMembers, previewFrame, processesMatching } from '../../test/e2e/runAppDriver';
import { openWorkbench, quickOpen, runCommand, type Workbench } from '../../test/e2e/workbench';

const APP = 'option2_script_run_ctx.py';
const PYTHON = join(repoRoot, '.venv', 'bin', 'python');
const STREAMLIT = join(repoRoot, '.venv', 'bin', 'streamlit');
const FIRST_ELEMENT = 'Thread 0';
const STEP_TIMEOUT_MS = 90_000;

/** The preview's runtime for the app, once exactly one is alive (matched by full path: other jobs run the example too). */
function runtimeOf(appPath: string): number[] {
  return processesMatching('threadlit_runtime', appPath);
}

/** Stops the app through the palette and waits for its whole process group to be gone. */
async function stopApp(wb: Workbench, appPath: string): Promise<void> {
  const [pgid] = runtimeOf(appPath);
  // After a click in the app's (cross-origin) iframe, keys go there and never reach the
  // workbench: a click on the source's tab brings the palette's shortcut back.
  await wb.page.locator(`.tab[data-resource-name="${APP}"]`).first().click();
  await runCommand(wb.page, 'Threadlit: Stop App', 60_000);
  if (pgid !== undefined) await pollUntil('the runtime to end', () => (groupMembers(pgid).length === 0 ? true : undefined), 30_000, 50);
  await runCommand(wb.page, 'View: Close All Editors');
  await wb.page.locator('iframe.webview').first().waitFor({ state: 'detached', timeout: 30_000 });
}

/** ▶ Run App in the editor title → `Thread 0` visible in the panel's iframe, in ms. */
async function previewLaunch(wb: Workbench, appPath: string): Promise<number> {
  const { page } = wb;
  await quickOpen(page, APP);
  const button = page.locator('.editor-actions .action-label[aria-label^="Run App"]').first();
  await button.waitFor({ state: 'visible', timeout: 30_000 });
  const t0 = performance.now();
  await button.click();
  await appFrame(page).getByText(FIRST_ELEMENT, { exact: true }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  const elapsed = performance.now() - t0;
  if (runtimeOf(appPath).length !== 1) throw new Error('expected exactly one runtime for the app');
  return elapsed;
}

/** Spawn of a bare `streamlit run` → `Thread 0` visible in a new chromium page, in ms. */
async function bareLaunch(wb: Workbench, appPath: string): Promise<number> {
  const port = await freePort();
  const page: Page = await wb.page.context().newPage();
  const t0 = performance.now();
  // Its own process group, so the server and anything it starts end together.
  const child = spawn(STREAMLIT, ['run', appPath, '--server.headless', 'true', '--server.port', String(port), '--server.address', '127.0.0.1'], {
    cwd: wb.workspace.path,
    detached: true,
    stdio: 'ignore',
  });
  try {
    // A new user opens the URL as soon as the server answers; until then the connection is refused.
    await pollUntil(
      'the bare server to answer',
      async () => ((await page.goto(`http://127.0.0.1:${port}/`, { timeout: 10_000 }).catch(() => null)) ? true : undefined),
      STEP_TIMEOUT_MS,
      25,
    );
    await page.getByText(FIRST_ELEMENT, { exact: true }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    return performance.now() - t0;
  } finally {
    await page.close();
    const pgid = child.pid;
    if (pgid !== undefined) {
      try {
        process.kill(-pgid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      await pollUntil('the bare server to end', () => (groupMembers(pgid).length === 0 ? true : undefined), 30_000, 50).catch(() => {
        process.kill(-pgid, 'SIGKILL');
      });
    }
  }
}

type PageObserver = new (callback: () => void) => { observe(target: unknown, options: { attributes: boolean }): void; disconnect(): void };

/** One click on the app's Rerun button → the panel reports that run finished, in ms. */
async function rerunOnce(wb: Workbench): Promise<number> {
  const body = previewFrame(wb.page).locator('body');
  const before = Number((await body.getAttribute('data-frame-runs')) ?? '0');
  // Watch the panel's attributes from inside the webview, so the figure is not rounded up to a
  // polling interval; the observer is in place before the click (a run takes ≥ 0.5 s anyway).
  // No named functions inside: tsx's keepNames would wrap them in a helper the page lacks.
  const finished = body.evaluate(
    (el, runsBefore) =>
      new Promise<void>((resolve) => {
        // The page's DOM type; this project's TypeScript has no DOM library.
        const Observer = (globalThis as unknown as { MutationObserver: PageObserver }).MutationObserver;
        if (Number(el.getAttribute('data-frame-runs') ?? '0') > runsBefore && el.getAttribute('data-frame-status') === 'idle') return resolve();
        const observer = new Observer(() => {
          if (Number(el.getAttribute('data-frame-runs') ?? '0') > runsBefore && el.getAttribute('data-frame-status') === 'idle') {
            observer.disconnect();
            resolve();
          }
        });
        observer.observe(el, { attributes: true });
      }),
    before,
  );
  // Rejections are handled by the withTimeout below; this keeps one before it from crashing node.
  finished.catch(() => undefined);
  const t0 = performance.now();
  await appFrame(wb.page).getByRole('button', { name: 'Rerun' }).click();
  await withTimeout(finished, STEP_TIMEOUT_MS, 'the rerun to finish');
  return performance.now() - t0;
}

/** Starts the app in the preview with fastReruns as given (workspace setting), and times `count` reruns. */
async function rerunSeries(wb: Workbench, appPath: string, fast: boolean, count: number): Promise<number[]> {
  // A workspace setting overrides the user's; the extension reads it when the app starts. The
  // runtime's command line shows which mode it got — start again until the file watcher caught up.
  mkdirSync(join(wb.workspace.path, '.vscode'), { recursive: true });
  writeFileSync(join(wb.workspace.path, '.vscode', 'settings.json'), JSON.stringify({ 'threadlit.fastReruns': fast }));
  await pollUntil(
    `a runtime with fastReruns ${fast ? 'on' : 'off'}`,
    async () => {
      await previewLaunch(wb, appPath);
      const [pid] = runtimeOf(appPath);
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmdline.includes('--fast-reruns') === fast) return true;
      await stopApp(wb, appPath);
      return undefined;
    },
    60_000,
  );
  // The first run must be over before timing reruns.
  const body = previewFrame(wb.page).locator('body');
  await pollUntil('the first run to finish', async () => ((await body.getAttribute('data-frame-status')) === 'idle' ? true : undefined), STEP_TIMEOUT_MS, 50);
  await rerunOnce(wb); // warm-up, not counted
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push(await rerunOnce(wb));
  await stopApp(wb, appPath);
  return times;
}

async function main(): Promise<void> {
  const rounds = option('rounds', 5);
  const reruns = option('reruns', 20);
  const wb = await openWorkbench({
    fixture: join(repoRoot, 'test', 'fixtures', 'run-app'),
    extraFiles: { [APP]: join(repoRoot, 'examples', APP) },
    settings: { 'threadlit.pythonPath': PYTHON, 'threadlit.preview.transport': 'iframe' },
  });
  const appPath = join(wb.workspace.path, APP);
  try {
    // Warm-up of both paths (imports, chromium caches); not counted.
    await previewLaunch(wb, appPath);
    await stopApp(wb, appPath);
    await bareLaunch(wb, appPath);

    let failed = 0;
    const preview: number[] = [];
    const bare: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? ['preview', 'bare'] : ['bare', 'preview'];
      for (const which of order) {
        if (which === 'preview') {
          try {
            preview.push(await previewLaunch(wb, appPath));
          } catch (err) {
            // Reported, not hidden: a launch whose app never showed is counted and retried once.
            failed++;
            console.log(`preview launch failed (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); retrying`);
            await wb.screenshot(`bench-run-app-failed-launch-${failed}`);
            await stopApp(wb, appPath);
            preview.push(await previewLaunch(wb, appPath));
          }
          await stopApp(wb, appPath);
        } else {
          bare.push(await bareLaunch(wb, appPath));
        }
      }
      console.log(`round ${round + 1}/${rounds}: preview ${preview.at(-1)?.toFixed(0)} ms, bare ${bare.at(-1)?.toFixed(0)} ms`);
    }
    const fastOn = await rerunSeries(wb, appPath, true, reruns);
    const fastOff = await rerunSeries(wb, appPath, false, reruns);

    const row = (name: string, v: number[]): string =>
      `| ${name} | ${v.length} | ${median(v).toFixed(0)} | ${Math.min(...v).toFixed(0)} | ${percentile(v, 95).toFixed(0)} |`;
    console.log('\nLaunch → `Thread 0` visible (ms)\n');
    console.log('| path | n | median | min | p95 |\n|---|---|---|---|---|');
    console.log(row('▶ Run App → preview iframe', preview));
    console.log(row('bare `streamlit run` → chromium page', bare));
    console.log(`\npreview launches that never showed the app (retried): ${failed}`);
    console.log(`\nratio of medians (preview / bare): ${(median(preview) / median(bare)).toFixed(2)}×`);
    console.log('\nPreview rerun: app Rerun click → run finished in the panel (ms)\n');
    console.log('| threadlit.fastReruns | n | median | min | p95 |\n|---|---|---|---|---|');
    console.log(row('on', fastOn));
    console.log(row('off', fastOff));
    console.log(`\nratio of medians (on / off): ${(median(fastOn) / median(fastOff)).toFixed(2)}×`);
  } catch (err) {
    await wb.screenshot('bench-run-app-failure');
    throw err;
  } finally {
    await wb.close();
  }
}

runMain(main);

// End-to-end harness: one code-server + chromium with the extension under development,
// and small helpers to drive the workbench like a user (keyboard, palette, screenshots).
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, type Browser } from '../integration/harness/browser';
import { buildExtension } from '../integration/harness/build';
import { startCodeServer, type CodeServer } from '../integration/harness/codeServer';
import { repoRoot, testOutput } from '../integration/harness/paths';
import { pollUntil } from '../integration/harness/wait';
import { copyWorkspace, type TempWorkspace } from '../integration/harness/workspace';
import { startRelay, type Relay } from './relay';

export interface Workbench {
  readonly page: Page;
  readonly server: CodeServer;
  readonly workspace: TempWorkspace;
  /** Saves a screenshot as test-output/e2e/<name>.png. */
  screenshot(name: string): Promise<void>;
  /**
   * After a failed test: a screenshot, and on stdout what CI logs cannot otherwise show (the
   * preview's toolbar and app frame, the tail of our output channel).
   */
  reportFailure(prefix: string, title: string): Promise<void>;
  /** What our "Threadlit" output channel has written so far, all extension hosts' (a window reload starts another), oldest first. */
  threadlitLog(): string;
  close(): Promise<void>;
}

export interface WorkbenchOptions {
  /** The folder to copy and open. */
  fixture: string;
  /** Extra files copied into the workspace: destination name → source path. */
  extraFiles?: Record<string, string>;
  /** Called with the workspace copy's path before the workbench opens it. */
  prepare?: (root: string) => void;
  /** Keep workspace trust on and leave the folder untrusted (Restricted Mode). */
  untrusted?: boolean;
  settings?: Record<string, unknown>;
  /**
   * Make the workbench and the apps cross-site, as in desktop VS Code (workbench on
   * `vscode-file://vscode-app`, app on 127.0.0.1): the workbench opens at `http://localhost:<port>`
   * while VS Code's `asExternalUri` gives `http://127.0.0.1:<relay port>/proxy/<app port>/` (code-server
   * takes that template from VSCODE_PROXY_URI) instead of the same-origin `./proxy/<app port>/`.
   * The relay (relay.ts) forwards to code-server, whose proxy forwards to the app.
   */
  crossSite?: boolean;
}

export const screenshotDir = join(testOutput, 'e2e');

export async function openWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  if (!process.env.THREADLIT_E2E_NO_BUILD) buildExtension();
  mkdirSync(screenshotDir, { recursive: true });
  const workspace = copyWorkspace(options.fixture);
  for (const [name, source] of Object.entries(options.extraFiles ?? {})) {
    const { copyFileSync } = await import('node:fs');
    copyFileSync(source, join(workspace.path, name));
  }
  options.prepare?.(workspace.path);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let relay: Relay | undefined;
  try {
    if (options.crossSite) relay = await startRelay();
    server = await startCodeServer({
      logFile: join(screenshotDir, 'code-server.log'),
      ...(relay !== undefined ? { env: { VSCODE_PROXY_URI: `http://127.0.0.1:${relay.port}/proxy/{{port}}/` } } : {}),
      workspaceTrust: options.untrusted ?? false,
      settings: {
        // Untrusted without the modal prompt: the folder simply opens in Restricted Mode.
        ...(options.untrusted ? { 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' } : {}),
        ...options.settings,
      },
    });
    if (relay !== undefined) relay.target = server.port;
    browser = await launchBrowser();
    const page = browser.page;
    // The remote authority is the host the page was opened at, so the payload must name the same one.
    const host = options.crossSite ? `localhost:${server.port}` : `127.0.0.1:${server.port}`;
    const url = server.workbenchUrl(workspace.path, [['extensionDevelopmentPath', `vscode-remote://${host}${repoRoot}`]]);
    await page.goto(url.replace(server.origin, `http://${host}`));
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 60_000 });
  } catch (err) {
    await browser?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    await relay?.close();
    workspace.dispose();
    throw err;
  }
  const [s, b, r] = [server, browser, relay];
  return {
    page: b.page,
    server: s,
    workspace,
    screenshot: async (name) => {
      await b.page.screenshot({ path: join(screenshotDir, `${name}.png`) });
    },
    threadlitLog: () => channelLogs(join(s.baseDir, 'user-data', 'logs')).map((file) => readFileSync(file, 'utf8')).join('\n'),
    reportFailure: async (prefix, title) => {
      const name = `${prefix}-failure-${title.replace(/\W+/g, '-')}`;
      await b.page.screenshot({ path: join(screenshotDir, `${name}.png`) }).catch(() => undefined);
      console.log(await describeFailure(b.page, s, join(screenshotDir, `${name}-logs`)));
    },
    close: async () => {
      try {
        await b.close();
      } finally {
        await s.stop();
        await r?.close();
        workspace.dispose();
      }
    },
  };
}

/** What the page and our output channel show, for a failure report on stdout. */
async function describeFailure(page: Page, server: CodeServer, logDir: string): Promise<string> {
  const lines = ['[threadlit] e2e failure report:'];
  const text = async (what: string, read: () => Promise<string | null>): Promise<void> => {
    const value = await read().catch((err: unknown) => `(unreadable: ${String(err).split('\n')[0]})`);
    lines.push(`  ${what}: ${(value ?? '(none)').replace(/\s+/g, ' ').slice(0, 600)}`);
  };
  const webviews = page.locator('iframe.webview');
  await text('webview iframes', async () => `${await webviews.count()} (ready: ${await page.locator('iframe.webview.ready').count()})`);
  const preview = page.frameLocator('iframe.webview.ready').first().frameLocator('#active-frame');
  await text('preview toolbar', () => preview.locator('body').innerText({ timeout: 2_000 }));
  await text('app frame src', () => preview.locator('#app-frame').getAttribute('src', { timeout: 2_000 }));
  await text('app frame text', () => preview.frameLocator('#app-frame').locator('body').innerText({ timeout: 2_000 }));
  server.collectLogs(logDir);
  const channel = channelLogs(logDir).pop();
  if (channel !== undefined) {
    const tail = readFileSync(channel, 'utf8').trimEnd().split('\n').slice(-40);
    lines.push('  Threadlit output channel (last 40 lines):', ...tail.map((line) => `    ${line}`));
  } else {
    lines.push(`  no Threadlit output channel log under ${logDir}`);
  }
  return lines.join('\n');
}

/** Every file below `dir` whose name `wanted` accepts. */
function findFiles(dir: string, wanted: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findFiles(path, wanted);
    return wanted(entry.name) ? [path] : [];
  });
}

/** The "Threadlit" output channel's logs, one per extension host (a window reload starts another), oldest first. */
function channelLogs(logDir: string): string[] {
  const logs = findFiles(logDir, (name) => name.endsWith('Threadlit.log'));
  return logs.sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
}

/**
 * Opens a workspace file through Quick Open (Ctrl+P), as a user would. Enter waits until the
 * *focused* row is the file (before the list filters, the focus is on a recently opened one), and
 * the whole step is retried until the file's tab is active.
 */
export async function quickOpen(page: Page, fileName: string): Promise<void> {
  await pollUntil(
    `${fileName} open in the editor`,
    async () => {
      const input = page.locator('.quick-input-widget input');
      // A quick input left over from a failed attempt would take Ctrl+P as "next item".
      if (await input.isVisible()) await page.keyboard.press('Escape');
      await page.keyboard.press('Control+P');
      await input.waitFor({ state: 'visible' });
      await input.fill(fileName);
      await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: fileName }).first().waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.press('Enter');
      await page.locator(`.tabs-container .tab.active[aria-label^="${fileName}"]`).first().waitFor({ state: 'visible', timeout: 10_000 });
      return true;
    },
    60_000,
    500,
  );
}

/** Runs a command from the palette (F1); commands can register late, so retry until listed. */
export async function runCommand(page: Page, title: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 2_000 });
      await page.keyboard.press('Enter');
      return;
    } catch (err) {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw err;
    }
  }
}

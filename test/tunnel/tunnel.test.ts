// Standalone proof of the preview tunnel, without VS Code: real Streamlit under Threadlit's
// runtime, Streamlit's own frontend in a real chromium page inside a stand-in webview whose only
// link to the app is the postMessage bridge to our relay. It renders, reruns, uploads with the
// default XSRF settings, shows media as blob: URLs, hands downloads to the host, forwards the
// host messages, runs custom components (multi-file and inline), hands links out of the app to
// the host, and no frame of the page sends a single request to the app's port. Nothing here is
// timed: the latency figures come from bench/tunnel/run.ts.
// Run: flock /tmp/threadlit-heavy.lock npx mocha --config test/tunnel/.mocharc.json
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import type { RuntimeProcess } from '../../src/core/runtimeProcess';
import { repoRoot, testOutput } from '../integration/harness/paths';
import { pollUntil } from '../integration/harness/wait';
import { buildShim, leaksTo, loadsToPort, openTunnel, startApp, type TunnelSession } from './harness/session';

const OUTPUT = join(testOutput, 'tunnel');

function app(frame: TunnelSession): FrameLocator {
  return frame.page.frameLocator('#webview');
}

async function screenshot(session: TunnelSession | undefined, name: string): Promise<void> {
  if (session === undefined) return;
  mkdirSync(OUTPUT, { recursive: true });
  await session.page.screenshot({ path: join(OUTPUT, `${name}.png`) }).catch(() => undefined);
}

/** Stops the runtime and checks that its whole process group is gone. */
async function stopApp(runtime: RuntimeProcess | undefined): Promise<void> {
  if (runtime === undefined) return;
  const pid = runtime.pid;
  await runtime.stop();
  if (pid !== undefined) {
    await pollUntil('the runtime’s process group to end', () => {
      try {
        process.kill(-pid, 0);
        return undefined;
      } catch {
        return true;
      }
    }, 10_000, 50);
  }
}

let shim: { path: string; dispose(): void };

/** Counts the runtime's `runStarted` events from now on. */
function countRunStarts(runtime: RuntimeProcess): () => number {
  let count = 0;
  runtime.onEvent((event) => {
    if (event.type === 'runStarted') count++;
  });
  return () => count;
}

before(async () => {
  shim = await buildShim();
});
after(() => shim?.dispose());

describe('preview tunnel, standalone: the Option 2 example', function () {
  let runtime: RuntimeProcess | undefined;
  let session: TunnelSession | undefined;

  before(async () => {
    const started = await startApp(join(repoRoot, 'examples', 'option2_script_run_ctx.py'));
    runtime = started.runtime;
    session = await openTunnel(started.port, shim.path);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(session, `option2-failure-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await session?.close();
    await stopApp(runtime);
  });

  it('renders Thread 0 … Thread 4 and the workers’ writes', async () => {
    const s = session!;
    for (let i = 0; i < 5; i++) await app(s).getByText(`Thread ${i}`, { exact: true }).waitFor({ state: 'visible', timeout: 60_000 });
    await app(s).getByText(/^waited 0\.5 s/).waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(s, 'option2-rendered');
  });

  it('reruns on a click, and the run state reaches the host as Streamlit’s own messages', async () => {
    const s = session!;
    const states = (from: number): string[] =>
      s.appMessages.slice(from).filter((m) => m.type === 'SCRIPT_RUN_STATE_CHANGED').map((m) => String(m.scriptRunState));
    /** True once the messages after `from` show a run starting and then ending. */
    const ranAfter = (from: number): boolean => {
      const after = states(from);
      const started = after.indexOf('running');
      return started >= 0 && after.indexOf('notRunning', started) > started;
    };
    await pollUntil('the first run to finish', () => (ranAfter(0) ? true : undefined), 30_000, 20);
    // The Rerun button is drawn at the end of the run; wait until the frontend is idle again.
    await pollUntil('the frontend to be idle', () => (states(0).at(-1) === 'notRunning' ? true : undefined), 30_000, 20);
    const mark = s.appMessages.length;
    const runsAtRuntime = countRunStarts(runtime!);
    await app(s).getByRole('button', { name: 'Rerun' }).click();
    await pollUntil('the rerun to start and finish', () => (ranAfter(mark) ? true : undefined), 30_000, 20);
    // The runtime saw the script start again: the click reached Streamlit through the tunnel.
    await pollUntil('the runtime to report the new run', () => (runsAtRuntime() >= 1 ? true : undefined), 10_000, 20);
    assert.ok(s.appMessages.some((m) => m.type === 'GUEST_READY'), 'GUEST_READY reached the host');
    assert.ok(s.appMessages.some((m) => m.type === 'SCRIPT_RUN_STATE_CHANGED' && m.scriptRunState === 'running'));
  });

  it('sent nothing to the app’s port, and nothing escaped the tunnel', () => {
    const s = session!;
    assert.deepEqual(loadsToPort(s.loads, s.appPort), []);
    // The recorder works: it saw the document and the frontend's files on the resource server.
    assert.ok(loadsToPort(s.loads, s.host.port).length > 20, `recorded ${s.loads.length} loads`);
    assert.ok(!s.host.html.includes(`:${s.appPort}`) && !s.host.html.includes('127.0.0.1'), 'the document names no app address');
    assert.deepEqual(s.escapes, []);
    assert.deepEqual(s.protocolErrors, []);
    assert.ok(s.attachment.relay.stats.framesIn > 0 && s.attachment.relay.stats.requests > 0);
  });
  it('blocks and reports a load that bypasses the tunnel (the CSP is what stops it)', async () => {
    const s = session!;
    const frame = s.page.frames().find((f) => f.url().endsWith('/doc.html'));
    assert.ok(frame, 'the tunnel frame');
    const direct = `http://127.0.0.1:${s.appPort}`;
    // An image and a fetch straight at the app, as a seam that moved in a new Streamlit would do.
    await frame.evaluate(`(() => {
      const img = document.createElement('img');
      img.src = ${JSON.stringify(`${direct}/media/escape.png`)};
      document.body.appendChild(img);
      fetch(${JSON.stringify(`${direct}/_stcore/health`)}).catch(() => undefined);
    })()`);
    await pollUntil('both escapes to be reported', () => (s.escapes.length >= 2 ? true : undefined), 10_000, 20);
    assert.deepEqual(s.escapes.map((e) => e.directive).sort(), ['connect-src', 'img-src']);
    assert.ok(s.escapes.every((e) => e.url.startsWith(direct)));
    // The page did try (the recorder saw the image), and the CSP stopped it before the network.
    assert.deepEqual(loadsToPort(s.loads, s.appPort), [`${direct}/media/escape.png`]);
    await pollUntil('the image attempt to fail', () => (s.blocked.length > 0 ? true : undefined), 10_000, 20);
    assert.deepEqual(leaksTo(s, s.appPort), []);
  });
});

describe('preview tunnel, standalone: widgets, upload, media, download', function () {
  let runtime: RuntimeProcess | undefined;
  let session: TunnelSession | undefined;

  before(async () => {
    const started = await startApp(join(__dirname, 'fixtures', 'tunnel_app.py'));
    runtime = started.runtime;
    session = await openTunnel(started.port, shim.path);
    await app(session).getByText('clicks: 0').waitFor({ state: 'visible', timeout: 60_000 });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(session, `widgets-failure-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await session?.close();
    await stopApp(runtime);
  });

  it('keeps session state across button clicks', async () => {
    const s = session!;
    await app(s).getByRole('button', { name: 'Add one' }).click();
    await app(s).getByText('clicks: 1').waitFor({ state: 'visible', timeout: 30_000 });
    await app(s).getByRole('button', { name: 'Add one' }).click();
    await app(s).getByText('clicks: 2').waitFor({ state: 'visible', timeout: 30_000 });
  });

  it('uploads a file with Streamlit’s default XSRF protection on', async () => {
    const s = session!;
    const content = Buffer.from('hello through the tunnel\n'.repeat(1000));
    const checksum = content.reduce((sum, b) => sum + b, 0) % 65521;
    await app(s).locator('input[type=file]').setInputFiles({ name: 'hello.txt', mimeType: 'text/plain', buffer: content });
    await app(s).getByText(`uploaded hello.txt: ${content.length} bytes, checksum ${checksum}`).waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(s, 'widgets-uploaded');
  });

  it('shows st.image and st.audio from blob: URLs fetched through the tunnel', async () => {
    const s = session!;
    const image = app(s).locator('img[alt="a red rectangle"], [data-testid="stImage"] img').first();
    await pollUntil('the image to load', async () => ((await image.evaluate((img: { naturalWidth: number }) => img.naturalWidth)) === 30 ? true : undefined), 30_000, 50);
    assert.match((await image.getAttribute('src')) ?? '', /^blob:/);
    const audio = app(s).locator('audio').first();
    await pollUntil('the audio to be routed', async () => (/^blob:/.test((await audio.getAttribute('src')) ?? '') ? true : undefined), 30_000, 50);
    // 1 s of 44.1 kHz audio: the browser decoded the bytes that came through the tunnel.
    await pollUntil('the audio metadata', async () => {
      const duration = await audio.evaluate((el: { duration: number }) => el.duration);
      return Math.abs(duration - 1) < 0.05 ? true : undefined;
    }, 30_000, 50);
  });

  it('hands a download to the host, which saves it through the relay', async () => {
    const s = session!;
    await app(s).getByRole('button', { name: 'Download data' }).click();
    const download = await pollUntil('the download message', () => s.downloads[0], 30_000, 20);
    const dir = mkdtempSync(join(tmpdir(), 'threadlit-tunnel-download-'));
    try {
      await s.attachment.relay.saveDownload(download.url, join(dir, 'saved.csv'));
      assert.equal(readFileSync(join(dir, 'saved.csv'), 'utf8'), 'a,b\n1,2\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the recorder sees loads to the app’s port from a page that does use it (the control)', async () => {
    const s = session!;
    // The app's own page (what an iframe preview loads) in a second page of the same browser.
    const direct = await s.browser.context.newPage();
    const directLoads: string[] = [];
    direct.on('request', (r) => directLoads.push(r.url()));
    direct.on('websocket', (w) => directLoads.push(w.url()));
    try {
      await direct.goto(`http://127.0.0.1:${s.appPort}/`);
      await direct.getByRole('button', { name: 'Add one' }).waitFor({ state: 'visible', timeout: 60_000 });
    } finally {
      await direct.close();
    }
    assert.ok(loadsToPort(directLoads, s.appPort).length > 5, `recorded ${directLoads.length} loads`);
  });

  it('sent nothing to the app’s port, and nothing escaped the tunnel', () => {
    const s = session!;
    assert.deepEqual(loadsToPort(s.loads, s.appPort), []);
    assert.deepEqual(s.escapes, []);
    assert.deepEqual(s.protocolErrors, []);
  });
});

describe('preview tunnel, standalone: multipage navigation and a dark theme', function () {
  let runtime: RuntimeProcess | undefined;
  let session: TunnelSession | undefined;

  before(async () => {
    const started = await startApp(join(__dirname, 'fixtures', 'multipage', 'app.py'));
    runtime = started.runtime;
    session = await openTunnel(started.port, shim.path, { theme: 'dark' });
    await app(session).getByText('home page body').waitFor({ state: 'visible', timeout: 60_000 });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(session, `multipage-failure-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await session?.close();
    await stopApp(runtime);
  });

  it('follows VS Code’s dark theme through prefers-color-scheme', async () => {
    const background = await app(session!).locator('[data-testid="stApp"]').evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor);
    const [r, g, b] = (background.match(/\d+/g) ?? []).map(Number);
    assert.ok((r ?? 255) + (g ?? 255) + (b ?? 255) < 150, `a dark background, got ${background}`);
  });

  it('reconnects through the tunnel when the app restarts on the same port', async () => {
    const s = session!;
    const mark = s.appMessages.length;
    await stopApp(runtime);
    runtime = undefined;
    await pollUntil('the frontend to see the socket drop', () => (s.appMessages.slice(mark).some((m) => m.type === 'WEBSOCKET_DISCONNECTED') ? true : undefined), 30_000, 20);
    runtime = (await startApp(join(__dirname, 'fixtures', 'multipage', 'app.py'), s.appPort)).runtime;
    await pollUntil('the frontend to reconnect', () => (s.appMessages.slice(mark).some((m) => m.type === 'WEBSOCKET_CONNECTED') ? true : undefined), 60_000, 50);
    await app(s).getByText('home page body').waitFor({ state: 'visible', timeout: 30_000 });
    assert.deepEqual(loadsToPort(s.loads, s.appPort), []);
  });

  it('switches pages with st.navigation and keeps the tunnel document', async () => {
    const s = session!;
    await app(s).getByRole('link', { name: 'Second' }).click();
    await app(s).getByText('second page body').waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(s, 'multipage-second');
    await app(s).getByRole('link', { name: 'Home' }).click();
    await app(s).getByText('home page body').waitFor({ state: 'visible', timeout: 30_000 });
    assert.deepEqual(loadsToPort(s.loads, s.appPort), []);
    assert.deepEqual(s.escapes, []);
    // The app's own page links are not links out of the app.
    assert.deepEqual(s.externalLinks, []);
  });
});

describe('preview tunnel, standalone: custom components and links out of the app', function () {
  let runtime: RuntimeProcess | undefined;
  let session: TunnelSession | undefined;

  before(async () => {
    const started = await startApp(join(__dirname, 'fixtures', 'components', 'app.py'));
    runtime = started.runtime;
    session = await openTunnel(started.port, shim.path);
    await app(session).getByText(/^component value: /).waitFor({ state: 'visible', timeout: 60_000 });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(session, `components-failure-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await session?.close();
    await stopApp(runtime);
  });

  it('renders a multi-file declared component (its .js and .css) and gets its value back', async () => {
    const s = session!;
    const frame = app(s).locator('iframe:not([srcdoc])');
    const component = app(s).frameLocator('iframe:not([srcdoc])');
    // The args reached the component's script, which came from main.js through the tunnel.
    await component.getByText('rendered: hello from Python').waitFor({ state: 'visible', timeout: 30_000 });
    assert.match((await frame.getAttribute('src')) ?? '', /^blob:/);
    // style.css crossed too.
    const color = await component.locator('#greeting').evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el).color);
    assert.equal(color, 'rgb(0, 128, 0)');
    await component.getByRole('button', { name: 'Send 42' }).click();
    await app(s).getByText('component value: 42').waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(s, 'components-rendered');
  });

  it('runs the script of a components.html component', async () => {
    const s = session!;
    await app(s).frameLocator('iframe[srcdoc]').getByText('inline component script ran').waitFor({ state: 'visible', timeout: 30_000 });
  });

  it('hands a markdown link to the host to open externally, and the document stays', async () => {
    const s = session!;
    const pages = s.browser.context.pages().length;
    await app(s).getByRole('link', { name: 'site' }).click();
    await pollUntil('the open-external message', () => (s.externalLinks.length > 0 ? true : undefined), 10_000, 20);
    assert.deepEqual(s.externalLinks, ['https://example.com/threadlit-link']);
    // No navigation: the same document, the app still there, no new page, no load of the site.
    assert.ok(s.page.frames().some((f) => f.url().endsWith('/doc.html')));
    await app(s).getByText(/^component value: /).waitFor({ state: 'visible', timeout: 5_000 });
    assert.equal(s.browser.context.pages().length, pages);
    assert.deepEqual(s.loads.filter((url) => url.includes('example.com')), []);
  });

  it('sent nothing to the app’s port, and nothing escaped the tunnel', () => {
    const s = session!;
    assert.deepEqual(loadsToPort(s.loads, s.appPort), []);
    assert.deepEqual(s.escapes, []);
    assert.deepEqual(s.protocolErrors, []);
  });

  it('reports a load from inside a component that bypasses the tunnel', async () => {
    const s = session!;
    const component = s.page.frames().find((f) => f.url().startsWith('blob:'));
    assert.ok(component, 'the component frame');
    const direct = `http://127.0.0.1:${s.appPort}/media/component-escape.png`;
    await component.evaluate(`(() => {
      const img = document.createElement('img');
      img.src = ${JSON.stringify(direct)};
      document.body.appendChild(img);
    })()`);
    await pollUntil('the escape to be reported', () => (s.escapes.length > 0 ? true : undefined), 10_000, 20);
    assert.deepEqual(s.escapes.map((e) => [e.url, e.directive]), [[direct, 'img-src']]);
    assert.deepEqual(leaksTo(s, s.appPort), []);
  });
});

describe('preview tunnel, standalone: a ~20 MB st.video', function () {
  let runtime: RuntimeProcess | undefined;
  let session: TunnelSession | undefined;

  before(async () => {
    const started = await startApp(join(__dirname, 'fixtures', 'large_media.py'));
    runtime = started.runtime;
    session = await openTunnel(started.port, shim.path);
    await app(session).getByText(/^video bytes: \d+$/).waitFor({ state: 'visible', timeout: 60_000 });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(session, `large-media-failure-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await session?.close();
    await stopApp(runtime);
  });

  it('plays it, from a blob: that holds the whole file (the documented limit)', async () => {
    const s = session!;
    const size = Number(/\d+/.exec((await app(s).getByText(/^video bytes: \d+$/).textContent()) ?? '')?.[0]);
    assert.ok(size > 20_000_000, `a ~20 MB file, got ${size}`);
    const video = app(s).locator('video').first();
    const t0 = Date.now();
    await pollUntil('the video metadata', async () => {
      const duration = await video.evaluate((el: { duration: number }) => el.duration);
      return Math.abs(duration - 227) < 0.5 ? true : undefined;
    }, 60_000, 50);
    console.log(`    20 MB st.video: metadata ${Date.now() - t0} ms after the page showed the app`);
    await video.evaluate((el: { muted: boolean; play(): Promise<void> }) => {
      el.muted = true;
      return el.play();
    });
    await pollUntil('playback to advance', async () => ((await video.evaluate((el: { currentTime: number }) => el.currentTime)) > 0.2 ? true : undefined), 30_000, 50);
    assert.match((await video.getAttribute('src')) ?? '', /^blob:/);
    // FIXME(#6): the webview holds a whole-file copy of the media before playback starts; a large
    // video needs Range-based streaming instead (docs/tunnel.md, "Large media").
    const held = await video.evaluate(async (el: { src: string }) => (await (await fetch(el.src)).blob()).size);
    assert.equal(held, size);
    assert.deepEqual(loadsToPort(s.loads, s.appPort), []);
    assert.deepEqual(s.escapes, []);
  });
});

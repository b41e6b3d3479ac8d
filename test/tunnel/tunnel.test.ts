// Standalone proof of the preview tunnel, without VS Code: real Streamlit under Threadlit's
// runtime, Streamlit's own frontend in a real chromium page inside a stand-in webview whose only
// link to the app is the postMessage bridge to our relay. It renders, reruns, uploads with the
// default XSRF settings, shows media as blob: URLs, hands downloads to the host, forwards the
// host messages, runs custom components (multi-file and inline), hands links out of the app to
// the host, and no frame of the page sends a single request to the app's port. Nothing here is
// timed: the latency figures come from bench/tunnel/run.ts.
// Run: flock /tmp/threadlit-heavy.lock npx mocha --config test/tunnel/.mocharc.json
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import type { RuntimeProcess } from '../../src/core/runtimeProcess';
import { repoRoot, testOutput } from '../integration/harness/paths';
import { pollUntil } from '../integration/harness/wait';
import { AHEAD_SECONDS, BEHIND_SECONDS, CHUNK_BYTES } from '../../webview/tunnel/mediaPolicy';
import { largeMp3, largeMp4, type MediaFile } from './harness/mediaFiles';
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

describe('preview tunnel, standalone: an app under server.baseUrlPath', function () {
  let runtime: RuntimeProcess | undefined;
  let session: TunnelSession | undefined;

  before(async () => {
    // The base path some deployments set in .streamlit/config.toml; the runtime's URL carries it.
    const started = await startApp(join(__dirname, 'fixtures', 'tunnel_app.py'), undefined, ['--server.baseUrlPath=team/app']);
    assert.equal(new URL(started.url).pathname, '/team/app/');
    runtime = started.runtime;
    session = await openTunnel(started.port, shim.path, { basePath: new URL(started.url).pathname });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(session, `base-path-failure-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await session?.close();
    await stopApp(runtime);
  });

  it('renders, keeps session state and uploads, all under the base path', async () => {
    const s = session!;
    await app(s).getByText('clicks: 0').waitFor({ state: 'visible', timeout: 60_000 });
    await app(s).getByRole('button', { name: 'Add one' }).click();
    await app(s).getByText('clicks: 1').waitFor({ state: 'visible', timeout: 30_000 });
    const content = Buffer.from('under a base path\n'.repeat(100));
    const checksum = content.reduce((sum, b) => sum + b, 0) % 65521;
    await app(s).locator('input[type=file]').setInputFiles({ name: 'base.txt', mimeType: 'text/plain', buffer: content });
    await app(s).getByText(`uploaded base.txt: ${content.length} bytes, checksum ${checksum}`).waitFor({ state: 'visible', timeout: 30_000 });
    assert.ok(s.traffic.requests(/^\/team\/app\/_stcore\//).length > 0, 'the frontend asked for the app under its base path');
    assert.deepEqual(s.traffic.requests(/^\/_stcore\//), [], 'nothing asked for the root');
    assert.deepEqual(loadsToPort(s.loads, s.appPort), []);
    assert.deepEqual(s.escapes, []);
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

  it('switches to VS Code’s light theme in place: the same document and Streamlit session', async () => {
    const s = session!;
    type Scope = { __threadlitMark?: number; getComputedStyle(e: unknown): { backgroundColor: string } };
    const stApp = app(s).locator('[data-testid="stApp"]');
    const brightness = async (): Promise<number> => {
      const background = await stApp.evaluate((el) => (globalThis as unknown as Scope).getComputedStyle(el).backgroundColor);
      return (background.match(/\d+/g) ?? []).slice(0, 3).map(Number).reduce((sum, v) => sum + v, 0);
    };
    await stApp.evaluate(() => void ((globalThis as unknown as Scope).__threadlitMark = 1));
    const mark = s.appMessages.length;
    const t0 = Date.now();
    s.attachment.setTheme('light');
    await pollUntil('a light background', async () => ((await brightness()) > 600 ? true : undefined), 10_000, 20);
    const lightMs = Date.now() - t0;
    s.attachment.setTheme('dark');
    await pollUntil('a dark background again', async () => ((await brightness()) < 150 ? true : undefined), 10_000, 20);
    // Not a reload: the page's globals are there, and the frontend never connected again.
    assert.equal(await stApp.evaluate(() => (globalThis as unknown as Scope).__threadlitMark), 1);
    assert.deepEqual(s.appMessages.slice(mark).filter((m) => m.type === 'WEBSOCKET_CONNECTED' || m.type === 'WEBSOCKET_DISCONNECTED'), []);
    console.log(`    theme switched in place: light in ${lightMs} ms, dark again in ${Date.now() - t0 - lightMs} ms`);
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

/** The little of a media element the large-media tests read (the tests are typed without the DOM). */
interface MediaLike {
  duration: number;
  currentTime: number;
  muted: boolean;
  readonly readyState: number;
  readonly src: string;
  readonly buffered: { readonly length: number; start(i: number): number; end(i: number): number };
  play(): Promise<void>;
}

describe('preview tunnel, standalone: large media through MediaSource', function () {
  let runtime: RuntimeProcess | undefined;
  let session: TunnelSession | undefined;
  let appDir: string | undefined;
  let mp4: MediaFile;
  let mp3: MediaFile;
  const MP4_URL = /^\/media\/[^?]*\.mp4$/;

  before(async () => {
    mp4 = largeMp4();
    mp3 = largeMp3();
    // The app reads its media from beside itself.
    appDir = mkdtempSync(join(tmpdir(), 'threadlit-large-media-'));
    copyFileSync(join(__dirname, 'fixtures', 'large_media.py'), join(appDir, 'large_media.py'));
    symlinkSync(mp4.path, join(appDir, 'large.mp4'));
    symlinkSync(mp3.path, join(appDir, 'large.mp3'));
    const started = await startApp(join(appDir, 'large_media.py'));
    runtime = started.runtime;
    session = await openTunnel(started.port, shim.path);
    await app(session).getByText(/^mp4 bytes: \d+$/).waitFor({ state: 'visible', timeout: 60_000 });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(session, `large-media-failure-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await session?.close();
    await stopApp(runtime);
    if (appDir !== undefined) rmSync(appDir, { recursive: true, force: true });
  });

  it('streams a ~20 MB MP4 (moov at the end): plays, seeks late, and never holds the whole file', async () => {
    const s = session!;
    assert.equal(await app(s).getByText(/^mp4 bytes: \d+$/).textContent(), `mp4 bytes: ${mp4.size}`);
    assert.ok(mp4.size > 19_000_000, `a ~20 MB file, got ${mp4.size}`);
    const video = app(s).locator('video').first();
    const t0 = Date.now();
    /**
     * Bytes of the element's stream: from its last probe (the first chunk) on. Streamlit sometimes
     * mounts the video a second time on the first render; the stream of the first element must
     * then be over, not go on beside it.
     */
    const probes = (): number => s.traffic.requests(MP4_URL).filter((r) => r.range?.startsWith('bytes=0-')).length;
    const crossed = (): number => {
      const requests = s.traffic.requests(MP4_URL);
      const lastProbe = requests.map((r) => r.range?.startsWith('bytes=0-')).lastIndexOf(true);
      return requests.slice(Math.max(0, lastProbe)).reduce((sum, r) => sum + r.bytes, 0);
    };
    await pollUntil('the video metadata', async () => (Math.abs((await video.evaluate((el: MediaLike) => el.duration)) - mp4.duration) < 0.5 ? true : undefined), 60_000, 20);
    const metadataMs = Date.now() - t0;
    // A MediaSource's object URL, not a blob of the file: it cannot be fetched.
    assert.match((await video.getAttribute('src')) ?? '', /^blob:/);
    assert.equal(await video.evaluate(async (el: MediaLike) => fetch(el.src).then(() => 'fetched', () => 'not fetchable')), 'not fetchable');
    // The MP4 streamer is a bundle of its own, loaded on first use (through the CSP).
    assert.equal(s.loads.filter((url) => url.endsWith('/tunnel-mp4.js')).length, 1);

    // Before it plays, the element holds PRELOAD_SECONDS: enough for the first frame.
    await pollUntil('the first frame', async () => ((await video.evaluate((el: MediaLike) => el.readyState)) >= 2 ? true : undefined), 30_000, 20);
    const firstFrameMs = Date.now() - t0;
    const atFirstFrame = crossed();
    assert.ok(atFirstFrame < mp4.size / 8, `crossed ${atFirstFrame} of ${mp4.size} bytes for the first frame`);
    // play() resolves when playback starts.
    await video.evaluate((el: MediaLike) => {
      el.muted = true;
      return el.play();
    });
    const playingMs = Date.now() - t0;
    const atStart = crossed();
    await pollUntil('playback to advance', async () => ((await video.evaluate((el: MediaLike) => el.currentTime)) > 0.1 ? true : undefined), 30_000, 20);

    // Playing on: the look-ahead fills up to AHEAD_SECONDS, then the fetching waits for the playhead.
    const rate = mp4.size / mp4.duration;
    /** What the look-ahead allows at playhead `time`: the buffer's reach in bytes, plus the chunks around it. */
    const allowed = (time: number): number => (time + AHEAD_SECONDS) * rate + 3 * CHUNK_BYTES;
    let peakBufferedSeconds = 0;
    const sample = async (): Promise<{ time: number; ahead: number; crossed: number }> => {
      const state = await video.evaluate((el: MediaLike) => {
        const ranges: Array<[number, number]> = [];
        for (let i = 0; i < el.buffered.length; i++) ranges.push([el.buffered.start(i), el.buffered.end(i)]);
        return { time: el.currentTime, ranges };
      });
      peakBufferedSeconds = Math.max(peakBufferedSeconds, state.ranges.reduce((sum, [a, b]) => sum + b - a, 0));
      const around = state.ranges.find(([a, b]) => state.time >= a - 0.3 && state.time <= b + 0.3);
      return { time: state.time, ahead: around === undefined ? 0 : around[1] - state.time, crossed: crossed() };
    };
    const full = await pollUntil('the look-ahead to fill', async () => {
      const now = await sample();
      return now.ahead >= AHEAD_SECONDS - 1 ? now : undefined;
    }, 30_000, 50);
    await pollUntil('3 more seconds of playback', async () => ((await sample()).time > full.time + 3 ? true : undefined), 30_000, 100);
    const playing = await sample();
    assert.ok(playing.crossed <= allowed(playing.time), `crossed ${playing.crossed} bytes at ${playing.time.toFixed(1)} s, the look-ahead allows ${Math.round(allowed(playing.time))}`);

    // A seek near the end: fetched from the key frame before it (the moov's index), not from where the download was.
    const before = s.traffic.requests(MP4_URL).length;
    const tSeek = Date.now();
    await video.evaluate((el: MediaLike) => void (el.currentTime = 150));
    await pollUntil('playback from 150 s', async () => ((await sample()).time > 150.5 ? true : undefined), 30_000, 20);
    const seekMs = Date.now() - tSeek;
    const afterSeek = s.traffic.requests(MP4_URL).slice(before);
    const firstAfter = Number(/bytes=(\d+)-/.exec(afterSeek[0]?.range ?? '')?.[1]);
    assert.ok(Math.abs(firstAfter - (150 / mp4.duration) * mp4.size) < 2 * CHUNK_BYTES, `the first range after the seek starts at ${firstAfter}`);
    await pollUntil('the look-ahead to fill after the seek', async () => ((await sample()).ahead >= Math.min(AHEAD_SECONDS, mp4.duration - 151) - 1 ? true : undefined), 30_000, 50);
    const late = await sample();
    const total = late.crossed;
    // The stream reached the end (endOfStream); a seek back to what was dropped reopens it.
    await pollUntil('the end of the stream', async () => ((await video.evaluate((el: MediaLike) => el.buffered.end(el.buffered.length - 1))) > mp4.duration - 0.5 ? true : undefined), 30_000, 50);
    const tBack = Date.now();
    await video.evaluate((el: MediaLike) => void (el.currentTime = 20));
    await pollUntil('playback from 20 s', async () => {
      const time = (await sample()).time;
      return time > 20.5 && time < 40 ? true : undefined;
    }, 30_000, 20);
    const backMs = Date.now() - tBack;
    const requests = s.traffic.requests(MP4_URL);
    const earlier = requests.slice(0, requests.map((r) => r.range?.startsWith('bytes=0-')).lastIndexOf(true));
    assert.deepEqual(earlier.filter((r) => r.open), [], 'an earlier element’s stream is over');
    assert.ok(total < mp4.size / 2, `crossed ${total} of ${mp4.size} bytes in all`);
    assert.ok(peakBufferedSeconds <= 2 * AHEAD_SECONDS + BEHIND_SECONDS + 5, `held at most ${peakBufferedSeconds.toFixed(1)} s of media`);
    console.log(
      `    ${(mp4.size / 1e6).toFixed(1)} MB MP4: metadata ${metadataMs} ms, first frame ${firstFrameMs} ms, playing ${playingMs} ms after the app showed; ` +
        `crossed: ${(atFirstFrame / 1e6).toFixed(2)} MB at the first frame, ${(atStart / 1e6).toFixed(2)} MB when playback started, ${(playing.crossed / 1e6).toFixed(2)} MB at ${playing.time.toFixed(1)} s, ` +
        `seek to 150 s playing in ${seekMs} ms, ${(total / 1e6).toFixed(2)} MB in all by the end, back to 20 s playing in ${backMs} ms, peak buffered ${peakBufferedSeconds.toFixed(1)} s (~${((peakBufferedSeconds * rate) / 1e6).toFixed(1)} MB)` +
        (probes() > 1 ? `; ${probes() - 1} earlier stream(s) of a first mount, ${(earlier.reduce((sum, r) => sum + r.bytes, 0) / 1e6).toFixed(2)} MB` : ''),
    );
    assert.deepEqual(loadsToPort(s.loads, s.appPort), []);
    assert.deepEqual(s.escapes, []);
  });

  it('stops the stream when the element gets another source: a 20 MB WAV plays from a whole blob, with one warning', async () => {
    const s = session!;
    await app(s).locator('label').filter({ hasText: /^wav$/ }).click();
    await app(s).getByText('wav bytes: 20021444').waitFor({ state: 'visible', timeout: 60_000 });
    await pollUntil('the MP4’s requests to be aborted', () => (s.traffic.open(MP4_URL) === 0 ? true : undefined), 10_000, 20);
    const video = app(s).locator('video').first();
    await pollUntil('the WAV’s metadata', async () => (Math.abs((await video.evaluate((el: MediaLike) => el.duration)) - 227) < 0.5 ? true : undefined), 60_000, 50);
    await video.evaluate((el: MediaLike) => {
      el.muted = true;
      return el.play();
    });
    await pollUntil('playback to advance', async () => ((await video.evaluate((el: MediaLike) => el.currentTime)) > 0.2 ? true : undefined), 30_000, 50);
    // WAV cannot go through MediaSource: the documented fallback holds the whole file.
    assert.equal(await video.evaluate(async (el: MediaLike) => (await (await fetch(el.src)).blob()).size), 20_021_444);
    const warnings = s.consoleMessages.filter((m) => m.type === 'warning' && m.text.startsWith('[threadlit tunnel] media '));
    assert.equal(warnings.length, 1, JSON.stringify(warnings));
    assert.match(warnings[0]!.text, /\.wav: 20\.0 MB of WAV, loaded whole: streaming covers MP4/);
    // And in the Threadlit log: the host got it as `tunnel/log`.
    const logged = await pollUntil('the warning at the host', () => {
      const found = s.shimLogs.filter((line) => line.startsWith('warn: media '));
      return found.length > 0 ? found : undefined;
    }, 10_000, 20);
    assert.equal(logged.length, 1, logged.join('\n'));
    assert.match(logged[0] ?? '', /\.wav: 20\.0 MB of WAV, loaded whole/);
  });

  it('streams a 10 MB MP3 through MediaSource as it is', async () => {
    const s = session!;
    await app(s).locator('label').filter({ hasText: /^mp3$/ }).click();
    await app(s).getByText(`mp3 bytes: ${mp3.size}`).waitFor({ state: 'visible', timeout: 60_000 });
    const audio = app(s).locator('audio').first();
    const t0 = Date.now();
    await pollUntil('the MP3 to be attached', async () => ((await audio.evaluate((el: MediaLike) => el.readyState)) >= 1 ? true : undefined), 30_000, 20);
    assert.equal(await audio.evaluate(async (el: MediaLike) => fetch(el.src).then(() => 'fetched', () => 'not fetchable')), 'not fetchable');
    await audio.evaluate((el: MediaLike) => {
      el.muted = true;
      return el.play();
    });
    await pollUntil('playback to advance', async () => ((await audio.evaluate((el: MediaLike) => el.currentTime)) > 0.2 ? true : undefined), 30_000, 20);
    const MP3_URL = /^\/media\/[^?]*\.mp3$/;
    const atStart = s.traffic.bytesTo(MP3_URL);
    // The duration is estimated from the first chunk (constant bitrate here).
    const duration = await audio.evaluate((el: MediaLike) => el.duration);
    assert.ok(Math.abs(duration - mp3.duration) < 2, `duration ${duration}`);
    assert.ok(atStart < mp3.size / 2, `crossed ${atStart} of ${mp3.size} bytes before playback started`);
    console.log(`    ${(mp3.size / 1e6).toFixed(1)} MB MP3: playing ${Date.now() - t0} ms after the app showed it, ${(atStart / 1e6).toFixed(2)} MB crossed by then`);
    assert.equal(s.consoleMessages.filter((m) => m.type === 'warning').length, 1, 'no warning but the WAV’s');
  });

  it('goes on after a seek that aborts a range in the middle of its body (Chromium calls that abort a failed fetch)', async () => {
    const s = session!;
    await app(s).locator('label').filter({ hasText: /^mp4$/ }).click();
    await app(s).getByText(`mp4 bytes: ${mp4.size}`).waitFor({ state: 'visible', timeout: 60_000 });
    const video = app(s).locator('video').first();
    await pollUntil('the video metadata', async () => (Math.abs((await video.evaluate((el: MediaLike) => el.duration)) - mp4.duration) < 0.5 ? true : undefined), 60_000, 20);
    const errorsBefore = s.shimLogs.filter((line) => line.startsWith('error: ')).length;
    // The next range's response arrives with its first chunk; the rest waits.
    const stall = s.traffic.stallNextBody(MP4_URL);
    try {
      await video.evaluate((el: MediaLike) => {
        el.muted = true;
        return el.play();
      });
      await pollUntil('a range stalled in the middle of its body', () => (stall.holding() ? true : undefined), 30_000, 20);
      await video.evaluate((el: MediaLike) => void (el.currentTime = 150));
      await pollUntil('the seek to abort the stalled range', () => (stall.holding() ? undefined : true), 10_000, 20);
    } finally {
      stall.release();
    }
    const outcome = await pollUntil('playback from 150 s, or the stream to fail', async () => {
      const failed = s.shimLogs.filter((line) => line.startsWith('error: ')).slice(errorsBefore);
      if (failed.length > 0) return failed.join('\n');
      return (await video.evaluate((el: MediaLike) => el.currentTime)) > 150.5 ? 'playing' : undefined;
    }, 30_000, 20);
    assert.equal(outcome, 'playing');
  });
});

// What the tunnel benchmark measures, in a page or a frame: click → DOM update, and open → the
// app's first element visible. Shared by bench/tunnel/run.ts only; the tests time nothing.
import type { Frame, Page } from 'playwright-core';
import { median, percentile } from '../common';

// Plain page code as a string: tsx would wrap named functions of a TypeScript closure in a
// helper the page lacks. Clicks "Add one" and resolves with the ms until the new count shows.
const CLICK_AND_WAIT = `new Promise((resolve, reject) => {
  const countNow = () => {
    for (const p of document.querySelectorAll('p')) {
      const m = /^clicks: (\\d+)$/.exec(p.textContent || '');
      if (m) return Number(m[1]);
    }
    return -1;
  };
  const start = countNow();
  const button = [...document.querySelectorAll('button')].find((b) => (b.textContent || '').includes('Add one'));
  if (!button) return reject(new Error('no Add one button among: ' + [...document.querySelectorAll('button')].map((b) => b.textContent).join(' | ')));
  const timer = setTimeout(() => reject(new Error('no update within 10 s')), 10000);
  const t0 = performance.now();
  const observer = new MutationObserver(() => {
    if (countNow() > start) {
      observer.disconnect();
      clearTimeout(timer);
      resolve(performance.now() - t0);
    }
  });
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  button.click();
})`;

/** Clicks "Add one" `count` times from inside the frame; each figure is click → the new count in the DOM. */
export async function measureClicks(frame: Frame, count: number): Promise<number[]> {
  const figures: number[] = [];
  for (let i = 0; i < count; i++) {
    figures.push((await frame.evaluate(CLICK_AND_WAIT)) as number);
    // Let the run finish (the button is idle again) before the next click.
    // A function, not a string: a string predicate is eval'd, which the tunnel's CSP forbids.
    await frame.waitForFunction(
      () => !(globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('[data-testid="stStatusWidget"]'),
      undefined,
      { timeout: 10_000 },
    );
  }
  return figures;
}

// One request from inside the app's page to Streamlit's health endpoint, as its frontend would
// make it: through the tunnel (BACKEND_BASE_URL is the tunnel's origin) or the port's URL (iframe).
const HEALTH_ROUND_TRIP = `(async () => {
  const base = (window.__streamlit && window.__streamlit.BACKEND_BASE_URL) || document.baseURI;
  const t0 = performance.now();
  const response = await fetch(new URL('_stcore/health', base), { cache: 'no-store' });
  await response.text();
  if (!response.ok) throw new Error('health: HTTP ' + response.status);
  return performance.now() - t0;
})()`;

/** `count` requests from inside the frame to the app's health endpoint; each figure is one round trip. */
export async function measureRoundTrips(frame: Frame, count: number): Promise<number[]> {
  const figures: number[] = [];
  for (let i = 0; i < count; i++) figures.push((await frame.evaluate(HEALTH_ROUND_TRIP)) as number);
  return figures;
}

/** The "Add one" button (a lazily loaded chunk, so later than the first text) visible in `root`. */
export async function waitForFirstElement(root: Page | Frame | import('playwright-core').FrameLocator, timeout = 60_000): Promise<void> {
  await root.getByRole('button', { name: 'Add one' }).waitFor({ state: 'visible', timeout });
}

export interface Summary {
  median: number;
  p90: number;
  n: number;
}

export function summary(values: readonly number[]): Summary {
  return { median: +median(values).toFixed(1), p90: +percentile(values, 90).toFixed(1), n: values.length };
}

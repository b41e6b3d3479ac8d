// Helpers for the Run App end-to-end tests: the preview's frames inside the workbench, and the
// process table (what is still running).
import { readdirSync, readFileSync } from 'node:fs';
import type { FrameLocator, Page } from 'playwright-core';
import { pollUntil } from '../integration/harness/wait';

/** Our webview document inside the workbench (the preview panel's toolbar and iframe). */
export function previewFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').first().frameLocator('#active-frame');
}

/** The Streamlit app inside the preview. */
export function appFrame(page: Page): FrameLocator {
  return previewFrame(page).frameLocator('#app-frame');
}

/** Where the app's elements are: the webview's own document (tunnel), or the iframe in our shell. */
export function appView(page: Page, transport: 'iframe' | 'tunnel'): FrameLocator {
  return transport === 'tunnel' ? previewFrame(page) : appFrame(page);
}

/** The document of the one webview that has `selector` (when several panels are open). */
export async function webviewWith(page: Page, selector: string, timeoutMs = 30_000): Promise<FrameLocator> {
  return pollUntil(`a webview with ${selector}`, async () => {
    const count = await page.locator('iframe.webview.ready').count();
    for (let i = 0; i < count; i++) {
      const frame = page.frameLocator('iframe.webview.ready').nth(i).frameLocator('#active-frame');
      if ((await frame.locator(selector).count()) > 0) return frame;
    }
    return undefined;
  }, timeoutMs);
}

/** Live processes whose command line mentions all of `needles` (the runtime of one app). */
export function processesMatching(...needles: string[]): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      if (needles.every((n) => cmdline.includes(n))) found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** Live processes in a process group. */
export function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z' && Number(fields[2]) === pgid) members.push(Number(entry));
    } catch {
      // Gone.
    }
  }
  return members;
}

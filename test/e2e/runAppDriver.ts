// Drives the code-server workbench for the Run App end-to-end tests: palette commands, quick
// open, the preview's frames, and the process table (what is still running).
import { readdirSync, readFileSync } from 'node:fs';
import type { FrameLocator, Page } from 'playwright-core';
import { pollUntil } from '../integration/harness/wait';

/** Waits for the workbench and its explorer. */
export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  await page.locator('.explorer-folders-view').waitFor({ state: 'visible', timeout: 60_000 });
}

/**
 * Runs a palette command by its title. Commands register a few seconds after the page loads,
 * so the row may not be there yet: close the palette and try again until the deadline.
 */
export async function runCommand(page: Page, title: string, timeoutMs = 60_000): Promise<void> {
  await pollUntil(
    `palette command "${title}"`,
    async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      await input.fill(`>${title}`);
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
      try {
        await row.waitFor({ state: 'visible', timeout: 2_000 });
      } catch {
        return undefined;
      }
      await page.keyboard.press('Enter');
      return true;
    },
    timeoutMs,
    250,
  );
}

/** Opens a workspace file by name through Quick Open. */
export async function openFile(page: Page, name: string): Promise<void> {
  await pollUntil(
    `quick open ${name}`,
    async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      await input.fill(name);
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
      try {
        await row.waitFor({ state: 'visible', timeout: 2_000 });
      } catch {
        return undefined;
      }
      await page.keyboard.press('Enter');
      return true;
    },
    30_000,
    250,
  );
  await page.locator('.tab.active', { hasText: name }).waitFor({ state: 'visible', timeout: 30_000 });
}

/** Our webview document inside the workbench (the preview panel's toolbar and iframe). */
export function previewFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').first().frameLocator('#active-frame');
}

/** The Streamlit app inside the preview. */
export function appFrame(page: Page): FrameLocator {
  return previewFrame(page).frameLocator('#app-frame');
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

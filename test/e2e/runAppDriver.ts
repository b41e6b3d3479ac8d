// Helpers for the Run App end-to-end tests: the preview's frames inside the workbench, and the
// process table (what is still running).
import { readdirSync, readFileSync } from 'node:fs';
import type { FrameLocator, Page } from 'playwright-core';

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

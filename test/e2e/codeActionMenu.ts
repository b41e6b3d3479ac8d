// The workbench's code action menu (Ctrl+. or the light bulb), driven from the keyboard.
import type { Page } from 'playwright-core';

/** Moves the action list's focus down to the row labelled `label` and applies it. */
export async function selectCodeAction(page: Page, label: string): Promise<void> {
  const rows = await page.locator('.action-widget .monaco-list-row').count();
  for (let i = 0; i <= rows; i++) {
    const focused = await page.locator('.action-widget .monaco-list-row.focused').getAttribute('aria-label');
    if (focused === label) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`no action labelled ${label}`);
}

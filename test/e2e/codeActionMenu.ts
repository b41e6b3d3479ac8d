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

/**
 * Ctrl+. until the menu offers `label`. Now and then (2 of 4 runs one day, never before) the
 * workbench answered the first Ctrl+. after F8 with "No code actions available" although the
 * finding was under the cursor; asked again, it offered the fixes. Each retry is printed, so a
 * real regression (no fix at all) still fails, and a frequent flake shows in the output.
 */
export async function openCodeActionMenu(page: Page, label: string, tries = 3): Promise<void> {
  const row = page.locator('.action-widget .monaco-list-row', { hasText: label });
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+.');
    try {
      await row.first().waitFor({ state: 'visible', timeout: 10_000 });
      return;
    } catch (err) {
      if (attempt >= tries) throw err;
      const none = await page.getByText('No code actions available').count();
      console.log(`[threadlit] e2e: Ctrl+. did not offer "${label}" (try ${attempt}${none > 0 ? ', "No code actions available"' : ''}); asking again`);
      await page.keyboard.press('Escape');
    }
  }
}

// Launches Debian's chromium through playwright-core (no browser download) in a throwaway profile.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { chromiumPath } from './paths';

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

export async function launchBrowser(viewport = { width: 1400, height: 900 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'threadlit-chromium-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      viewport,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    throw err;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const ctx = context;
  return {
    context: ctx,
    page,
    async close() {
      try {
        await ctx.close();
      } finally {
        rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
      }
    },
  };
}

/**
 * Renders a page console message as text. The extension host's console arrives as
 * `['%c INFO', css, fmt, ...args]`: drop the styling and apply the printf-style format,
 * so logs read like a terminal.
 */
export async function consoleText(message: ConsoleMessage): Promise<string> {
  const values: unknown[] = await Promise.all(
    message.args().map((arg) => arg.jsonValue().catch(() => String(arg))),
  );
  if (values.length === 0) return message.text();
  let level = '';
  if (typeof values[0] === 'string' && values[0].startsWith('%c')) {
    level = values[0].slice(2).trim();
    values.splice(0, 2);
  }
  const text = formatPrintf(values);
  return level && level !== 'INFO' ? `${level} ${text}` : text;
}

/** Node/browser console formatting: `%s %d %i %f %o %O %j` consume arguments; the rest are appended. */
export function formatPrintf(values: unknown[]): string {
  const [first, ...rest] = values;
  const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? String(v));
  if (typeof first !== 'string') return values.map(show).join(' ');
  let index = 0;
  const head = first.replace(/%[sdifoOjc%]/g, (token) => {
    if (token === '%%') return '%';
    if (index >= rest.length) return token;
    const value = rest[index++];
    return token === '%c' ? '' : show(value);
  });
  return [head, ...rest.slice(index).map(show)].join(' ');
}

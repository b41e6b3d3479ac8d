// The shell's script and stylesheet, read once per extension folder and inlined into its HTML.
// Inline, the shell loads nothing through VS Code's webview service worker. A load that is still
// in flight when its webview closes (Stop App, then close the panel) keeps that worker waiting
// for 30 s, and no new webview gets its document until then (docs/run-app.md, "Blank previews").

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ShellAssets {
  readonly script: string;
  readonly style: string;
}

const cache = new Map<string, ShellAssets>();

/** `dir`: the built webview folder (dist/webview). */
export function shellAssets(dir: string): ShellAssets {
  let assets = cache.get(dir);
  if (assets === undefined) {
    assets = { script: readFileSync(join(dir, 'main.js'), 'utf8'), style: readFileSync(join(dir, 'main.css'), 'utf8') };
    cache.set(dir, assets);
  }
  return assets;
}

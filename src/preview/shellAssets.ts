// The shell's script and stylesheet, read once per extension folder and inlined into its HTML.
// Inline, the shell loads nothing through VS Code's webview service worker. A load that is still
// in flight when its webview closes (Stop App, then close the panel) keeps that worker waiting
// for 30 s, and no new webview gets its document until then (docs/run-app.md, "Blank previews").

import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface ShellAssets {
  readonly script: string;
  readonly style: string;
}

const cache = new Map<string, { readonly stamp: string; readonly assets: ShellAssets }>();

/** `dir`: the built webview folder (dist/webview). Read again when a rebuild (watch mode) changed it. */
export function shellAssets(dir: string): ShellAssets {
  const script = join(dir, 'main.js');
  const style = join(dir, 'main.css');
  const stamp = `${statSync(script).mtimeMs}:${statSync(style).mtimeMs}`;
  const cached = cache.get(dir);
  if (cached?.stamp === stamp) return cached.assets;
  const assets = { script: readFileSync(script, 'utf8'), style: readFileSync(style, 'utf8') };
  cache.set(dir, { stamp, assets });
  return assets;
}

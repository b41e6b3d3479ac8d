// Bundles the preview webview (webview/) for the browser into dist/webview/: main.js and main.css.
// Usage: node scripts/build-webview.mjs [--watch]   (scripts/build.mjs calls it too)
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'webview');

/** Builds once, or returns a watching context when `watch` is set. */
export async function buildWebview({ watch = false } = {}) {
  mkdirSync(outdir, { recursive: true });
  copyFileSync(join(root, 'webview', 'main.css'), join(outdir, 'main.css'));
  const context = await esbuild.context({
    entryPoints: {
      main: join(root, 'webview', 'main.ts'),
      // The preview tunnel's shim (issue 6), loaded by the tunnel document before Streamlit's bundle.
      tunnel: join(root, 'webview', 'tunnel', 'main.ts'),
    },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    outdir,
    sourcemap: watch ? 'inline' : false,
    minify: !watch,
    logLevel: 'warning',
  });
  if (watch) {
    await context.watch();
    return context;
  }
  await context.rebuild();
  await context.dispose();
  return undefined;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildWebview({ watch: process.argv.includes('--watch') });
}

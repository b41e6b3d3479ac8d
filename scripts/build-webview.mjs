// Bundles the preview webview (webview/) for the browser into dist/webview/: main.js and main.css,
// the tunnel's shim tunnel.js, and tunnel-mp4.js, the MP4 streamer the shim imports on first use.
// Usage: node scripts/build-webview.mjs [--watch]   (scripts/build.mjs calls it too)
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'webview');

/** Builds once and returns the builds' metafiles, or starts watching when `watch` is set and returns a handle to stop it. */
export async function buildWebview({ watch = false } = {}) {
  mkdirSync(outdir, { recursive: true });
  copyFileSync(join(root, 'webview', 'main.css'), join(outdir, 'main.css'));
  const common = {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    outdir,
    sourcemap: watch ? 'inline' : false,
    minify: !watch,
    logLevel: 'warning',
    // For dist/THIRD_PARTY_NOTICES.txt (scripts/notices.mjs).
    metafile: true,
  };
  const contexts = [
    await esbuild.context({
      ...common,
      entryPoints: {
        main: join(root, 'webview', 'main.ts'),
        // The preview tunnel's shim (issue 6), loaded by the tunnel document before Streamlit's bundle.
        tunnel: join(root, 'webview', 'tunnel', 'main.ts'),
      },
      format: 'iife',
    }),
    // mp4box.js is three times the rest of the shim: a module of its own, imported by the shim
    // (from next to itself) the first time a large MP4 plays.
    await esbuild.context({ ...common, entryPoints: { 'tunnel-mp4': join(root, 'webview', 'tunnel', 'mp4Stream.ts') }, format: 'esm' }),
  ];
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return { dispose: () => Promise.all(contexts.map((c) => c.dispose())) };
  }
  const results = await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  return results.map((r) => r.metafile);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildWebview({ watch: process.argv.includes('--watch') });
}

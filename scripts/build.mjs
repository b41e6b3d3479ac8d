// Builds the bundles with esbuild and copies the parser's wasm files next to them.
// Usage: node scripts/build.mjs [--watch]
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const outdir = 'dist';
mkdirSync(outdir, { recursive: true });

// tree-sitter's runtime and the Python grammar are loaded from dist/ at run time.
copyFileSync(join(dirname(require.resolve('web-tree-sitter')), 'tree-sitter.wasm'), join(outdir, 'tree-sitter.wasm'));
copyFileSync(
  join(dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'),
  join(outdir, 'tree-sitter-python.wasm'),
);

const common = { bundle: true, sourcemap: true, logLevel: 'warning', target: 'node20' };
const contexts = [
  await esbuild.context({
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    platform: 'node',
    format: 'cjs',
    outdir,
    banner: { js: '#!/usr/bin/env node' },
  }),
];

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}

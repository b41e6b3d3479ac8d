// Builds the bundles with esbuild and copies the parser's wasm files next to them.
// Usage: node scripts/build.mjs [--watch]
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildWebview } from './build-webview.mjs';
import { writeNotices } from './notices.mjs';

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

// Rule pages ship inside the extension so diagnostics link to them offline.
const rulesSrc = join('docs', 'rules');
const rulesOut = join(outdir, 'rules');
mkdirSync(rulesOut, { recursive: true });
if (existsSync(rulesSrc)) {
  for (const name of readdirSync(rulesSrc).filter((n) => n.endsWith('.md'))) {
    copyFileSync(join(rulesSrc, name), join(rulesOut, name));
  }
}

const common = {
  bundle: true,
  sourcemap: true,
  logLevel: 'warning',
  target: 'node20',
  // web-tree-sitter's ESM build reads import.meta.url, which is undefined in a CJS bundle;
  // its CJS build resolves paths from __filename instead.
  alias: { 'web-tree-sitter': require.resolve('web-tree-sitter') },
  // The analyzer's wasm lookup falls back to require.resolve for tsx and tests; in dist/ the
  // wasm files sit next to the bundle, so that fallback is never reached.
  logOverride: { 'require-resolve-not-external': 'silent' },
  // For dist/THIRD_PARTY_NOTICES.txt (scripts/notices.mjs).
  metafile: true,
};
// `ws` tries its optional native add-ons inside try/catch and falls back to plain JS when they are
// missing. Bundled, they must stay missing: a `require('bufferutil')` left in the bundle would look
// for a package the extension does not ship (test/unit/packaging.test.ts checks for none).
const wsOptionalAddons = {
  name: 'ws-optional-addons',
  setup(build) {
    build.onResolve({ filter: /^(bufferutil|utf-8-validate)$/ }, (args) => ({ path: args.path, namespace: 'ws-optional-addon' }));
    build.onLoad({ filter: /.*/, namespace: 'ws-optional-addon' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is not bundled`)});`,
      loader: 'js',
    }));
  },
};
const contexts = [
  await esbuild.context({
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    platform: 'node',
    format: 'cjs',
    outdir,
    banner: { js: '#!/usr/bin/env node' },
  }),
  // Extension host bundle; `vscode` is provided by the host at run time.
  await esbuild.context({
    ...common,
    // The analyzer is a bundle of its own, required on first use, so activation does not pay
    // for evaluating web-tree-sitter (src/diagnostics/analyzerModule.ts).
    entryPoints: { extension: 'src/extension.ts', analyzer: 'src/analyzer/index.ts', lintWorker: 'src/diagnostics/lintWorker.ts' },
    platform: 'node',
    format: 'cjs',
    outdir,
    external: ['vscode'],
    plugins: [wsOptionalAddons],
    minify: !watch,
    // First statement of the bundle: lets the activation test time the bundle's evaluation.
    banner: {
      js: '"use strict";var __threadlitBundleStart = globalThis.performance ? performance.now() : 0, __threadlitBundleCpu = process.cpuUsage();',
    },
  }),
];

const webview = await buildWebview({ watch });

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  const results = await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  // The grammar's wasm is copied, not bundled.
  const copied = [dirname(require.resolve('tree-sitter-python/package.json'))];
  writeNotices([...results.map((r) => r.metafile), ...webview], process.cwd(), join(outdir, 'THIRD_PARTY_NOTICES.txt'), copied);
}

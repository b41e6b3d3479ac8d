// Builds the extension (scripts/build.mjs) and bundles the extension-host tests into out/integration.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { integrationOut, repoRoot } from './paths';

export function buildExtension(): void {
  const result = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('extension build failed');
}

/** The suite files run inside VS Code, so they are bundled; `vscode` and `mocha` come from the host/node_modules. */
export async function buildIntegrationTests(): Promise<void> {
  const dir = join(repoRoot, 'test', 'integration');
  const suites = readdirSync(join(dir, 'suite'))
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => join(dir, 'suite', name));
  await esbuild.build({
    entryPoints: [join(dir, 'index.ts'), ...suites],
    outbase: dir,
    outdir: integrationOut,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
}

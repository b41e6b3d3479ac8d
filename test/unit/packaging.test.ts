// The .vsix that `npm run package` builds: what goes in (the allowlist in .vscodeignore), its
// size, that VS Code (code-server's CLI) installs it, and that the installed copy is complete —
// the bundles load only Node built-ins and `vscode`, and the Python runtime is found and imports.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runtimeDir } from '../../src/core/runtimeDir';
import { nonceFrom, previewHtml } from '../../src/preview/html';
import { shellAssets } from '../../src/preview/shellAssets';

const REPO = join(__dirname, '..', '..');
const CODE_SERVER = join(REPO, '.tools', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const PYTHON = join(REPO, '.venv', 'bin', 'python');
const MANIFEST = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { name: string; publisher: string; version: string };
const MAX_BYTES = 5 * 1024 * 1024;

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd: options.cwd ?? REPO, env: options.env ?? process.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return result;
}

/** Entry names of a zip archive, from `unzip -Z1` (one name per line, nothing else). */
function zipEntries(file: string): string[] {
  const listed = run('unzip', ['-Z1', file]);
  assert.equal(listed.status, 0, listed.stderr);
  return listed.stdout.split('\n').filter((line) => line.length > 0);
}

describe('packaging: npm run package', function () {
  // A full build, vsce, and code-server's CLI on a shared 2-core machine.
  this.timeout(240_000);
  let scratch: string;
  let vsix: string;
  let entries: string[];

  before(function () {
    scratch = mkdtempSync(join(tmpdir(), 'threadlit-pkg-'));
    vsix = join(scratch, `${MANIFEST.name}-${MANIFEST.version}.vsix`);
    // npm appends the extra arguments to the script's last command, vsce: the real script, its
    // output redirected so the test leaves no .vsix in the repository.
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const packaged = run(npm, ['run', '--silent', 'package', '--', '--out', vsix]);
    assert.equal(packaged.status, 0, `npm run package failed:\n${packaged.stdout}\n${packaged.stderr}`);
    entries = zipEntries(vsix);
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('ships the bundles, the wasm files, the webview, the rule pages and the Python runtime', () => {
    for (const required of [
      'extension/package.json',
      'extension/readme.md',
      'extension/dist/extension.js',
      'extension/dist/analyzer.js',
      'extension/dist/lintWorker.js',
      'extension/dist/tree-sitter.wasm',
      'extension/dist/tree-sitter-python.wasm',
      'extension/dist/webview/main.js',
      'extension/dist/webview/main.css',
      'extension/dist/webview/tunnel.js',
      'extension/dist/webview/tunnel-mp4.js',
      'extension/dist/THIRD_PARTY_NOTICES.txt',
      'extension/dist/rules/TL001.md',
      'extension/runtime/threadlit_runtime/__main__.py',
      'extension/runtime/threadlit_runtime/monitor/core.py',
    ]) {
      assert.ok(entries.includes(required), `${required} is missing from the .vsix`);
    }
    // Every runtime module in the repository goes in, not just the two named above.
    const sources = listPython(join(REPO, 'runtime', 'threadlit_runtime')).map((p) => `extension/runtime/threadlit_runtime/${p}`);
    assert.deepEqual(sources.filter((p) => !entries.includes(p)), []);
  });

  it('leaves out sources, tests, node_modules, source maps and bytecode caches', () => {
    const unwanted = entries.filter(
      (name) =>
        /\.(ts|tsx|map|pyc)$/.test(name) ||
        /(^|\/)(node_modules|src|test|tests|webview|scripts|bench|examples|__pycache__|\.tools|\.venv)\//.test(name.replace(/^extension\/dist\/webview\//, 'extension/dist/')) ||
        name.endsWith('.vsix'),
    );
    assert.deepEqual(unwanted, []);
    // Allowlist in the other direction too: only these top-level places inside extension/.
    const places = new Set(entries.filter((e) => e.startsWith('extension/')).map((e) => e.split('/').slice(0, 2).join('/')));
    assert.deepEqual([...places].sort(), ['extension/LICENSE.txt', 'extension/dist', 'extension/docs', 'extension/package.json', 'extension/readme.md', 'extension/runtime']);
  });

  it('carries the license notices of the npm packages its bundles contain', () => {
    assert.ok(entries.includes('extension/dist/THIRD_PARTY_NOTICES.txt'));
    const notices = readFileSync(join(REPO, 'dist', 'THIRD_PARTY_NOTICES.txt'), 'utf8');
    for (const name of ['@mswjs/interceptors', 'mp4box', 'tree-sitter-python', 'web-tree-sitter', 'ws']) {
      assert.ok(notices.split('\n').some((line) => line.startsWith(`- ${name} `)), `${name} is listed`);
    }
    // BSD-3-Clause (mp4box, smol-toml) asks for its text with the binaries.
    assert.match(notices, /Redistribution and use in source and binary forms/);
  });

  it('builds a shell whose script and style can be inlined in the preview’s HTML', () => {
    const assets = shellAssets(join(REPO, 'dist', 'webview'));
    assert.ok(assets.script.length > 1000 && assets.style.length > 100, 'the built main.js and main.css');
    const html = previewHtml({ cspSource: 'https://x.vscode-cdn.net', nonce: nonceFrom(new Uint8Array(16)), ...assets, frameOrigin: null, title: 'app.py' });
    assert.ok(html.includes(assets.script));
  });

  it('is under 5 MB', () => {
    const size = statSync(vsix).size;
    assert.ok(size < MAX_BYTES, `the .vsix is ${size} bytes`);
    console.log(`      .vsix: ${(size / 1024).toFixed(0)} KiB, ${entries.length} entries`);
  });

  it('installs into VS Code, and the installed copy finds its runtime and needs no node_modules', function () {
    if (!existsSync(CODE_SERVER)) assert.fail(`code-server is not installed (${CODE_SERVER}); run scripts/install-code-server.sh`);
    const dirs = {
      userData: join(scratch, 'user-data'),
      extensions: join(scratch, 'extensions'),
      xdgConfig: join(scratch, 'xdg-config'),
      xdgData: join(scratch, 'xdg-data'),
      xdgCache: join(scratch, 'xdg-cache'),
    };
    for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
    const config = join(scratch, 'config.yaml');
    writeFileSync(config, 'auth: none\ncert: false\ndisable-telemetry: true\ndisable-update-check: true\n');
    // Everything code-server writes stays in the scratch folder; no gallery is contacted.
    const env = {
      ...process.env,
      XDG_CONFIG_HOME: dirs.xdgConfig,
      XDG_DATA_HOME: dirs.xdgData,
      XDG_CACHE_HOME: dirs.xdgCache,
      EXTENSIONS_GALLERY: '{"serviceUrl":""}',
    };
    const common = ['--config', config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
    const installed = run(process.execPath, [CODE_SERVER, ...common, '--install-extension', vsix], { env });
    assert.equal(installed.status, 0, `${installed.stdout}\n${installed.stderr}`);
    const id = `${MANIFEST.publisher}.${MANIFEST.name}`;
    const listed = run(process.execPath, [CODE_SERVER, ...common, '--list-extensions', '--show-versions'], { env });
    assert.equal(listed.status, 0, listed.stderr);
    assert.ok(listed.stdout.split('\n').includes(`${id}@${MANIFEST.version}`), `not listed:\n${listed.stdout}`);

    const folder = join(dirs.extensions, `${id}-${MANIFEST.version}`);
    assert.ok(existsSync(join(folder, 'dist', 'extension.js')), `no extension bundle in ${folder}`);

    // The bundle resolves the runtime from its own folder (dist/), as __dirname is at run time.
    assert.equal(runtimeDir(join(folder, 'dist')), join(folder, 'runtime'));

    // Nothing outside the bundles is required at run time: only Node's built-ins and the host's `vscode`.
    const allowed = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'vscode']);
    for (const bundle of ['extension.js', 'analyzer.js', 'lintWorker.js']) {
      const text = readFileSync(join(folder, 'dist', bundle), 'utf8');
      const required = [...text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] as string);
      assert.deepEqual(required.filter((name) => !allowed.has(name) && !name.startsWith('./')), [], `${bundle} requires a package`);
      for (const local of required.filter((name) => name.startsWith('./'))) {
        assert.ok(existsSync(join(folder, 'dist', local)), `${bundle} requires ${local}, which is not installed`);
      }
    }

    // The installed runtime imports completely, from the installed copy, in the project's Python.
    if (!existsSync(PYTHON)) assert.fail(`no Python environment at ${PYTHON}; run scripts/setup.sh`);
    const probe = [
      'import importlib, pkgutil, sys',
      `sys.path.insert(0, ${JSON.stringify(join(folder, 'runtime'))})`,
      'import threadlit_runtime as root',
      'names = [m.name for m in pkgutil.walk_packages(root.__path__, "threadlit_runtime.")]',
      // __main__ would start the runtime; everything it imports is among the other modules.
      'for name in names:',
      '    if not name.endswith(".__main__"): importlib.import_module(name)',
      'print(root.__file__); print(len(names))',
    ].join('\n');
    const imported = run(PYTHON, ['-c', probe], { cwd: scratch });
    assert.equal(imported.status, 0, imported.stderr);
    const [file, count] = imported.stdout.trim().split('\n');
    assert.equal(file, join(folder, 'runtime', 'threadlit_runtime', '__init__.py'));
    assert.ok(Number(count) >= 10, `only ${count} runtime modules imported`);
  });
});

/** Python sources below `dir`, relative, with `/` separators; bytecode caches are skipped. */
function listPython(dir: string, prefix = ''): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '__pycache__') continue;
    if (entry.isDirectory()) found.push(...listPython(join(dir, entry.name), `${prefix}${entry.name}/`));
    else if (entry.name.endsWith('.py')) found.push(`${prefix}${entry.name}`);
  }
  return found;
}

// Runs the extension-host tests in a real VS Code: code-server + chromium, with the
// extensionDevelopmentPath/extensionTestsPath payload. Exit code 0 only if every test passed.
// Usage: tsx test/integration/run.ts [--grep PATTERN] [--no-build]
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, consoleText, type Browser } from './harness/browser';
import { buildExtension, buildIntegrationTests } from './harness/build';
import { startCodeServer, type CodeServer } from './harness/codeServer';
import { fixtureWorkspace, integrationOut, repoRoot, testOutput } from './harness/paths';
import { withTimeout } from './harness/wait';
import { generateLintWorkspace } from './harness/generate';
import { copyWorkspace } from './harness/workspace';
import { START_MARKER } from './marker';

const RUN_TIMEOUT_MS = 240_000;

interface Stats {
  passes: number;
  failures: number;
  tests: number;
  duration?: number;
}

async function main(): Promise<number> {
  const grepIndex = process.argv.indexOf('--grep');
  const grep = grepIndex >= 0 ? process.argv[grepIndex + 1] : undefined;
  const started = Date.now();

  // --no-build: reuse dist/ (quick iteration); the tests are always rebundled.
  if (!process.argv.includes('--no-build')) buildExtension();
  await buildIntegrationTests();
  mkdirSync(testOutput, { recursive: true });
  const resultsFile = join(testOutput, 'integration-results.json');
  rmSync(resultsFile, { force: true });

  const workspace = copyWorkspace(fixtureWorkspace);
  // The Lint Workspace measurement: 10,000 files are the figure; CI may lower it.
  const smallFiles = Number(process.env.THREADLIT_IT_LINT_FILES ?? 10_000);
  const generated = generateLintWorkspace(join(workspace.path, 'generated'), smallFiles, 2, 5 * 1024 * 1024);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startCodeServer({
      logFile: join(testOutput, 'integration-code-server.log'),
      env: {
        THREADLIT_IT_WORKSPACE: workspace.path,
        THREADLIT_IT_RESULTS: resultsFile,
        THREADLIT_IT_GENERATED: JSON.stringify(generated),
        // Strict mode: the extension fails loudly on internal drift instead of degrading.
        THREADLIT_STRICT: '1',
        ...(grep ? { THREADLIT_IT_GREP: grep } : {}),
      },
    });
    browser = await launchBrowser();
    const { page } = browser;

    let settle: (code: number) => void = () => {};
    const exitCode = new Promise<number>((resolve) => (settle = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => settle(code));
    // Everything the page logs goes to a file; from the test index's start marker on, also to stdout
    // (that is the extension host's console: mocha's report and the tests' figures).
    const consoleLog = createWriteStream(join(testOutput, 'integration-console.log'));
    let forwarding = false;
    page.on('console', (message) => {
      void consoleText(message).then((text) => {
        consoleLog.write(text + '\n');
        if (text.includes(START_MARKER)) forwarding = true;
        // Resource errors are the workbench's and webviews' noise; they stay in the log file.
        else if ((forwarding && !text.startsWith('Failed to load resource')) || process.env.THREADLIT_IT_ALLCONSOLE) {
          process.stdout.write(`  ${text}\n`);
        }
      });
    });
    page.on('pageerror', (err) => process.stderr.write(`[page error] ${err.message}\n`));

    const payload: [string, string][] = [
      ['extensionDevelopmentPath', server.remoteUri(repoRoot)],
      ['extensionTestsPath', server.remoteUri(join(integrationOut, 'index.js'))],
    ];
    await page.goto(server.workbenchUrl(workspace.path, payload));
    const code = await withTimeout(exitCode, RUN_TIMEOUT_MS, 'the extension-host tests to finish');

    const stats = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Stats) : undefined;
    const summary = stats ? `${stats.passes} passing, ${stats.failures} failing` : 'no results file';
    process.stdout.write(`integration: ${summary}; exit ${code}; ${((Date.now() - started) / 1000).toFixed(1)} s total\n`);
    if (!stats || stats.tests === 0) return 1;
    return code === 0 && stats.failures === 0 ? 0 : 1;
  } finally {
    server?.collectLogs(join(testOutput, 'integration-logs'));
    await browser?.close().catch((err: unknown) => process.stderr.write(`closing chromium: ${String(err)}\n`));
    await server?.stop().catch((err: unknown) => process.stderr.write(`stopping code-server: ${String(err)}\n`));
    workspace.dispose();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`integration: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);

// Extension-host test entry (the vscode-test contract): VS Code calls run() and exits with its outcome.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { START_MARKER } from './marker';

export function run(): Promise<void> {
  console.log(START_MARKER);
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: 60_000,
    forbidOnly: true,
    forbidPending: true,
    ...(process.env.THREADLIT_IT_GREP ? { grep: process.env.THREADLIT_IT_GREP } : {}),
  });
  const suiteDir = join(__dirname, 'suite');
  for (const name of readdirSync(suiteDir).sort()) {
    if (name.endsWith('.test.js')) mocha.addFile(join(suiteDir, name));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats ?? { passes: 0, failures, pending: 0, tests: 0 };
      // The harness reads this file for its summary; the console is forwarded only best-effort.
      const resultsFile = process.env.THREADLIT_IT_RESULTS;
      if (resultsFile) writeFileSync(resultsFile, JSON.stringify(stats));
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}

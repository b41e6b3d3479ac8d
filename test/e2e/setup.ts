// Mocha global setup for the e2e suite: start every run with an empty screenshot folder.
import { rmSync } from 'node:fs';
import { screenshotDir } from './workbench';

export function mochaGlobalSetup(): void {
  rmSync(screenshotDir, { recursive: true, force: true });
}

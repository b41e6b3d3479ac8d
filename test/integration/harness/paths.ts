// Well-known paths of the repository and its test tools, shared by the integration and e2e harnesses.
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..', '..');
export const codeServerEntry = join(repoRoot, '.tools', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const chromiumPath = process.env.THREADLIT_CHROMIUM ?? '/usr/bin/chromium';
export const fixtureWorkspace = join(repoRoot, 'test', 'fixtures', 'workspace');
export const testOutput = join(repoRoot, 'test-output');
export const integrationOut = join(repoRoot, 'out', 'integration');

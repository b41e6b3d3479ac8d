// Copies a fixture workspace into a temp directory, so tests may edit files freely.
import { cpSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempWorkspace {
  readonly path: string;
  dispose(): void;
}

export function copyWorkspace(source: string, name = 'workspace'): TempWorkspace {
  // realpath: VS Code reports resolved paths, and tests compare against this one.
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'threadlit-ws-')));
  const path = join(root, name);
  cpSync(source, path, { recursive: true });
  return { path, dispose: () => rmSync(root, { recursive: true, force: true, maxRetries: 3 }) };
}

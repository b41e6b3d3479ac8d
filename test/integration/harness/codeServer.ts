// Starts an isolated code-server (real VS Code 1.100) on a free 127.0.0.1 port and stops it
// with its whole process group. Nothing is written outside a fresh temp directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeServerEntry } from './paths';
import { pollUntil } from './wait';

export interface CodeServerOptions {
  /** Extra environment for code-server; its extension host inherits it (how tests get their settings). */
  env?: Record<string, string>;
  /** User settings merged over the harness defaults. */
  settings?: Record<string, unknown>;
  /** Keep workspace trust on (default: off, everything trusted). */
  workspaceTrust?: boolean;
  /** Where code-server's own output goes. */
  logFile: string;
}

export interface CodeServer {
  /** code-server's process id (its extension host and their children descend from it). */
  readonly pid: number;
  readonly port: number;
  readonly origin: string;
  /** Scratch directory of this instance (user data, extensions, XDG dirs); removed by stop(). */
  readonly baseDir: string;
  /** URL of the workbench for `folder`, optionally with a test payload (extensionDevelopmentPath, ...). */
  workbenchUrl(folder: string, payload?: [string, string][]): string;
  /** The `vscode-remote://` form of a local path, as the payload expects. */
  remoteUri(path: string): string;
  /** Copies VS Code's logs (including our "Threadlit" output channel) to `dest`. */
  collectLogs(dest: string): void;
  stop(): Promise<void>;
}

const DEFAULT_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  // Otherwise a toast about some other local port can cover the UI.
  'remote.autoForwardPorts': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
  'files.autoSave': 'off',
};

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  if (!existsSync(codeServerEntry)) {
    throw new Error(`code-server is not installed (${codeServerEntry}); run scripts/install-code-server.sh`);
  }
  const baseDir = mkdtempSync(join(tmpdir(), 'threadlit-cs-'));
  const port = await freePort();
  const dirs = {
    userData: join(baseDir, 'user-data'),
    extensions: join(baseDir, 'extensions'),
    xdgConfig: join(baseDir, 'xdg-config'),
    xdgData: join(baseDir, 'xdg-data'),
    xdgCache: join(baseDir, 'xdg-cache'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(
    join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...options.settings }, null, 2),
  );
  const config = join(baseDir, 'config.yaml');
  writeFileSync(
    config,
    [
      `bind-addr: 127.0.0.1:${port}`,
      'auth: none',
      'cert: false',
      'disable-telemetry: true',
      'disable-update-check: true',
      ...(options.workspaceTrust ? [] : ['disable-workspace-trust: true']),
      'disable-getting-started-override: true',
      '',
    ].join('\n'),
  );

  const log = createWriteStream(options.logFile, { flags: 'a' });
  // Own process group, so stop() can end code-server, its extension host and anything they spawned.
  const child = spawn(
    process.execPath,
    [codeServerEntry, '--config', config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        XDG_CONFIG_HOME: dirs.xdgConfig,
        XDG_DATA_HOME: dirs.xdgData,
        XDG_CACHE_HOME: dirs.xdgCache,
        EXTENSIONS_GALLERY: '{"serviceUrl":""}',
        ...options.env,
      },
    },
  );
  const pgid = child.pid;
  if (pgid !== undefined) running.add(pgid);
  installExitGuard();
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const origin = `http://127.0.0.1:${port}`;
  const server: CodeServer = {
    pid: child.pid ?? -1,
    port,
    origin,
    baseDir,
    workbenchUrl(folder, payload) {
      const query = new URLSearchParams({ folder });
      if (payload) query.set('payload', JSON.stringify(payload));
      return `${origin}/?${query.toString()}`;
    },
    remoteUri: (path) => `vscode-remote://127.0.0.1:${port}${path}`,
    collectLogs(dest) {
      const logs = join(dirs.userData, 'logs');
      if (!existsSync(logs)) return;
      rmSync(dest, { recursive: true, force: true });
      cpSync(logs, dest, { recursive: true, preserveTimestamps: true });
    },
    stop: () => stopGroup(child, exited).finally(() => {
      if (pgid !== undefined) running.delete(pgid);
      log.end();
      rmSync(baseDir, { recursive: true, force: true, maxRetries: 3 });
    }),
  };

  try {
    let exitedEarly = false;
    void exited.then(() => (exitedEarly = true));
    await pollUntil(
      'code-server /healthz',
      async () => {
        if (exitedEarly) throw new Error(`code-server exited early; see ${options.logFile}`);
        const res = await fetch(`${origin}/healthz`);
        return res.ok ? true : undefined;
      },
      30_000,
      100,
    );
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}

/** Process groups of code-servers not stopped yet: killed if the harness itself is ended. */
const running = new Set<number>();
let guardInstalled = false;

/**
 * code-server runs in a process group of its own, so it would outlive a harness killed by
 * Ctrl+C or `timeout`: on exit or those signals, kill every group still running.
 */
function installExitGuard(): void {
  if (guardInstalled) return;
  guardInstalled = true;
  const killAll = () => {
    for (const pgid of running) signalGroup(pgid, 'SIGKILL');
    running.clear();
  };
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
}

/** Terminates the process group, escalating to SIGKILL if it has not emptied within a few seconds. */
async function stopGroup(child: ChildProcess, exited: Promise<void>): Promise<void> {
  const pgid = child.pid;
  if (pgid === undefined) return;
  signalGroup(pgid, 'SIGTERM');
  try {
    await pollUntil('code-server process group to exit', () => (groupAlive(pgid) ? undefined : true), 5_000, 50);
  } catch {
    signalGroup(pgid, 'SIGKILL');
    await pollUntil('code-server process group to die', () => (groupAlive(pgid) ? undefined : true), 5_000, 50);
  }
  await exited;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}

/** The live descendants of `pid` (Linux /proc), breadth first, with their command lines. */
export function descendants(pid: number): { pid: number; command: string }[] {
  const children = new Map<number, number[]>();
  const commands = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue;
      const ppid = Number(fields[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
      commands.set(Number(entry), readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim());
    } catch {
      // The process ended while we looked.
    }
  }
  const result: { pid: number; command: string }[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length > 0) {
    const next = queue.shift() as number;
    result.push({ pid: next, command: commands.get(next) ?? '' });
    queue.push(...(children.get(next) ?? []));
  }
  return result;
}

/** Command lines of the live descendants of `pid`, e.g. to find a worker process. */
export function descendantCommands(pid: number): string[] {
  return descendants(pid).map((d) => d.command);
}

/** True while a live (non-zombie) process is in the group; zombies may never be reaped in a container. */
export function groupAlive(pgid: number): boolean {
  if (!existsSync('/proc')) {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // Fields after the parenthesised command: state ppid pgrp ...
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] !== 'Z' && Number(fields[2]) === pgid) return true;
  }
  return false;
}

/** A port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

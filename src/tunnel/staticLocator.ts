// Finds the built frontend (`static/`) of the Streamlit install that runs the app, by asking the
// app's own interpreter: the frontend must match the server's version exactly, and the extension
// host cannot guess which of several installs an interpreter imports.

import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Streamlit's built frontend: where it is and what its index.html loads. */
export interface StreamlitFrontend {
  version: string;
  /** Absolute path of the package's `static/` folder. */
  staticDir: string;
  /** Paths relative to `staticDir`, in index.html's order. */
  entryScript: string;
  modulePreloads: string[];
  stylesheets: string[];
}

/** Why the frontend cannot be used; the panel falls back to the iframe transport with this text. */
export class FrontendNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrontendNotFoundError';
  }
}

const PROBE = [
  'import json, os, streamlit',
  "print(json.dumps({'version': streamlit.__version__, 'static': os.path.join(os.path.dirname(os.path.abspath(streamlit.__file__)), 'static')}))",
].join('\n');

export interface LocateOptions {
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** Asks `python` where its Streamlit is and reads that install's index.html. */
export async function locateStreamlitFrontend(python: string, options: LocateOptions = {}): Promise<StreamlitFrontend> {
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(python, ['-c', PROBE], { timeout: options.timeoutMs ?? 20_000, env: options.env ?? process.env, maxBuffer: 1024 * 1024 }, (err, out, errOut) => {
      if (err) reject(new FrontendNotFoundError(`${python} could not import streamlit: ${(errOut || err.message).trim().split('\n').pop() ?? ''}`));
      else resolve(out);
    });
  });
  let answer: unknown;
  try {
    answer = JSON.parse(stdout.trim().split('\n').pop() ?? '');
  } catch {
    throw new FrontendNotFoundError(`unexpected answer from ${python}: ${stdout.slice(0, 200)}`);
  }
  const { version, static: staticDir } = (answer ?? {}) as { version?: unknown; static?: unknown };
  if (typeof version !== 'string' || typeof staticDir !== 'string') throw new FrontendNotFoundError(`unexpected answer from ${python}: ${stdout.slice(0, 200)}`);
  return readFrontend(staticDir, version);
}

/** Reads `staticDir/index.html` and checks that the files it loads exist. */
export function readFrontend(staticDir: string, version: string): StreamlitFrontend {
  const indexPath = join(staticDir, 'index.html');
  if (!existsSync(indexPath)) throw new FrontendNotFoundError(`Streamlit ${version} has no built frontend at ${indexPath}`);
  const assets = parseIndexHtml(readFileSync(indexPath, 'utf8'));
  if (assets.entryScript === undefined) throw new FrontendNotFoundError(`no module script in ${indexPath}: this Streamlit's frontend is laid out differently`);
  for (const file of [assets.entryScript, ...assets.modulePreloads, ...assets.stylesheets]) {
    if (!existsSync(join(staticDir, file))) throw new FrontendNotFoundError(`${indexPath} loads ${file}, which is missing`);
  }
  return { version, staticDir, entryScript: assets.entryScript, modulePreloads: assets.modulePreloads, stylesheets: assets.stylesheets };
}

/** The scripts and styles an index.html loads, as paths relative to its folder. */
export function parseIndexHtml(html: string): { entryScript: string | undefined; modulePreloads: string[]; stylesheets: string[] } {
  const tags = html.match(/<(script|link)\b[^>]*>/gi) ?? [];
  let entryScript: string | undefined;
  const modulePreloads: string[] = [];
  const stylesheets: string[] = [];
  for (const tag of tags) {
    const attr = (name: string): string | undefined => new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`, 'i').exec(tag)?.[1];
    const local = (url: string | undefined): string | undefined => {
      // Only relative files of the package; anything absolute would leave the webview's resources.
      if (url === undefined || /^[a-z][a-z0-9+.-]*:|^\/\//i.test(url)) return undefined;
      const path = url.replace(/^\.\//, '');
      return path.split('/').includes('..') ? undefined : path;
    };
    if (/^<script/i.test(tag) && attr('type') === 'module') entryScript ??= local(attr('src'));
    else if (/^<link/i.test(tag)) {
      const rel = attr('rel');
      const href = local(attr('href'));
      if (href === undefined) continue;
      if (rel === 'modulepreload') modulePreloads.push(href);
      else if (rel === 'stylesheet') stylesheets.push(href);
    }
  }
  return { entryScript, modulePreloads, stylesheets };
}

// `[tool.threadlit]` settings from the nearest pyproject.toml above each checked file.
//
// As with ruff, a pyproject.toml without a [tool.threadlit] table is passed over, so a
// workspace-level table still applies to sub-projects that do not configure Threadlit.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { compileExclude, type ExcludePattern } from './glob';
import { parseSelectors, type Selector } from './selection';

export interface ProjectConfig {
  /** The pyproject.toml this came from. */
  file: string;
  /** `select` as written; undefined when absent (every rule). */
  select: Selector[] | undefined;
  ignore: Selector[];
  exclude: ExcludePattern[];
}

/** A pyproject.toml that cannot be read or whose [tool.threadlit] table is invalid. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const KEYS = new Set(['select', 'ignore', 'exclude']);

/** Finds and parses configs, caching by folder so a big tree reads each pyproject.toml once. */
export class ConfigLoader {
  private readonly byDir = new Map<string, ProjectConfig | null>();

  /** The config that applies to files in `dir` (absolute), or null when there is none. */
  forDirectory(dir: string): ProjectConfig | null {
    const cached = this.byDir.get(dir);
    if (cached !== undefined) return cached;
    const own = this.readIfConfigured(join(dir, 'pyproject.toml'));
    const parent = dirname(dir);
    const config = own !== undefined ? own : parent === dir ? null : this.forDirectory(parent);
    this.byDir.set(dir, config);
    return config;
  }

  /** undefined: no file or no [tool.threadlit] table, so keep looking upward. */
  private readIfConfigured(file: string): ProjectConfig | undefined {
    try {
      if (!statSync(file).isFile()) return undefined;
    } catch {
      return undefined;
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ConfigError(`${file}: cannot read: ${(err as Error).message}`);
    }
    let doc: Record<string, unknown>;
    try {
      doc = parseToml(text) as Record<string, unknown>;
    } catch (err) {
      throw new ConfigError(`${file}: invalid TOML: ${firstLine((err as Error).message)}`);
    }
    const tool = doc['tool'];
    const table = isTable(tool) ? tool['threadlit'] : undefined;
    if (table === undefined) return undefined;
    if (!isTable(table)) throw new ConfigError(`${file}: [tool.threadlit] must be a table`);
    return parseTable(file, table);
  }
}

function parseTable(file: string, table: Record<string, unknown>): ProjectConfig {
  for (const key of Object.keys(table)) {
    if (!KEYS.has(key)) throw new ConfigError(`${file}: unknown key '${key}' in [tool.threadlit] (known: ${[...KEYS].join(', ')})`);
  }
  const strings = (key: string): string[] | undefined => {
    const value = table[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
      throw new ConfigError(`${file}: [tool.threadlit] ${key} must be an array of strings`);
    }
    return value as string[];
  };
  const codes = (key: string): Selector[] | undefined => {
    const list = strings(key);
    if (list === undefined) return undefined;
    try {
      return parseSelectors(list, `${file}: [tool.threadlit] ${key}`);
    } catch (err) {
      throw new ConfigError((err as Error).message);
    }
  };
  const base = dirname(file);
  return {
    file,
    select: codes('select'),
    ignore: codes('ignore') ?? [],
    exclude: (strings('exclude') ?? []).map((glob) => compileExclude(glob, base)),
  };
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

// A tiny, generic command-line parser shared by the `threadlit` subcommands.
//
// Supports `--name value`, `--name=value`, short aliases (`-h`), repeatable comma-separated
// lists (`--select TL001,TL002 --select TL004`), `--` to end options, and a generated
// options table for `--help`. Errors are `UsageError`s so callers can exit with code 2.

export type OptionKind = 'boolean' | 'string' | 'list';

export interface OptionSpec {
  kind: OptionKind;
  /** One-letter alias without the dash, e.g. `h` for `-h`. */
  short?: string;
  /** Allowed values of a `string` option. */
  choices?: readonly string[];
  /** Placeholder shown in help, e.g. `CODES`. */
  valueName?: string;
  /** One line for the help table. */
  description: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** The parsed value of each option: booleans default to false, lists to [], strings to undefined. */
export type OptionValues<S extends OptionSpecs> = {
  -readonly [K in keyof S]: S[K]['kind'] extends 'boolean' ? boolean : S[K]['kind'] extends 'list' ? string[] : string | undefined;
};

export interface ParsedArgs<S extends OptionSpecs> {
  options: OptionValues<S>;
  positionals: string[];
}

/** A mistake on the command line; the message is meant for the user as is. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseArgs<S extends OptionSpecs>(argv: readonly string[], specs: S): ParsedArgs<S> {
  const values: Record<string, boolean | string | string[] | undefined> = {};
  for (const [name, spec] of Object.entries(specs)) {
    values[name] = spec.kind === 'boolean' ? false : spec.kind === 'list' ? [] : undefined;
  }
  const byShort = new Map<string, string>();
  for (const [name, spec] of Object.entries(specs)) if (spec.short) byShort.set(spec.short, name);

  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    // A lone '-' conventionally means stdin; treat it as a positional and let the command decide.
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    let name: string | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq === -1 ? undefined : arg.slice(eq + 1);
    } else if (arg.length === 2) {
      name = byShort.get(arg.slice(1));
    }
    const spec = name === undefined ? undefined : specs[name];
    if (name === undefined || spec === undefined) throw new UsageError(`unknown option '${arg}'`);

    if (spec.kind === 'boolean') {
      if (inline !== undefined) throw new UsageError(`option '--${name}' takes no value`);
      values[name] = true;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) throw new UsageError(`option '--${name}' needs a value`);
      value = next;
      i++;
    }
    if (spec.kind === 'string') {
      if (spec.choices && !spec.choices.includes(value)) {
        throw new UsageError(`option '--${name}' must be one of ${spec.choices.join(', ')} (got '${value}')`);
      }
      values[name] = value;
    } else {
      const list = values[name] as string[];
      list.push(...splitList(value));
    }
  }
  return { options: values as OptionValues<S>, positionals };
}

/** Splits `a,b, c` into trimmed, non-empty items. */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** Renders the options as an aligned help table, one option a line. */
export function formatOptions(specs: OptionSpecs): string {
  const rows = Object.entries(specs).map(([name, spec]) => {
    const short = spec.short ? `-${spec.short}, ` : '    ';
    const value = spec.kind === 'boolean' ? '' : ` ${spec.valueName ?? (spec.choices ? spec.choices.join('|') : 'VALUE')}`;
    return [`  ${short}--${name}${value}`, spec.description] as const;
  });
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return rows.map(([left, right]) => left.padEnd(width) + right).join('\n');
}

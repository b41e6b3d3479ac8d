// Shared setup for the analyzer tests: strict mode (unknown node kinds and rule crashes throw),
// the loaded analyzer, and fixture expectations (`# error: TL001, TL004` on the expected line).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAnalyzer, type Analyzer, type Diagnostic } from '../../../src/analyzer';

/**
 * Runs the enclosing suite in strict mode: unknown node kinds and rule crashes throw instead
 * of being skipped. Scoped to our suites so other suites in the same mocha process keep the
 * production behaviour.
 */
export function strictMode(): void {
  let previous: string | undefined;
  before(() => {
    previous = process.env.THREADLIT_STRICT;
    process.env.THREADLIT_STRICT = '1';
  });
  after(() => {
    if (previous === undefined) delete process.env.THREADLIT_STRICT;
    else process.env.THREADLIT_STRICT = previous;
  });
}

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'analyzer');

export function analyzer(): Promise<Analyzer> {
  return loadAnalyzer();
}

export function fixtureFiles(dir = FIXTURES): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.py') && !f.endsWith('.fixed.py'))
    .sort();
}

export function read(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Expected "CODE:line" pairs (1-based lines) from `# error:` comments; throws on a code listed twice. */
export function expectations(source: string): Set<string> {
  const expected = new Set<string>();
  source.split('\n').forEach((text, i) => {
    const match = /#\s*error:\s*([A-Z0-9,\s]+)$/.exec(text);
    if (!match) return;
    for (const code of match[1]!.split(',').map((c) => c.trim()).filter(Boolean)) {
      const key = `${code}:${i + 1}`;
      if (expected.has(key)) throw new Error(`duplicate expectation ${key}`);
      expected.add(key);
    }
  });
  return expected;
}

export function actualPairs(diagnostics: Diagnostic[]): Set<string> {
  return new Set(diagnostics.map((d) => `${d.code}:${d.range.start.line + 1}`));
}

/** The source with line numbers and, under each line, the diagnostics reported on it. */
export function annotate(source: string, diagnostics: Diagnostic[]): string {
  return source
    .split('\n')
    .map((text, i) => {
      const here = diagnostics.filter((d) => d.range.start.line === i);
      const notes = here.map((d) => `      ^ ${d.code} (col ${d.range.start.column + 1}) ${d.message}`);
      return [`${String(i + 1).padStart(4)} | ${text}`, ...notes].join('\n');
    })
    .join('\n');
}

export interface FixtureCase {
  title: string;
  positive: boolean;
  firstLine: number;
  lastLine: number;
  body: string;
}

/** Cases start with `# case+: title` (expects findings) or `# case-: title` (must stay clean). */
export function cases(source: string): FixtureCase[] {
  const lines = source.split('\n');
  const found: FixtureCase[] = [];
  lines.forEach((text, i) => {
    const match = /^#\s*case([+-]):\s*(.+)$/.exec(text);
    if (match) found.push({ title: match[2]!.trim(), positive: match[1] === '+', firstLine: i + 1, lastLine: lines.length, body: '' });
  });
  found.forEach((c, i) => {
    const next = found[i + 1];
    if (next) c.lastLine = next.firstLine - 1;
    c.body = lines.slice(c.firstLine, c.lastLine).join('\n').trim();
  });
  return found;
}

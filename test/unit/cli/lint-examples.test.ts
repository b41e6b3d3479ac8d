// The project's examples/: the correct apps lint clean, every `*_broken.py` variant has findings.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runLint } from './lint-harness';

const REPO = join(__dirname, '..', '..', '..');
const EXAMPLES = join(REPO, 'examples');
// A missing folder yields no cases, and the first test fails instead of the whole suite.
const examples = existsSync(EXAMPLES) ? readdirSync(EXAMPLES).filter((name) => name.endsWith('.py')).sort() : [];

describe('threadlit lint: examples/', () => {
  let byFile: Map<string, string[]>;
  before(async () => {
    const r = await runLint(['--format', 'json', 'examples'], REPO);
    assert.equal(r.stderr, '');
    byFile = new Map();
    for (const f of JSON.parse(r.stdout) as Array<{ file: string; line: number; code: string }>) {
      byFile.set(f.file, [...(byFile.get(f.file) ?? []), `${f.line}: ${f.code}`]);
    }
  });

  it('has both correct apps and broken variants', () => {
    assert.ok(examples.some((name) => name.endsWith('_broken.py')));
    assert.ok(examples.some((name) => !name.endsWith('_broken.py')));
  });

  for (const name of examples) {
    const broken = name.endsWith('_broken.py');
    it(`${name} ${broken ? 'has findings' : 'lints clean'}`, () => {
      const findings = byFile.get(`examples/${name}`) ?? [];
      if (broken) assert.ok(findings.length > 0, 'a broken example must produce findings');
      else assert.deepEqual(findings, []);
    });
  }
});

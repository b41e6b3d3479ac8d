// Structural invariants of the checker: every rule has its file, an up-to-date docs page, a
// fixture that expects it; every analyzer module has a header comment; the docs table from
// "What it must understand" bullets to fixtures points at files with enough cases.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../../src/analyzer';
import { renderRulePage } from '../../../src/analyzer/rules/docsPage';
import { RULE_IMPLEMENTATIONS } from '../../../src/analyzer/rules/registry';
import { analyzer, cases, expectations, fixtureFiles, FIXTURES, read } from './helpers';

const ROOT = join(__dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('analyzer meta', () => {
  it('the registry is sorted with unique codes and names', () => {
    const codes = RULES.map((r) => r.code);
    assert.deepEqual(codes, [...codes].sort());
    assert.equal(new Set(codes).size, codes.length);
    assert.equal(new Set(RULES.map((r) => r.name)).size, RULES.length);
  });

  for (const rule of RULE_IMPLEMENTATIONS) {
    it(`${rule.code} has its rule file, an up-to-date docs page and a fixture`, () => {
      assert.ok(existsSync(join(ROOT, 'src', 'analyzer', 'rules', `${rule.code}-${rule.name}.ts`)), 'rule file');
      const page = join(ROOT, rule.docsPath);
      assert.ok(existsSync(page), `${rule.docsPath} is missing; run npx tsx scripts/gen-rule-docs.ts`);
      assert.equal(readFileSync(page, 'utf8'), renderRulePage(rule), `${rule.docsPath} is out of date; run npx tsx scripts/gen-rule-docs.ts`);
      const expecting = fixtureFiles().filter((f) => [...expectations(read(join(FIXTURES, f)))].some((e) => e.startsWith(`${rule.code}:`)));
      assert.ok(expecting.length > 0, `no fixture expects ${rule.code}`);
    });
  }

  for (const rule of RULE_IMPLEMENTATIONS) {
    it(`${rule.code}'s docs example is flagged and its "use instead" code is clean`, async () => {
      const a = await analyzer();
      const block = (markdown: string): string => {
        const match = /```python\n([\s\S]*?)```/.exec(markdown);
        assert.ok(match, 'no python block');
        return match[1]!;
      };
      const example = block(rule.docs.example);
      assert.ok(a.analyze(example, 'example.py').some((d) => d.code === rule.code), `the example does not produce ${rule.code}`);
      assert.deepEqual(a.analyze(block(rule.docs.useInstead), 'fixed.py'), []);
    });
  }

  it('every analyzer module starts with a header comment', () => {
    for (const file of sourceFiles(join(ROOT, 'src', 'analyzer'))) {
      assert.match(readFileSync(file, 'utf8'), /^\/\/ \S/, `${file} lacks a one-line header comment`);
    }
  });

  it('docs/checker.md maps each bullet to fixtures with at least two positive and two negative cases', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'checker.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| (\d)\. [^|]+\| ([^|]+) \|$/gm)];
    assert.deepEqual(rows.map((r) => r[1]), ['1', '2', '3', '4']);
    for (const row of rows) {
      const files = [...row[2]!.matchAll(/`([\w./-]+\.py)`/g)].map((m) => m[1]!);
      assert.ok(files.length > 0, `bullet ${row[1]} lists no fixture`);
      const all = files.flatMap((f) => {
        assert.ok(existsSync(join(FIXTURES, f)), `${f} (bullet ${row[1]}) does not exist`);
        return cases(read(join(FIXTURES, f)));
      });
      assert.ok(all.filter((c) => c.positive).length >= 2, `bullet ${row[1]}: fewer than two positive cases`);
      assert.ok(all.filter((c) => !c.positive).length >= 2, `bullet ${row[1]}: fewer than two negative cases`);
    }
  });
});

// `--format json` and `--format sarif`: shape, 1-based positions, and what GitHub needs.
import assert from 'node:assert/strict';
import type * as Sarif from 'sarif';
import { RULES } from '../../../src/analyzer';
import { makeTree, removeTree, runLint } from './lint-harness';

describe('threadlit lint: output formats', () => {
  let root: string;
  beforeEach(() => {
    root = makeTree();
  });
  afterEach(() => removeTree(root));

  it('prints a JSON array of findings with 1-based positions, related locations and fixes', async () => {
    const r = await runLint(['--format', 'json', 'pkg'], root);
    assert.equal(r.code, 1);
    const findings = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    assert.deepEqual(
      findings.map((f) => [f.file, f.line, f.column, f.code]),
      [
        ['pkg/unbound_state.py', 8, 12, 'TL002'],
        ['pkg/unbound_write.py', 8, 5, 'TL001'],
      ],
    );
    for (const f of findings) {
      assert.deepEqual(Object.keys(f).sort(), ['code', 'column', 'endColumn', 'endLine', 'file', 'fix', 'line', 'message', 'related', 'severity'].sort());
      assert.equal(typeof f.message, 'string');
      assert.ok(['error', 'warning', 'info'].includes(f.severity as string));
      assert.ok((f.endLine as number) > (f.line as number) || (f.endColumn as number) > (f.column as number));
      const related = f.related as Array<Record<string, unknown>>;
      assert.ok(related.length > 0, 'TL001/TL002 point at where the thread starts');
      for (const rel of related) {
        assert.deepEqual(Object.keys(rel).sort(), ['column', 'file', 'line', 'message']);
        assert.equal(rel.file, f.file);
        assert.ok((rel.line as number) >= 1 && (rel.column as number) >= 1);
      }
      const fix = f.fix as { title: string; edits: Array<Record<string, unknown>> } | null;
      if (fix !== null) {
        assert.equal(typeof fix.title, 'string');
        for (const edit of fix.edits) assert.deepEqual(Object.keys(edit).sort(), ['column', 'endColumn', 'endLine', 'line', 'newText']);
      }
    }
  });

  it('prints an empty JSON array when clean', async () => {
    const r = await runLint(['--format=json', 'clean.py'], root);
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout), []);
  });

  it('prints SARIF 2.1.0 in the shape GitHub code scanning accepts', async () => {
    const r = await runLint(['--format', 'sarif'], root);
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout) as Sarif.Log;
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema ?? '', /sarif-2\.1\.0/);
    assert.equal(log.runs.length, 1);
    const run = log.runs[0] as Sarif.Run;
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.match(run.originalUriBaseIds?.['%SRCROOT%']?.uri ?? '', /^file:\/\/\/.*\/$/);

    const driver = run.tool.driver;
    assert.equal(driver.name, 'Threadlit');
    assert.ok(new URL(driver.informationUri ?? ''));
    const rules = driver.rules ?? [];
    assert.deepEqual(rules.map((rule) => rule.id), RULES.map((rule) => rule.code));
    for (const rule of rules) {
      assert.match(rule.name ?? '', /\S/);
      assert.match(rule.shortDescription?.text ?? '', /\S/);
      assert.match(new URL(rule.helpUri ?? '').pathname, new RegExp(`docs/rules/${rule.id}\\.md$`));
    }

    const results = run.results ?? [];
    assert.deepEqual(results.map((res) => res.ruleId).sort(), ['TL001', 'TL001', 'TL002']);
    for (const res of results) {
      assert.equal(rules[res.ruleIndex ?? -1]?.id, res.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(res.level ?? ''));
      assert.match(res.message.text ?? '', /\S/);
      const locations = [...(res.locations ?? []), ...(res.relatedLocations ?? [])];
      assert.ok((res.locations ?? []).length === 1 && (res.relatedLocations ?? []).length > 0);
      for (const location of locations) {
        const physical = location.physicalLocation;
        assert.equal(physical?.artifactLocation?.uriBaseId, '%SRCROOT%');
        assert.match(physical?.artifactLocation?.uri ?? '', /^(build|pkg)\/[\w.]+\.py$/);
        const region = physical?.region ?? {};
        for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn'] as const) {
          assert.ok(Number.isInteger(region[key]) && (region[key] as number) >= 1, `${key} is a 1-based integer`);
        }
        assert.ok((region.endLine as number) >= (region.startLine as number));
      }
    }
    const write = results.find((res) => res.locations?.[0]?.physicalLocation?.artifactLocation?.uri === 'pkg/unbound_write.py');
    assert.deepEqual(
      [write?.locations?.[0]?.physicalLocation?.region?.startLine, write?.locations?.[0]?.physicalLocation?.region?.startColumn],
      [8, 5],
    );
  });
});

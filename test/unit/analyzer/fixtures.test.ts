// Fixture runner: every `test/fixtures/analyzer/*.py` must produce exactly the (code, line)
// pairs its `# error:` comments name, in both directions; cases are unique and consistent.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { actualPairs, analyzer, annotate, cases, expectations, fixtureFiles, FIXTURES, read, strictMode } from './helpers';

describe('analyzer fixtures', () => {
  strictMode();

  const seenBodies = new Map<string, string>();

  for (const file of fixtureFiles()) {
    it(file, async () => {
      const source = read(join(FIXTURES, file));
      const diagnostics = (await analyzer()).analyze(source, file);
      const expected = expectations(source);
      const actual = actualPairs(diagnostics);
      const missing = [...expected].filter((e) => !actual.has(e));
      const unexpected = [...actual].filter((a) => !expected.has(a));
      if (missing.length > 0 || unexpected.length > 0) {
        assert.fail(`${file}: missing ${JSON.stringify(missing)}, unexpected ${JSON.stringify(unexpected)}\n\n${annotate(source, diagnostics)}`);
      }
      for (const c of cases(source)) {
        const where = `${file}:${c.firstLine} (${c.title})`;
        const inCase = [...expected].some((e) => {
          const line = Number(e.split(':')[1]);
          return line > c.firstLine && line <= c.lastLine;
        });
        assert.equal(inCase, c.positive, `${where}: a case${c.positive ? '+' : '-'} must ${c.positive ? '' : 'not '}expect findings`);
        const other = seenBodies.get(c.body);
        assert.ok(other === undefined, `${where}: duplicate of ${other}`);
        seenBodies.set(c.body, where);
      }
    });
  }
});

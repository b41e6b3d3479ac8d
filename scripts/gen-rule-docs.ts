// Writes docs/rules/TLxxx.md for every registered rule from its rule file.
// Usage: npx tsx scripts/gen-rule-docs.ts [--check]   (--check: exit 1 if a page is out of date)
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderRulePage } from '../src/analyzer/rules/docsPage';
import { RULE_IMPLEMENTATIONS } from '../src/analyzer/rules/registry';

const root = join(__dirname, '..');
const check = process.argv.includes('--check');
let stale = 0;
for (const rule of RULE_IMPLEMENTATIONS) {
  const path = join(root, rule.docsPath);
  const page = renderRulePage(rule);
  const current = existsSync(path) ? readFileSync(path, 'utf8') : null;
  if (current === page) continue;
  if (check) {
    process.stderr.write(`${rule.docsPath} is out of date\n`);
    stale++;
  } else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, page);
    process.stdout.write(`wrote ${rule.docsPath}\n`);
  }
}
process.exitCode = stale > 0 ? 1 : 0;

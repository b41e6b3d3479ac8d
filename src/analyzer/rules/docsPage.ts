// Renders a rule's user documentation page (docs/rules/TLxxx.md) from its rule file.
import type { Rule } from './rule';

export function renderRulePage(rule: Rule): string {
  return [
    '<!-- Generated from src/analyzer/rules by scripts/gen-rule-docs.ts; edit the rule file, then run `npx tsx scripts/gen-rule-docs.ts`. -->',
    `# ${rule.code}: ${rule.name}`,
    '',
    `${rule.summary}. Default severity: ${rule.defaultSeverity}.`,
    '',
    '## What it does',
    '',
    rule.docs.whatItDoes,
    '',
    '## Why is this bad?',
    '',
    rule.docs.whyIsThisBad,
    '',
    '## Example',
    '',
    rule.docs.example,
    '',
    '## Use instead',
    '',
    rule.docs.useInstead,
    '',
    '## Suppressing it',
    '',
    `Add \`# noqa: ${rule.code}\` at the end of the reported line. If you run ruff, add \`lint.external = ["TL"]\` to its settings so \`ruff check --fix\` keeps the comment.`,
    '',
  ].join('\n');
}

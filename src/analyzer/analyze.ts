// Runs every rule over the semantic model of one parsed file, applies `# noqa`, and sorts the findings.
import type { Language } from 'web-tree-sitter';
import { buildModel, type SemanticModel } from './model';
import { isSuppressed, suppressionOnLine, type Suppression } from './noqa';
import { LineIndex } from './positions';
import { RULE_IMPLEMENTATIONS } from './rules/registry';
import type { Node, SyntaxTree } from './syntax';
import type { Diagnostic } from './types';

/**
 * Under `THREADLIT_STRICT=1` (the test suite) unknown node kinds and rule crashes throw;
 * in production the walker descends into unknown nodes and a crashing rule is skipped.
 */
export function strictMode(): boolean {
  return process.env.THREADLIT_STRICT === '1';
}

export function analyzeTree(tree: SyntaxTree, source: string, fileName: string, language: Language): Diagnostic[] {
  try {
    return runRules(tree.rootNode, source, fileName, language);
  } catch (err) {
    // Belt and braces: analysis never throws in production (an editor or CI run must go on).
    if (strictMode()) throw err;
    return [];
  }
}

function runRules(root: Node, source: string, _fileName: string, language: Language): Diagnostic[] {
  const strict = strictMode();
  let model: SemanticModel;
  try {
    model = buildModel(root, source, language, { strictNodes: strict });
  } catch (err) {
    if (strict) throw err;
    return [];
  }
  const diagnostics: Diagnostic[] = [];
  for (const rule of RULE_IMPLEMENTATIONS) {
    try {
      rule.check({
        model,
        report: (d) => diagnostics.push({ code: rule.code, severity: rule.defaultSeverity, ...d }),
      });
    } catch (err) {
      // One broken rule must not hide the others' findings.
      if (strict) throw err;
    }
  }
  if (diagnostics.length === 0) return diagnostics;
  const lines = new LineIndex(source);
  const byLine = new Map<number, Suppression | null>();
  const kept = diagnostics.filter((d) => {
    const line = d.range.start.line;
    if (!byLine.has(line)) byLine.set(line, suppressionOnLine(root, source, lines, line));
    return !isSuppressed(byLine.get(line) ?? null, d.code);
  });
  return kept.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.column - b.range.start.column ||
      a.code.localeCompare(b.code),
  );
}

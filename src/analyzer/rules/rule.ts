// The shape of a checker rule: metadata, user docs, message templates and the check itself.
import type { SemanticModel } from '../model';
import type { Diagnostic, RuleCode, Severity } from '../types';

export interface RuleMeta {
  code: RuleCode;
  /** Stable kebab-case name, named after the pattern it flags. */
  name: string;
  /** One line for listings. */
  summary: string;
  /** Repository-relative path of the rule's page. */
  docsPath: string;
  defaultSeverity: Severity;
}

/** Markdown sections of the rule's page, in ruff's order. */
export interface RuleDocs {
  whatItDoes: string;
  whyIsThisBad: string;
  example: string;
  useInstead: string;
}

export interface RuleContext {
  model: SemanticModel;
  report(diagnostic: Omit<Diagnostic, 'code' | 'severity'>): void;
}

export interface Rule extends RuleMeta {
  docs: RuleDocs;
  /** Message templates with `{placeholder}`s, keyed by message id. */
  messages: Readonly<Record<string, string>>;
  check(context: RuleContext): void;
}

/** Fills `{name}` placeholders of a message template. */
export function format(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

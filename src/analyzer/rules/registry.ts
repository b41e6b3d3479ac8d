// The rule registry, sorted by code. Adding a rule: a file in this folder, an entry here, a docs page (generated), a fixture.
import type { Rule, RuleMeta } from './rule';
import { TL001 } from './TL001-streamlit-call-in-unbound-thread';
import { TL002 } from './TL002-session-state-in-unbound-thread';
import { TL003 } from './TL003-misplaced-context-binding';
import { TL004 } from './TL004-context-thread-may-outlive-run';

export type { RuleMeta };

/** Every rule with its check, in code order. */
export const RULE_IMPLEMENTATIONS: readonly Rule[] = [TL001, TL002, TL003, TL004];

/** Public metadata of every rule, in code order. */
export const RULES: readonly RuleMeta[] = RULE_IMPLEMENTATIONS.map(({ code, name, summary, docsPath, defaultSeverity }) => ({
  code,
  name,
  summary,
  docsPath,
  defaultSeverity,
}));

// Which rule codes a file reports: --select/--ignore and [tool.threadlit] select/ignore.
//
// A selector is a rule code or a prefix of codes (`TL` means all, `TL00` the first nine),
// as in ruff. A code is reported when some select selector matches it and no ignore does.
import { RULES, type RuleCode } from '../../analyzer';
import { UsageError } from '../args';

export type Selector = string;

const KNOWN_CODES: readonly string[] = RULES.map((rule) => rule.code);

/** Validates selectors; `origin` names where they came from, for the error message. */
export function parseSelectors(values: readonly string[], origin: string): Selector[] {
  return values.map((raw) => {
    const selector = raw.trim().toUpperCase();
    if (selector.length === 0 || !KNOWN_CODES.some((code) => code.startsWith(selector))) {
      throw new UsageError(`${origin}: unknown rule code '${raw}' (known: ${KNOWN_CODES.join(', ')})`);
    }
    return selector;
  });
}

export class RuleSelection {
  private readonly enabled: ReadonlySet<string>;

  /** `select` empty means every rule. */
  constructor(select: readonly Selector[], ignore: readonly Selector[]) {
    const matches = (code: string, selectors: readonly Selector[]) => selectors.some((s) => code.startsWith(s));
    this.enabled = new Set(
      KNOWN_CODES.filter((code) => (select.length === 0 || matches(code, select)) && !matches(code, ignore)),
    );
  }

  has(code: RuleCode): boolean {
    return this.enabled.has(code);
  }

  /** The enabled codes, in registry order. */
  get codes(): RuleCode[] {
    return KNOWN_CODES.filter((code) => this.enabled.has(code)) as RuleCode[];
  }

  /** A stable key, so files with the same effective selection can share work. */
  get key(): string {
    return [...this.enabled].sort().join(',');
  }
}

// Shared by TL001 and TL002: the worker uses of one kind that run without a bound context,
// each with the threads to point at and the binding fix (when one thread runs the worker).
import { unboundUses, type SemanticModel } from '../model';
import type { StreamlitUse } from '../model/workers';
import { bindingFix } from '../threadFixes';
import type { Fix, RelatedLocation } from '../types';
import { originLocations } from './originText';

export interface UnboundFinding {
  use: StreamlitUse;
  related: RelatedLocation[];
  fix: Fix | undefined;
}

export function* unboundFindings(model: SemanticModel, kind: StreamlitUse['kind']): Generator<UnboundFinding> {
  for (const worker of model.workers.values()) {
    const uses = unboundUses(worker).filter((u) => u.kind === kind);
    if (uses.length === 0) continue;
    const related = originLocations(worker.unboundBy);
    // With several threads running the same code there is no single thread to bind.
    const only = worker.unboundBy.size === 1 ? [...worker.unboundBy][0] : undefined;
    const fix = only ? bindingFix(model, only) : undefined;
    for (const use of uses) yield { use, related, fix };
  }
}

// Applies the fixes of a set of diagnostics to a source text: non-overlapping, each fix whole or not at all.
import { LineIndex } from './positions';
import type { Diagnostic } from './types';

interface OffsetEdit {
  start: number;
  end: number;
  text: string;
  order: number;
}

/**
 * Applies every fix that does not overlap one already taken, in diagnostic order. Several
 * diagnostics may carry the same edit (one import, one join for a whole loop of threads);
 * identical edits are applied once. Returns the new text and the number of fixes applied.
 */
export function applyFixes(source: string, diagnostics: readonly Diagnostic[]): { text: string; applied: number } {
  const index = new LineIndex(source);
  const accepted: OffsetEdit[] = [];
  let applied = 0;
  for (const diagnostic of diagnostics) {
    const fix = diagnostic.fix;
    if (!fix || fix.edits.length === 0) continue;
    const edits = fix.edits.map((e) => ({
      start: index.offsetAt(e.range.start),
      end: index.offsetAt(e.range.end),
      text: e.newText,
      order: 0,
    }));
    const fresh = edits.filter((e) => !accepted.some((a) => a.start === e.start && a.end === e.end && a.text === e.text));
    if (fresh.some((e, i) => fresh.some((o, j) => j !== i && overlaps(e, o)) || accepted.some((a) => overlaps(a, e)))) continue;
    for (const e of fresh) accepted.push({ ...e, order: accepted.length });
    applied++;
  }
  // Apply from the end so earlier offsets stay valid; at one offset, the first accepted text comes first.
  accepted.sort((a, b) => b.start - a.start || b.order - a.order);
  let text = source;
  for (const e of accepted) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  return { text, applied };
}

function overlaps(a: OffsetEdit, b: OffsetEdit): boolean {
  if (a.start === a.end && b.start === b.end) return false; // two insertions never clash
  if (a.start === a.end) return b.start < a.start && a.start < b.end;
  if (b.start === b.end) return a.start < b.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

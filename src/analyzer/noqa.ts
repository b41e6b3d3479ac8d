// `# noqa` suppression, ruff style: `# noqa: TL001, TL002` suppresses those codes on its line, a bare `# noqa` all.
import { navigatorOf } from './navigator';
import type { LineIndex } from './positions';
import type { Node } from './syntax';

/** Codes suppressed on a line; 'all' for a bare `# noqa`. */
export type Suppression = Set<string> | 'all';

const NOQA = /#\s*noqa(?::\s*([A-Za-z]+[0-9]+(?:\s*,\s*[A-Za-z]+[0-9]+)*))?/i;

/** Parses a comment's text (not source code) for a noqa directive. */
export function parseNoqa(comment: string): Suppression | null {
  const match = NOQA.exec(comment);
  if (!match) return null;
  if (!match[1]) return 'all';
  return new Set(match[1].split(',').map((code) => code.trim().toUpperCase()));
}

/**
 * Reads the comment on a line from the syntax tree (a `#` inside a string is not a comment).
 * Only lines with diagnostics are asked, so files without findings never pay for this.
 */
export function suppressionOnLine(root: Node, source: string, lines: LineIndex, line: number): Suppression | null {
  const start = lines.lineStart(line);
  const end = line + 1 < lines.lineCount ? lines.lineStart(line + 1) : source.length;
  for (let hash = source.indexOf('#', start); hash >= 0 && hash < end; hash = source.indexOf('#', hash + 1)) {
    const comment = navigatorOf(root).nodeStartingAt(hash, 'comment');
    if (comment) return parseNoqa(comment.text);
  }
  return null;
}

export function isSuppressed(suppression: Suppression | null, code: string): boolean {
  return suppression === 'all' || (suppression !== null && suppression.has(code));
}

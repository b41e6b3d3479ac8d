// Builds the edit that suppresses a rule on one line with `# noqa: CODE` (pure, ruff's syntax).
//
// Only the given line is scanned: we find where its comment starts (a `#` outside string
// literals) and edit inside that comment, so `#` characters in strings are never touched.
import type { TextEdit } from '../analyzer/types';

/** Where a line's trailing comment starts, or why no comment can be added. */
type CommentScan = { kind: 'comment'; start: number } | { kind: 'none' } | { kind: 'unsafe' };

/**
 * The edit that adds `code` to the `# noqa` list of line `line` (whose text, without its end of
 * line, is `text`), or `undefined` when nothing should change: the line already suppresses the
 * code (or everything, with a bare `# noqa`), or a comment cannot go at its end (it continues with
 * a backslash or inside a string).
 */
export function noqaEdit(text: string, line: number, code: string): TextEdit | undefined {
  const scan = scanComment(text);
  if (scan.kind === 'unsafe') return undefined;
  const content = text.trimEnd();
  const appendComment = (): TextEdit => ({
    range: { start: { line, column: content.length }, end: { line, column: text.length } },
    newText: `${content.length > 0 ? '  ' : ''}# noqa: ${code}`,
  });
  if (scan.kind === 'none') return appendComment();

  const comment = text.slice(scan.start);
  const directive = findNoqa(comment);
  if (!directive) return appendComment();
  if (directive.codes === undefined) return undefined; // Bare `# noqa` already suppresses every rule.
  if (directive.codes.some((c) => c.toUpperCase() === code.toUpperCase())) return undefined;

  if (directive.codes.length === 0) {
    const at = scan.start + directive.listEnd;
    return { range: { start: { line, column: at }, end: { line, column: at } }, newText: ` ${code}` };
  }
  // Rewrite the list comma-separated: ruff and our analyzer read `E501 F401` as just `E501`.
  return {
    range: { start: { line, column: scan.start + directive.listStart }, end: { line, column: scan.start + directive.listEnd } },
    newText: [...directive.codes, code].join(', '),
  };
}

interface NoqaDirective {
  /** `undefined` for a bare `# noqa`; empty for `# noqa:` without codes. */
  codes: string[] | undefined;
  /** Offsets in the comment of the code list (both right after the colon when it is empty). */
  listStart: number;
  listEnd: number;
}

const NOQA = /#\s*noqa\b(:)?/i;
const CODE_LIST = /^[ \t]*([A-Za-z]+[0-9]+(?:(?:[ \t]*,[ \t]*|[ \t]+)[A-Za-z]+[0-9]+)*)?/;

function findNoqa(comment: string): NoqaDirective | undefined {
  const match = NOQA.exec(comment);
  if (!match) return undefined;
  const afterDirective = match.index + match[0].length;
  if (!match[1]) return { codes: undefined, listStart: afterDirective, listEnd: afterDirective };
  const list = CODE_LIST.exec(comment.slice(afterDirective));
  const codesText = list?.[1];
  if (!list || codesText === undefined) return { codes: [], listStart: afterDirective, listEnd: afterDirective };
  const listEnd = afterDirective + list[0].length;
  return {
    codes: codesText.split(/[\s,]+/).filter((c) => c.length > 0),
    listStart: listEnd - codesText.length,
    listEnd,
  };
}

/** Scans one Python line for the `#` that starts its comment, skipping string literals. */
export function scanComment(text: string): CommentScan {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote !== undefined) {
      if (ch === '\\') {
        i++; // An escaped character (even in raw strings, a backslash keeps the quote in the string).
      } else if (text.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = undefined;
      }
      continue;
    }
    if (ch === '#') return { kind: 'comment', start: i };
    if (ch === '"' || ch === "'") {
      const triple = ch.repeat(3);
      quote = text.startsWith(triple, i) ? triple : ch;
      i += quote.length - 1;
    }
  }
  // Still inside a string (a triple-quoted one continues on the next line) or a backslash
  // continuation: a comment here would change the program or break it.
  if (quote !== undefined || text.trimEnd().endsWith('\\')) return { kind: 'unsafe' };
  return { kind: 'none' };
}

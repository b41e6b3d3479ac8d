// Exclude globs, matched like .gitignore lines: a pattern without '/' matches any file or
// folder name at any depth; a pattern with '/' matches the path from the pattern's base.
//
// Syntax: `*` any run within a name, `?` one character, `[abc]` a class, `**` any number
// of folders. A folder that matches excludes everything below it.
import { isAbsolute, relative, sep } from 'node:path';

export interface ExcludePattern {
  /** The glob as written, for messages. */
  source: string;
  /** Absolute folder the pattern is relative to (the pyproject.toml's folder, or the cwd). */
  base: string;
  regex: RegExp;
  /** True when the pattern matches single names at any depth. */
  anyDepth: boolean;
}

export function compileExclude(pattern: string, base: string): ExcludePattern {
  let body = pattern.trim().replace(/\\/g, '/');
  if (body.startsWith('./')) body = body.slice(2);
  while (body.length > 1 && body.endsWith('/')) body = body.slice(0, -1);
  const anyDepth = !body.includes('/');
  if (body.startsWith('/')) body = body.slice(1);
  return { source: pattern, base, regex: new RegExp(`^${globToRegex(body)}$`), anyDepth };
}

/** True when `absPath` or one of its folders below a pattern's base matches the pattern. */
export function isExcluded(absPath: string, patterns: readonly ExcludePattern[]): boolean {
  for (const pattern of patterns) {
    const rel = relative(pattern.base, absPath);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) continue;
    const parts = rel.split(sep);
    if (pattern.anyDepth) {
      if (parts.some((part) => pattern.regex.test(part))) return true;
    } else {
      for (let n = 1; n <= parts.length; n++) {
        if (pattern.regex.test(parts.slice(0, n).join('/'))) return true;
      }
    }
  }
  return false;
}

function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches zero or more folders; a trailing or inner `**` matches anything.
        if (glob[i + 2] === '/') {
          out += '(?:.*/)?';
          i += 2;
        } else {
          out += '.*';
          i += 1;
        }
      } else {
        out += '[^/]*';
      }
    } else if (ch === '?') {
      out += '[^/]';
    } else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
      } else {
        let cls = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
        if (cls.startsWith('!')) cls = '^' + cls.slice(1);
        out += `[${cls}]`;
        i = close;
      }
    } else {
      out += /[.+^${}()|\\\]]/.test(ch) ? '\\' + ch : ch;
    }
  }
  return out;
}

// Public API of the thread-context checker: load once, then analyze sources or open documents.
import { analyzeTree } from './analyze';
import { openDocument } from './document';
import { loadParser } from './parser';
import type { Diagnostic } from './types';

export * from './types';
export { applyFixes } from './fixes';
export { RULES, type RuleMeta } from './rules/registry';
export { mentionsStreamlit } from './mentions';

export interface Analyzer {
  /** Full analysis; never throws (syntax errors: analyze what parses). */
  analyze(source: string, fileName: string): Diagnostic[];
  /** Editor form: keeps the tree and re-parses incrementally after edits. */
  openDocument(source: string, fileName: string): AnalyzedDocument;
}

export type { AnalyzedDocument } from './document';
import type { AnalyzedDocument } from './document';

let cached: Promise<Analyzer> | undefined;

/** Loads web-tree-sitter and the Python grammar once; later calls return the same analyzer. */
export function loadAnalyzer(options: { wasmDir?: string } = {}): Promise<Analyzer> {
  if (!cached) {
    cached = loadParser(options.wasmDir).then(
      (loaded): Analyzer => ({
        analyze(source, fileName) {
          const tree = loaded.parser.parse(source);
          if (!tree) return [];
          try {
            return analyzeTree(tree, source, fileName, loaded.language);
          } finally {
            // Trees live in wasm memory; free them as soon as the diagnostics are built.
            tree.delete();
          }
        },
        openDocument: (source, fileName) => openDocument(loaded, source, fileName),
      }),
      (err: unknown) => {
        cached = undefined;
        throw err;
      },
    );
  }
  return cached;
}

// Loads web-tree-sitter and the Python grammar once per process and hands out the shared parser.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

const RUNTIME_WASM = 'tree-sitter.wasm';
const PYTHON_WASM = 'tree-sitter-python.wasm';

export interface LoadedParser {
  parser: Parser;
  language: Language;
}

let loading: Promise<LoadedParser> | undefined;

/** Loads the parser; concurrent and later calls share the first load. */
export function loadParser(wasmDir?: string): Promise<LoadedParser> {
  if (!loading) {
    loading = load(wasmDir).catch((err: unknown) => {
      // A failed load must not poison later attempts (e.g. a wrong wasmDir).
      loading = undefined;
      throw err;
    });
  }
  return loading;
}

async function load(wasmDir?: string): Promise<LoadedParser> {
  const runtimeWasm = locate(RUNTIME_WASM, wasmDir, () => dirname(require.resolve('web-tree-sitter')));
  const pythonWasm = locate(PYTHON_WASM, wasmDir, () => dirname(require.resolve('tree-sitter-python/package.json')));
  await Parser.init({ locateFile: () => runtimeWasm });
  const language = await Language.load(pythonWasm);
  const parser = new Parser();
  parser.setLanguage(language);
  return { parser, language };
}

/**
 * Finds a wasm file: the explicit directory first, then next to this bundle (dist/ at run
 * time), then the installed npm package (tests and tsx).
 */
function locate(file: string, wasmDir: string | undefined, packageDir: () => string): string {
  const candidates: string[] = [];
  if (wasmDir) candidates.push(join(wasmDir, file));
  if (typeof __dirname === 'string') candidates.push(join(__dirname, file));
  try {
    candidates.push(join(packageDir(), file));
  } catch {
    // Not resolvable from here (e.g. a bundle shipped without node_modules).
  }
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`threadlit: cannot find ${file} (looked in: ${candidates.join(', ')})`);
  return found;
}

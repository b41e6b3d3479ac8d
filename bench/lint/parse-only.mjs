// Benchmark baseline (a): read and tree-sitter-parse every file given, nothing else.
// Usage: node bench/lint/parse-only.mjs FOLDER LIST_FILE   (LIST_FILE: one relative path a line)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

const require = createRequire(import.meta.url);
const [folder, listFile] = process.argv.slice(2);
const files = readFileSync(listFile, 'utf8').split('\n').filter(Boolean);

await Parser.init({ locateFile: () => join(dirname(require.resolve('web-tree-sitter')), 'tree-sitter.wasm') });
const python = await Language.load(join(dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'));
const parser = new Parser();
parser.setLanguage(python);

const decoder = new TextDecoder('utf-8', { fatal: true });
let nodes = 0;
for (const rel of files) {
  const tree = parser.parse(decoder.decode(readFileSync(join(folder, rel))));
  nodes += tree.rootNode.descendantCount;
  tree.delete();
}
process.stdout.write(`${files.length} files, ${nodes} nodes\n`);

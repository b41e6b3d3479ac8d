import { readFileSync } from 'node:fs';
import { loadParser } from '../src/analyzer/parser';
import { collectFacts } from '../src/analyzer/collect';
import { Names } from '../src/analyzer/model/names';
import { Functions } from '../src/analyzer/model/functions';
import { ThreadModel } from '../src/analyzer/model/threads';
import { buildModel } from '../src/analyzer/model';
import { RULE_IMPLEMENTATIONS } from '../src/analyzer/rules/registry';
(async () => {
  const { parser, language } = await loadParser();
  const parts = ['binding.py', 'handles.py', 'workers.py', 'outlive.py'].map(f => readFileSync('test/fixtures/analyzer/' + f, 'utf8'));
  let src = ''; let k = 0;
  while (src.split('\n').length < 2000) src += parts[k++ % parts.length]!.replace(/def (\w+)/g, `def $1_${k}`) + '\n';
  const tree = parser.parse(src)!;
  const T: Record<string, number> = {};
  const time = <R>(n: string, f: () => R): R => { const t = performance.now(); const r = f(); T[n] = (T[n] ?? 0) + performance.now() - t; return r; };
  for (let i = 0; i < 30; i++) {
    const facts = time('collect', () => collectFacts(tree.rootNode, src, language));
    const names = time('names', () => new Names(facts));
    const fns = time('functions', () => new Functions(facts, names));
    time('threads', () => new ThreadModel(facts, names, fns));
    time('bindingsWalk', () => facts.assigns.length);
    const model = time('buildModel', () => buildModel(tree.rootNode, src, language, { strictNodes: false }));
    for (const r of RULE_IMPLEMENTATIONS) time(r.code, () => r.check({ model, report: () => {} }));
  }
  for (const [k, v] of Object.entries(T)) console.log(k, (v / 30).toFixed(2));
})();

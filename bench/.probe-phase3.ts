import { readFileSync } from 'node:fs';
import { loadParser } from '../src/analyzer/parser';
import { collectFacts } from '../src/analyzer/collect';
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
    time('walk', () => facts.assigns.length);
    time('loops', () => facts.loops().length);
    const starts = facts.callsByName.get('start') ?? [];
    time('startParents', () => starts.forEach(c => c.callee));
    time('startObjects', () => starts.forEach(c => c.callee?.childForFieldName('object')));
    time('startNodes', () => starts.forEach(c => c.node));
    T.count = starts.length * 30;
  }
  for (const [k, v] of Object.entries(T)) console.log(k, (v / 30).toFixed(2));
})();

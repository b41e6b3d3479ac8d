import { readFileSync } from 'node:fs';
import { loadParser } from '../src/analyzer/parser';
import { collectFacts } from '../src/analyzer/collect';
import { Names } from '../src/analyzer/model/names';
import { Functions } from '../src/analyzer/model/functions';
import { ThreadModel } from '../src/analyzer/model/threads';
(async () => {
  const { parser, language } = await loadParser();
  const parts = ['binding.py', 'handles.py', 'workers.py', 'outlive.py'].map(f => readFileSync('test/fixtures/analyzer/' + f, 'utf8'));
  let src = ''; let k = 0;
  while (src.split('\n').length < 2000) src += parts[k++ % parts.length]!.replace(/def (\w+)/g, `def $1_${k}`) + '\n';
  const tree = parser.parse(src)!;
  const T: Record<string, number> = {};
  const proto = ThreadModel.prototype as any;
  for (const m of ['findThreadClasses', 'findBindingCalls', 'findExecutors', 'findOrigins', 'attachStartsAndJoins', 'refOf', 'entry', 'streamlitTarget', 'executorOf', 'originsDenotedBy']) {
    const orig = proto[m];
    proto[m] = function (...args: unknown[]) { const t = performance.now(); const r = orig.apply(this, args); T[m] = (T[m] ?? 0) + performance.now() - t; return r; };
  }
  for (let i = 0; i < 30; i++) {
    const facts = collectFacts(tree.rootNode, src, language);
    const names = new Names(facts);
    const fns = new Functions(facts, names);
    new ThreadModel(facts, names, fns);
  }
  for (const [k, v] of Object.entries(T)) console.log(k, (v / 30).toFixed(2));
})();

// TL004: a thread carrying the script's context may outlive the script run.
import type { SemanticModel } from '../model';
import type { ExecutorInfo, Origin } from '../model/threads';
import { rangeOf } from '../syntax';
import { joinFix } from '../threadFixes';
import { format, type Rule } from './rule';

export const TL004: Rule = {
  code: 'TL004',
  name: 'context-thread-may-outlive-run',
  summary: 'Thread with an attached ScriptRunContext may outlive the script run',
  docsPath: 'docs/rules/TL004.md',
  defaultSeverity: 'warning',
  messages: {
    notJoined: 'Thread with the script\'s ScriptRunContext may outlive the script run: {reason}',
  },
  docs: {
    whatItDoes: `Flags threads that have the script thread's context attached but are not joined on every path before the run ends: not joined in the function that started them (a \`join()\` after the start on every path, or in a \`finally:\`), not stored on \`self\` or returned where a caller joins them, or running a target that loops forever (\`while True:\` with no way out). Also flags a thread pool whose initializer attaches the context but that is neither used in a \`with\` block nor shut down.`,
    whyIsThisBad: `Streamlit never joins or stops your threads. A thread that keeps the context after the run ends keeps writing into a session whose script has finished: its messages are dropped or leak into the next run, and its session-state writes land later at random. Streamlit's own docs warn that leaking a ScriptRunContext can cause security issues, fatal errors and unexpected behaviour. Pooled threads are reused, so a context attached by a pool initializer carries over to later tasks, possibly another user's.`,
    example: `\`\`\`python
import threading
import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

def work():
    st.write("still running")

t = threading.Thread(target=work)
add_script_run_ctx(t, get_script_run_ctx())
t.start()
st.button("Rerun")  # the run ends while t may still run
\`\`\``,
    useInstead: `\`\`\`python
import threading
import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

def work():
    st.write("still running")

t = threading.Thread(target=work)
add_script_run_ctx(t, get_script_run_ctx())
t.start()
t.join()
st.button("Rerun")
\`\`\`

For a loop of threads, join them all after the loop that starts them. For periodic UI updates use \`st.fragment(run_every=…)\` instead of a thread that never ends.`,
  },
  check({ model, report }) {
    const threads = model.threads;
    const reportedPools = new Set<ExecutorInfo>();
    for (const origin of threads.origins) {
      if (!origin.bound) continue;
      if (origin.kind === 'executor') {
        const pool = origin.executor;
        if (!pool || pool.managed || reportedPools.has(pool)) continue;
        reportedPools.add(pool);
        report({
          message: format(this.messages.notJoined!, { reason: 'the pool whose initializer attaches the context is never shut down in this run' }),
          range: rangeOf(pool.creation),
          related: [],
        });
        continue;
      }
      if (origin.kind === 'to_thread' || origin.kind === 'run_in_executor') continue;
      const forever = origin.entries.some((e) => model.workers.get(e.callable.fn)?.scan.loopsForever === true);
      let reason: string | null = null;
      if (forever) reason = 'its target loops forever, so no join can end it';
      else if (origin.ref.kind === 'bound-inline') reason = 'it is started without keeping a reference, so nothing can join it';
      else if (!threads.joinedEverywhere(origin) && !joinedByCaller(model, origin)) reason = 'no join() on it runs on every path before the run ends';
      if (!reason) continue;
      const at = origin.starts[0] ?? origin.creation;
      const fix = forever ? undefined : joinFix(model, origin);
      report({
        message: format(this.messages.notJoined!, { reason }),
        range: rangeOf(at.type === 'call' ? (at.childForFieldName('function') ?? at) : at),
        related: [{ range: rangeOf(origin.creation), message: 'thread created here' }],
        ...(fix ? { fix } : {}),
      });
    }
  },
};

/** `def start(): t = Thread(…); …; return t` with `x = start(); …; x.join()` somewhere in the file. */
function joinedByCaller(model: SemanticModel, origin: Origin): boolean {
  const owner = origin.owner;
  if (!owner?.name || origin.ref.kind !== 'var' || !owner.body) return false;
  const returned = owner.body.descendantsOfType('return_statement').some((r) => r?.namedChild(0)?.text === origin.ref.name);
  if (!returned) return false;
  for (const { node } of model.facts.assigns) {
    const right = node.childForFieldName('right');
    const callee = right?.type === 'call' ? right.childForFieldName('function') : null;
    if (callee?.type !== 'identifier' || callee.text !== owner.name) continue;
    const name = node.childForFieldName('left')?.text;
    if (name && (model.facts.callsByName.get('join') ?? []).some((c) => c.callee?.childForFieldName('object')?.text === name)) return true;
  }
  return false;
}

// TL001: a Streamlit element, container or widget command runs in a worker thread that has no ScriptRunContext.
import type { Outcome } from '../model/streamlitApi';
import { dottedName, rangeOf } from '../syntax';
import { bindingFix } from '../threadFixes';
import { originLocations } from './originText';
import { format, type Rule } from './rule';
import { unboundFindings } from './unboundUses';

const OUTCOME: Record<Outcome, string> = {
  dropped: 'Streamlit drops it without a word (only a "missing ScriptRunContext" log line)',
  'widget-default': 'no widget is registered and it returns its default value',
  'corrupts-main': "it is dropped, and it marks the process-wide main container, which breaks widgets in every user's session",
  raises: 'it raises NoSessionContext',
};

export const TL001: Rule = {
  code: 'TL001',
  name: 'streamlit-call-in-unbound-thread',
  summary: 'Streamlit command in a worker thread without a ScriptRunContext',
  docsPath: 'docs/rules/TL001.md',
  defaultSeverity: 'error',
  messages: {
    call: '`{call}` runs in a worker thread without a ScriptRunContext: {outcome}',
  },
  docs: {
    whatItDoes: `Flags Streamlit element, container and widget commands (\`st.write\`, \`st.button\`, \`placeholder.progress\`, …) in code that runs in a thread you start — a \`threading.Thread\` target or subclass \`run()\`, a \`Timer\`, a thread-pool task, \`asyncio.to_thread\` — and every function of the file it calls, when no \`add_script_run_ctx\` binds the script thread's context to that thread before it starts.`,
    whyIsThisBad: `Streamlit finds the user's session through a ScriptRunContext attached to the current thread. Threads you create have none. Top-level commands (\`st.write\`, \`st.header\`) are then dropped silently, widgets return their default value, \`st.form\`/\`st.status\` also mark the process-wide main container (breaking widgets for everyone until a restart), and writes through a container or element created on the script thread (\`placeholder.write\`, \`progress.progress\`) and \`st.switch_page\` raise \`NoSessionContext\`. The message says which of these happens; the related location shows where the thread is created and started.`,
    example: `\`\`\`python
import threading
import streamlit as st

def work(box):
    box.write("done")  # raises NoSessionContext

box = st.empty()
t = threading.Thread(target=work, args=(box,))
t.start()
t.join()
\`\`\``,
    useInstead: `Keep Streamlit calls on the script thread: let the worker return its result, join it, and write from the script. If the worker must write, attach the script thread's context before \`start()\` and join before the run ends:

\`\`\`python
import threading
import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

def work(box):
    box.write("done")

box = st.empty()
t = threading.Thread(target=work, args=(box,))
add_script_run_ctx(t, get_script_run_ctx())
t.start()
t.join()
\`\`\`

Thread pools have no automatic fix: a context attached to a pooled thread stays on it for later tasks, so bind it in the pool's \`initializer\` and shut the pool down within the run (a \`with\` block).`,
  },
  check({ model, report }) {
    for (const { use, related, fix } of unboundFindings(model, 'element')) {
      report({
        message: format(this.messages.call!, { call: use.label, outcome: OUTCOME[use.outcome] }),
        range: rangeOf(use.node.type === 'call' ? (use.node.childForFieldName('function') ?? use.node) : use.node),
        related,
        ...(fix ? { fix } : {}),
      });
    }
    // Thread(target=st.write): the command itself is the thread's target.
    for (const origin of model.threads.origins) {
      if (!origin.streamlitTarget || origin.bound) continue;
      const fix = bindingFix(model, origin);
      report({
        message: format(this.messages.call!, { call: dottedName(origin.streamlitTarget) ?? 'st command', outcome: OUTCOME.dropped }),
        range: rangeOf(origin.streamlitTarget),
        related: originLocations([origin]),
        ...(fix ? { fix } : {}),
      });
    }
  },
};

// TL002: st.session_state (or an alias) is read or written in a worker thread that has no ScriptRunContext.
import { rangeOf } from '../syntax';
import { format, type Rule } from './rule';
import { unboundFindings } from './unboundUses';

export const TL002: Rule = {
  code: 'TL002',
  name: 'session-state-in-unbound-thread',
  summary: 'st.session_state used in a worker thread without a ScriptRunContext',
  docsPath: 'docs/rules/TL002.md',
  defaultSeverity: 'error',
  messages: {
    state:
      '`{name}` is used in a worker thread without a ScriptRunContext: it reaches a process-wide stand-in, not this user\'s session state (reads raise KeyError or see other threads\' values; writes are never seen by the user)',
  },
  docs: {
    whatItDoes: `Flags reads and writes of \`st.session_state\` — also through aliases such as \`ss = st.session_state\` or \`from streamlit import session_state\` — in code that runs in a thread you start, when no context is bound to that thread before it starts.`,
    whyIsThisBad: `Without a ScriptRunContext, Streamlit cannot tell whose session a thread belongs to and falls back to one process-wide stand-in session state. Reads of keys the script set raise \`KeyError\`/\`AttributeError\` or return values another thread wrote; writes succeed silently and never reach the user. Arguments evaluated on the script thread, such as \`Thread(args=(st.session_state.q,))\`, are fine and not flagged.`,
    example: `\`\`\`python
import threading
import streamlit as st

def work():
    st.session_state.result = compute()  # lands in the stand-in, not the user's state

t = threading.Thread(target=work)
t.start()
t.join()
\`\`\``,
    useInstead: `Read what the worker needs on the script thread and pass it in; hand results back and store them from the script:

\`\`\`python
import threading
import streamlit as st

result = {}

def work(out):
    out["value"] = compute()

t = threading.Thread(target=work, args=(result,))
t.start()
t.join()
st.session_state.result = result["value"]
\`\`\``,
  },
  check({ model, report }) {
    for (const { use, related, fix } of unboundFindings(model, 'state')) {
      report({
        message: format(this.messages.state!, { name: use.label }),
        range: rangeOf(use.node),
        related,
        ...(fix ? { fix } : {}),
      });
    }
  },
};

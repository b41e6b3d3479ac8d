// TL003: add_script_run_ctx runs after start(), or attaches something other than the script thread's context.
import type { BindingProblem, BindingSite } from '../model/threads';
import { rangeOf } from '../syntax';
import { format, type Rule } from './rule';

const PROBLEM: Record<BindingProblem, string> = {
  'after-start': 'it runs after start(), so the thread has already been running without the context',
  'none-context': 'the context passed is None, so nothing is attached',
  'worker-context':
    'the context is looked up inside the worker thread, where get_script_run_ctx() returns None; capture it on the script thread and pass it in',
  'start-result': 'it attaches to the value of start(), which is None, not to the thread',
};

export const TL003: Rule = {
  code: 'TL003',
  name: 'misplaced-context-binding',
  summary: 'Context attached after start() or with a value that is not the script thread\'s context',
  docsPath: 'docs/rules/TL003.md',
  defaultSeverity: 'error',
  messages: {
    binding: '`add_script_run_ctx` binds no usable context: {problem}',
  },
  docs: {
    whatItDoes: `Flags \`add_script_run_ctx\` calls that cannot give a thread the script thread's context: made after the thread's \`start()\`; with \`None\`; with \`get_script_run_ctx()\` evaluated inside the worker (directly or through a local variable); or on the result of \`Thread(…).start()\`. The worker's Streamlit calls are still reported by TL001/TL002 — a binding on a different thread object is simply no binding.`,
    whyIsThisBad: `The context is a plain attribute on the thread object that Streamlit reads at each call. Attached after \`start()\`, the thread may already have run its Streamlit calls without it. \`get_script_run_ctx()\` returns the *current* thread's context, which is None inside a worker, so self-binding from the worker only works with a context captured on the script thread. \`start()\` returns None, so \`add_script_run_ctx(t.start())\` binds nothing.`,
    example: `\`\`\`python
import threading
import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

def work():
    add_script_run_ctx(threading.current_thread(), get_script_run_ctx())  # None here
    st.write("hi")

t = threading.Thread(target=work)
t.start()
add_script_run_ctx(t, get_script_run_ctx())  # too late
t.join()
\`\`\``,
    useInstead: `Attach before \`start()\`, or self-bind with a context captured on the script thread:

\`\`\`python
import threading
import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

def work(ctx):
    add_script_run_ctx(threading.current_thread(), ctx)  # captured on the script thread
    st.write("hi")

t = threading.Thread(target=work, args=(get_script_run_ctx(),))
t.start()
t.join()
\`\`\``,
  },
  check({ model, report }) {
    const sites = new Map<number, BindingSite>();
    for (const origin of model.threads.origins) for (const site of origin.bindings) sites.set(site.call.startIndex, site);
    for (const site of model.threads.strayBindings) sites.set(site.call.startIndex, site);
    for (const site of sites.values()) {
      if (!site.problem) continue;
      report({
        message: format(this.messages.binding!, { problem: PROBLEM[site.problem] }),
        range: rangeOf(site.call.childForFieldName('function') ?? site.call),
        related: [],
      });
    }
  },
};

// Turns an unexpected runtime exit into the user's message, asking the interpreter about itself
// first when that can sharpen the message (its version, whether it has pip).

import { unexpectedExitMessage } from './messages';
import { probeInterpreter } from './probe';
import type { RuntimeExit } from './runtimeProcess';

export async function explainExit(exit: RuntimeExit, python: string): Promise<string> {
  // Probing costs a Python start, so only where the answer changes the message.
  const needsFacts = exit.spawnError === undefined && (!exit.spokeProtocol || exit.errorEvent?.code === 'streamlit-missing');
  const facts = needsFacts ? await probeInterpreter(python) : undefined;
  return unexpectedExitMessage(exit, { python, hasPip: facts?.hasPip, pythonVersion: facts?.version });
}

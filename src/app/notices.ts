// The notification for an app that failed: its text and buttons, decided here without `vscode`
// so the choice of buttons (install Streamlit vs. show logs) is unit-tested.

import { basename } from 'node:path';
import type { AppSnapshot } from './appInstance';

export const INSTALL_STREAMLIT = 'Install Streamlit';
export const SELECT_INTERPRETER = 'Select Interpreter';
export const SHOW_LOGS = 'Show Logs';
export const RESTART = 'Restart';
export const MANAGE_TRUST = 'Manage Workspace Trust';

export interface Notice {
  text: string;
  actions: string[];
}

/** The notice for an app in the error state; undefined for any other state. */
export function errorNotice(snapshot: AppSnapshot): Notice | undefined {
  if (snapshot.state !== 'error' || snapshot.error === undefined) return undefined;
  const name = basename(snapshot.app);
  if (snapshot.error.code === 'streamlit-missing') {
    return {
      text: `Threadlit: cannot run ${name}: Streamlit is not installed for ${snapshot.python}. Install it, or select an interpreter that has it.`,
      actions: [INSTALL_STREAMLIT, SELECT_INTERPRETER],
    };
  }
  // The first line names the problem; the full message (fix, stderr tail) is in the log.
  const first = snapshot.error.message.split('\n')[0] ?? snapshot.error.message;
  return { text: `Threadlit: ${name} stopped: ${first}`, actions: [SHOW_LOGS, RESTART] };
}

export const UNTRUSTED_TEXT =
  'Threadlit: Run App is disabled in an untrusted workspace, because running an app executes its code. Trust this workspace to run it.';
export const UNTITLED_TEXT = 'Threadlit: save this file before running it; Streamlit runs apps from a file on disk.';

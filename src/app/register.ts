// Wires Run App into the extension: the feature object and its command table.

import { registerCommandTable } from '../vscode/commands';
import type { ThreadlitContext } from '../vscode/context';
import { INTERNAL_APPS, OPEN_IN_BROWSER, RESTART_APP, RUN_APP, SHOW_LOGS, SHOW_THREADS, STOP_APP } from './ids';
import { RunAppFeature } from './runApp';

export function registerRunApp(ctx: ThreadlitContext): RunAppFeature {
  const feature = ctx.own(new RunAppFeature(ctx));
  registerCommandTable(ctx, {
    [RUN_APP]: () => (arg) => feature.runApp(arg),
    [STOP_APP]: () => (arg) => feature.stopApp(arg),
    [RESTART_APP]: () => (arg) => feature.restartApp(arg),
    [OPEN_IN_BROWSER]: () => (arg) => feature.openInBrowser(arg),
    [SHOW_THREADS]: () => (arg) => feature.showThreads(arg),
    [SHOW_LOGS]: () => () => feature.showLogs(),
    [INTERNAL_APPS]: () => () => feature.describe(),
  });
  return feature;
}

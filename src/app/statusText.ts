// The status bar item's text and tooltip for an app (pure, so the format is checked in unit tests).

import { basename } from 'node:path';
import type { AppSnapshot, AppState } from './appInstance';

const ICONS: Record<AppState, string> = {
  starting: '$(loading~spin)',
  running: '$(play-circle)',
  rerunning: '$(sync~spin)',
  error: '$(error)',
  stopped: '$(debug-stop)',
};

/** Icon, name and monitor event count; the URL and the count spelled out in the tooltip. */
export function statusText(snapshot: AppSnapshot): { text: string; tooltip: string } {
  const name = basename(snapshot.app);
  const events = snapshot.monitorEventCount > 0 ? ` $(warning) ${snapshot.monitorEventCount}` : '';
  const url = snapshot.url !== undefined ? `\n${snapshot.url}` : '';
  const problems = snapshot.monitorEventCount > 0 ? `\n${snapshot.monitorEventCount} thread-context event(s)` : '';
  return {
    text: `${ICONS[snapshot.state]} ${name}${events}`,
    tooltip: `Threadlit: ${name} is ${snapshot.state}${url}${problems}\nClick to show the preview.`,
  };
}

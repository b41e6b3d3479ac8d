// Command ids, context keys and view types of Run App, shared by the code, package.json and tests.

export const RUN_APP = 'threadlit.runApp';
export const STOP_APP = 'threadlit.stopApp';
export const RESTART_APP = 'threadlit.restartApp';
export const OPEN_IN_BROWSER = 'threadlit.openAppInBrowser';
export const SHOW_THREADS = 'threadlit.showThreads';
export const SHOW_LOGS = 'threadlit.showLogs';

/** Not in the palette: returns every app's state (integration tests read it). */
export const INTERNAL_APPS = 'threadlit.internal.apps';

export const RUN_APP_COMMANDS = [RUN_APP, STOP_APP, RESTART_APP, OPEN_IN_BROWSER, SHOW_THREADS, SHOW_LOGS] as const;

/** True when the active editor is a Python file that mentions streamlit (the ▶ button). */
export const IS_STREAMLIT_FILE = 'threadlit.isStreamlitFile';
/** True when the active editor's app is running (the ■ button). */
export const ACTIVE_APP_RUNNING = 'threadlit.activeAppRunning';

/** The preview panel's view type (also the serializer's key, `onWebviewPanel:` activation). */
export const PREVIEW_VIEW_TYPE = 'threadlit.preview';
/** The Threads panel shown beside a tunnel preview (which has no toolbar of its own). */
export const THREADS_VIEW_TYPE = 'threadlit.threads';

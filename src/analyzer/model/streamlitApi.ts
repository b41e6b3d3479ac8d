// What a Streamlit command does in a thread without a ScriptRunContext (streamlit-threading §2.2),
// and which commands return container or element handles.

/** How a Streamlit command behaves without a context. */
export type Outcome =
  /** Element and container commands on the root: a silent no-op. */
  | 'dropped'
  /** Widgets: no widget is registered and the default value comes back. */
  | 'widget-default'
  /** `st.form` / `st.status`: a no-op that also writes onto the process-wide main container. */
  | 'corrupts-main'
  /** Writes through a handle made on the script thread, `st.switch_page`: `NoSessionContext`. */
  | 'raises';

/** Top-level names that need no context (caches, secrets, configuration, data helpers). */
const CONTEXT_FREE = new Set([
  'cache_data', 'cache_resource', 'cache', 'experimental_memo', 'experimental_singleton', 'secrets',
  'column_config', 'runtime', 'errors', 'get_option', 'set_option', 'config', 'logger', 'query_params',
  'context', 'Page', 'connection', 'connections', 'version', '__version__', 'testing', 'web', 'proto',
  'delta_generator', 'elements', 'commands', 'type_util', 'util', 'env_util', 'source_util', 'string_util',
  'file_util', 'watcher', 'components_v1', 'scriptrunner', 'ReportThread', 'report_thread',
]);

const WIDGETS = new Set([
  'button', 'checkbox', 'toggle', 'radio', 'selectbox', 'multiselect', 'slider', 'select_slider', 'text_input',
  'number_input', 'text_area', 'date_input', 'time_input', 'datetime_input', 'file_uploader', 'camera_input',
  'color_picker', 'chat_input', 'download_button', 'form_submit_button', 'data_editor', 'experimental_data_editor',
  'pills', 'segmented_control', 'feedback', 'audio_input',
]);

/** Commands whose return value is one container or element handle. */
const HANDLE_FACTORIES = new Set([
  'container', 'empty', 'expander', 'form', 'status', 'chat_message', 'popover', 'progress', 'text', 'markdown',
  'caption', 'code', 'dataframe', 'table', 'title', 'header', 'subheader', 'info', 'warning', 'error', 'success',
  'exception', 'metric', 'json', 'line_chart', 'area_chart', 'bar_chart', 'scatter_chart', 'map', 'pyplot',
  'plotly_chart', 'altair_chart', 'vega_lite_chart', 'pydeck_chart', 'bokeh_chart', 'graphviz_chart', 'image',
  'audio', 'video', 'latex', 'divider', 'html',
]);

/** Commands that return a list of handles. */
const HANDLE_LIST_FACTORIES = new Set(['columns', 'tabs']);

export function isContextFree(command: string): boolean {
  return CONTEXT_FREE.has(command);
}

/** What `st.<command>(…)` does on the root without a context. */
export function rootOutcome(command: string): Outcome {
  if (command === 'switch_page') return 'raises';
  if (command === 'form' || command === 'status') return 'corrupts-main';
  if (WIDGETS.has(command)) return 'widget-default';
  return 'dropped';
}

export function returnsHandle(command: string): boolean {
  return HANDLE_FACTORIES.has(command);
}

export function returnsHandleList(command: string): boolean {
  return HANDLE_LIST_FACTORIES.has(command);
}

/**
 * The command of a qualified Streamlit name: `streamlit.write` → `write`,
 * `streamlit.sidebar.button` → `button` (the sidebar is a root like the main area).
 * Null for names that are not commands on a root.
 */
export function rootCommand(qualified: string): string | null {
  if (!qualified.startsWith('streamlit.')) return null;
  const parts = qualified.split('.');
  if (parts[1] === 'sidebar') return parts.length === 3 ? (parts[2] ?? null) : null;
  if (parts.length === 2) return parts[1] ?? null;
  // st.components.v1.html and similar nested element modules.
  if (parts[1] === 'components') return parts[parts.length - 1] ?? null;
  return null;
}

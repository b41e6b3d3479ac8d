// Cheap pre-check for the CLI's fast path: a file that never says "streamlit" cannot produce a diagnostic,
// because every rule needs a Streamlit import (element commands, session state or add_script_run_ctx).
export function mentionsStreamlit(source: string): boolean {
  return source.includes('streamlit');
}

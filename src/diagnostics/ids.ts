// Identifiers of the diagnostics feature: command ids, the collection name, the fix-all kind.
export const LINT_WORKSPACE_COMMAND = 'threadlit.lintWorkspace';
export const SHOW_RULE_DOCS_COMMAND = 'threadlit.showRuleDocumentation';
/** Name of the static diagnostics collection (the runtime's events get a collection of their own). */
export const STATIC_COLLECTION = 'threadlit';
/** Appended to `source.fixAll` for `editor.codeActionsOnSave`. */
export const FIX_ALL_SUFFIX = 'threadlit';

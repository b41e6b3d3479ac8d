// The line the extension-host test index logs first, so the runner knows where test output starts.
export const START_MARKER = '[threadlit-it] start';

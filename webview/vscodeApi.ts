// The webview side of postMessage and persisted state (VS Code injects acquireVsCodeApi once).

import type { PreviewPersistedState, WebviewMessage } from '../src/protocol/webview';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: PreviewPersistedState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** acquireVsCodeApi may be called only once per document, so every module shares this one. */
export const vscode: VsCodeApi = acquireVsCodeApi();

// Sets Streamlit's embedding options (`window.__streamlit`, read once when its bundle loads)
// from the JSON block the host put in the document, and answers `prefers-color-scheme` with
// VS Code's theme kind, which Streamlit's "Use system setting" theme follows.

import { CONFIG_ELEMENT_ID, type TunnelBootConfig } from '../../src/protocol/tunnel';

export function readBootConfig(): TunnelBootConfig {
  const element = document.getElementById(CONFIG_ELEMENT_ID);
  if (element === null) throw new Error(`[threadlit tunnel] #${CONFIG_ELEMENT_ID} is missing`);
  return JSON.parse(element.textContent ?? '') as TunnelBootConfig;
}

export function setStreamlitOptions(config: TunnelBootConfig): void {
  const options: Record<string, unknown> = {
    BACKEND_BASE_URL: config.backendBaseUrl,
    HOST_CONFIG_BASE_URL: config.backendBaseUrl,
    DOWNLOAD_ASSETS_BASE_URL: config.backendBaseUrl,
    // The document's own URL, so a rerun or a page change does not name VS Code's path as a page.
    MAIN_PAGE_BASE_URL: `${window.location.origin}${window.location.pathname}`,
  };
  if (config.lightTheme !== null) options.LIGHT_THEME = config.lightTheme;
  if (config.darkTheme !== null) options.DARK_THEME = config.darkTheme;
  (window as unknown as { __streamlit: Record<string, unknown> }).__streamlit = options;
}

/**
 * Answers `prefers-color-scheme` with VS Code's theme kind. Returns the setter for a later change
 * (`tunnel/theme`): it fires `change` on the lists the frontend listens to, and Streamlit, which
 * asks matchMedia again then, switches its "Use system setting" theme in place.
 */
export function followTheme(initial: TunnelBootConfig['theme']): (theme: TunnelBootConfig['theme']) => void {
  let current = initial;
  const original = window.matchMedia.bind(window);
  /** One real list per scheme query, so listeners added through any answer hear the change. */
  const lists = new Map<string, MediaQueryList>();
  window.matchMedia = (query: string): MediaQueryList => {
    const scheme = /^\s*\(\s*prefers-color-scheme\s*:\s*(dark|light)\s*\)\s*$/.exec(query);
    if (scheme === null) return original(query);
    const wanted = scheme[1];
    let list = lists.get(wanted!);
    if (list === undefined) {
      list = original(query);
      lists.set(wanted!, list);
    }
    // A real list's methods (bound to it), with `matches` read from VS Code's theme kind.
    return {
      get matches() {
        return wanted === current;
      },
      media: list.media,
      get onchange() {
        return list.onchange;
      },
      set onchange(handler) {
        list.onchange = handler;
      },
      addEventListener: list.addEventListener.bind(list),
      removeEventListener: list.removeEventListener.bind(list),
      addListener: list.addListener.bind(list),
      removeListener: list.removeListener.bind(list),
      dispatchEvent: list.dispatchEvent.bind(list),
    } as MediaQueryList;
  };
  return (theme) => {
    if (theme === current) return;
    current = theme;
    for (const [scheme, list] of lists) list.dispatchEvent(new MediaQueryListEvent('change', { matches: scheme === current, media: list.media }));
  };
}

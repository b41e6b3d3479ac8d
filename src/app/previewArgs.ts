// The Streamlit flags the preview adds in front of the user's `threadlit.streamlitArgs`. Pure.
//
// The preview shows the app in an iframe inside the webview. In desktop VS Code the top-level
// document is `vscode-file://vscode-app` and the app is on `http://127.0.0.1:<port>`, so the
// iframe is cross-site: the browser drops Streamlit's XSRF cookie (SameSite=Lax by default), the
// frontend then has no token to send, and every `st.file_uploader` upload fails with 403.
// `server.xsrfCookieSameSite=none` lets the cookie live in the cross-site iframe (Streamlit adds
// `Secure`, which Chromium accepts over plain HTTP on 127.0.0.1 / localhost, and our runtime adds
// `Partitioned`, so browsers that block third-party cookies keep it too). Streamlit still checks
// the token (header against cookie) on every upload and still applies its CORS allow-list.
//
// The tunnel needs none of this (the extension host keeps the cookie), so a tunnel preview runs
// the app with Streamlit's defaults; a tunnel panel that falls back to the iframe restarts the
// app with the flag (src/app/runApp.ts).

import type { PreviewTransport } from '../preview/transport';

const SAME_SITE = 'server.xsrfCookieSameSite';
const XSRF_PROTECTION = 'server.enableXsrfProtection';

/** Our flags first, then the user's, so a user's own value of a flag is never overridden. */
export function previewStreamlitArgs(userArgs: readonly string[], transport: PreviewTransport): string[] {
  if (transport === 'tunnel') return [...userArgs];
  const ours: string[] = [];
  // With XSRF protection off there is no cookie to relax, and Streamlit would warn about the flag.
  if (flagValue(userArgs, SAME_SITE) === undefined && flagValue(userArgs, XSRF_PROTECTION)?.toLowerCase() !== 'false') {
    ours.push(`--${SAME_SITE}=none`);
  }
  return [...ours, ...userArgs];
}

/** The last value given for `--key=value` or `--key value`, as Streamlit reads it. */
export function flagValue(args: readonly string[], key: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === `--${key}`) value = args[i + 1] ?? '';
    else if (arg.startsWith(`--${key}=`)) value = arg.slice(key.length + 3);
  }
  return value;
}

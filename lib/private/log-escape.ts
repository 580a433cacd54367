/**
 * Text from the tenant (display names, host names, UPNs) in a log line of `verify` and
 * `discover`: control characters, line and paragraph separators and bidirectional controls are
 * shown as `<U+XXXX>`, so a crafted name stays on its line and cannot forge another log line or
 * hide text with bidirectional overrides.
 *
 * Interim: another branch adds `logText`/`logLine` to `lib/private/text.ts`; once it lands, this
 * file goes and its callers use that encoder.
 */

/** C0 and C1 controls, U+2028/U+2029, and the bidirectional controls. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The text, safe inside one log line: each unsafe character shown as its code point. */
export function logSafe(text: string): string {
  return String(text).replace(UNSAFE, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);
}

/** The text quoted for a log line: `"name"`, unsafe characters shown as code points. */
export function logQuoted(text: string): string {
  return `"${logSafe(text).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

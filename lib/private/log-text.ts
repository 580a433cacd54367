/**
 * Text from data (Graph, a CSV file, a user) in log lines and error messages: the one encoder that
 * keeps such text on its line and visible, so a name cannot end a line, forge the next one, hide
 * what follows (NUL, bidirectional controls) or move the cursor (terminal escapes).
 */

/**
 * Characters escaped as `\uXXXX`: controls (C0, DEL, C1 such as NEL U+0085), format characters
 * (bidirectional controls, zero-width ones, the BOM), the line and paragraph separators, and lone
 * surrogates (which a UTF-8 terminal shows as U+FFFD).
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

function escapeUnits(char: string): string {
  return [...Array(char.length).keys()].map((i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');
}

/**
 * A value from data, quoted for a log line or message: JSON's double-quoted string (so `"`, `\` and
 * C0 controls are escaped as JSON escapes them), with every other unsafe character escaped too. The
 * result is still a valid JSON string, and reads back as the exact value.
 *
 * @param value the value (anything not a string is shown as JSON, or as text when JSON cannot)
 */
export function logText(value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  return (json ?? JSON.stringify(String(value))).replace(UNSAFE, escapeUnits);
}

/**
 * A whole message made for one log line, with any unsafe character left in it (from a value that
 * was quoted by a plain `JSON.stringify`, say) escaped as `\uXXXX`. Quotes are not added.
 *
 * @param message the message
 */
export function logLine(message: string): string {
  return message.replace(UNSAFE, escapeUnits);
}

import { Token } from 'cdktf';
import { PrivateAccessError } from '../errors';
import { q } from './errors';

/**
 * Characters a name must not hold: C0 and C1 controls (newline, CR, tab, NUL, …), the Unicode line
 * and paragraph separators, and the bidirectional controls that can make a reviewer read text in
 * another order than the one stored ("Trojan Source").
 */
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Characters that take no room on screen: white space and the zero-width ones. */
const INVISIBLE = /[\s\u00ad\u180e\u200b-\u200d\u2060\ufeff]/gu;

/** Entra ID's limits, in UTF-16 code units as Graph counts them. */
export const MAX_DISPLAY_NAME_LENGTH = 256;
export const MAX_USER_PRINCIPAL_NAME_LENGTH = 113;

/** `U+000A`, for a character named in an error message. */
export function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Checks a name that Entra stores and a reviewer reads: text, not only white space or zero-width
 * characters, no control or bidirectional characters, at most `max` characters. Unresolved tokens
 * pass: their value is known only at apply.
 *
 * @param what what the name is, for the message: `display name`, `group display name`
 * @param value the name
 * @param fix how to give a good one
 * @returns the name, unchanged
 */
export function checkName(what: string, value: unknown, fix: string, max = MAX_DISPLAY_NAME_LENGTH): string {
  if (typeof value !== 'string') {
    throw new PrivateAccessError(`${what} ${q(value)} is not text; ${fix}`);
  }
  if (Token.isUnresolved(value)) {
    return value;
  }
  const bad = FORBIDDEN.exec(value);
  if (bad) {
    throw new PrivateAccessError(
      `${what} ${q(value)} contains the control character ${codePoint(bad[0])}, which Entra does not store as it is or a reviewer cannot see; write the name on one line without control characters`,
    );
  }
  if (value.replace(INVISIBLE, '').length === 0) {
    throw new PrivateAccessError(`${what} ${q(value)} is empty or only white space or invisible characters; ${fix}`);
  }
  if (value.length > max) {
    throw new PrivateAccessError(`${what} ${q(value)} is ${value.length} characters long; Entra allows at most ${max}`);
  }
  return value;
}

/**
 * Checks free text a reviewer reads (a suppression reason): no control characters but line breaks
 * and tabs, which become single spaces. Returns the text trimmed, on one line.
 */
export function checkFreeText(what: string, value: string): string {
  const oneLine = value.replace(/[\r\n\t]+/g, ' ').trim();
  const bad = FORBIDDEN.exec(oneLine);
  if (bad) {
    throw new PrivateAccessError(`${what} ${q(value)} contains the control character ${codePoint(bad[0])}; write plain text`);
  }
  return oneLine;
}

/** A cdktf token inside a string, as cdktf encodes it. */
const TOKEN = /(\$\{TfToken\[[^\]]+\]\})/;

/**
 * Makes user text a literal in `cdk.tf.json`: Terraform reads every JSON string as a template, so
 * `${…}` and `%{…}` in a name would be evaluated. They are escaped as `$${` and `%%{`, which
 * Terraform turns back into the text as written. cdktf tokens inside the text are left alone.
 */
export function tfLiteral(value: string): string {
  if (typeof value !== 'string') {
    return value;
  }
  const escape = (text: string) => text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
  if (!Token.isUnresolved(value)) {
    return escape(value);
  }
  return value
    .split(TOKEN)
    .map((part, i) => (i % 2 === 1 ? part : escape(part)))
    .join('');
}

/** cdktf's markers of an encoded string, list or map token: `${TfToken[`, `#{TfToken[`, `&{TfToken[`. */
const TOKEN_MARKER = /[$#&]\{TfToken\[/;

/** What cdktf reads as a number inside a string when it resolves it (its own pattern, `TokenString.forNumbers`). */
const NUMBER_IN_TEXT = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/g;

/**
 * The part of text read from data (a CSV cell, a Graph field) that cdktf would take for a token, or
 * undefined. cdktf finds tokens by scanning every string of the program when it synthesizes: a
 * string, list or map marker (`${TfToken[TOKEN.0]}`), a number whose digits are the double cdktf
 * encodes a number token as (`-1.8881545897087626e+289`), or the text of its map sentinels. Such
 * text would be replaced by another value of the program (a sensitive variable, say) or fail the
 * synth, and no escaping can keep the text while hiding it from cdktf, so data that holds it is
 * refused.
 */
export function tokenLookalike(text: string): string | undefined {
  if (typeof text !== 'string') {
    return undefined;
  }
  const marker = TOKEN_MARKER.exec(text);
  if (marker) {
    return /^[$#&]\{TfToken\[[^\]]*\]\}/.exec(text.slice(marker.index))?.[0] ?? text.slice(marker.index, marker.index + 40);
  }
  if (text === Token.STRING_MAP_TOKEN_VALUE || text === Token.ANY_MAP_TOKEN_VALUE) {
    return text;
  }
  for (const m of text.matchAll(NUMBER_IN_TEXT)) {
    if (Token.isUnresolved(parseFloat(m[0]))) {
      return m[0];
    }
  }
  return undefined;
}

/** Why text that `tokenLookalike` finds is refused, and what to do, for messages. */
export const TOKEN_LOOKALIKE_REFUSED =
  'which cdktf would take for a token and replace at synth with another value of the program (a secret variable, say); data is never code, so it is refused: rename it in its source';

/** `tfLiteral` of each value of a map (tags). */
export function tfLiterals(values: Record<string, string> | undefined): Record<string, string> | undefined {
  if (values === undefined || Token.isUnresolved(values)) {
    return values;
  }
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [tfLiteral(k), tfLiteral(v)]));
}

/**
 * A list that a prop expects: an array, or nothing. A string where an array belongs would be
 * read character by character; this says so instead.
 *
 * @param what the prop's name, for the message
 * @param value the value given
 * @param example an example of a good value
 */
export function checkList<T>(what: string, value: T[] | undefined, example: string): T[] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value)) {
    throw new PrivateAccessError(`${what} must be a list, such as ${example}; got ${q(value)}`);
  }
  return value;
}

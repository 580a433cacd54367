/**
 * Escaping for the access review's Markdown and Mermaid: the one place where text from the program
 * (names, paths, reasons, messages) becomes markup. Everything the review writes goes through one of
 * these, so a crafted name renders as the literal text it is and cannot add headings, hide what
 * follows in an HTML comment, close the diagram's code fence or claim a review that did not happen.
 */

/** Characters shown as `<U+XXXX>`: controls, line separators and bidirectional controls. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Replaces unprintable characters with their code point, so the text stays on one line and visible. */
export function visible(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);
}

/**
 * Markdown inline text that renders as the literal text: `&`, `<` and `>` become entities (no HTML,
 * no comments, no autolinks), and every ASCII punctuation mark that Markdown or GitHub reads as
 * markup (emphasis, code, links, headings' closing `#`, tables' `|`, strikethrough, math) is
 * backslash-escaped.
 */
export function md(text: string): string {
  return visible(text)
    .replace(/[\\`*_[\]#|~$]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * An inline code span of the text: delimited by more backticks than any run inside it, padded when
 * it starts or ends with a backtick, with `|` escaped for table cells (GitHub's table parser takes
 * `\|` as a literal pipe even inside code).
 */
export function code(text: string, inTable = false): string {
  const content = visible(text);
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = content.startsWith('`') || content.endsWith('`') ? ' ' : '';
  const body = inTable ? content.replace(/\|/g, '\\|') : content;
  return `${fence}${pad}${body}${pad}${fence}`;
}

/**
 * A fenced code block (the Mermaid diagram): its fence is longer than any run of backticks in the
 * body, so nothing in it can close the block early.
 */
export function fenced(info: string, lines: readonly string[]): string[] {
  const longest = Math.max(0, ...lines.flatMap((l) => l.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${info}`, ...lines, fence];
}

/**
 * Text for a double-quoted Mermaid label. Mermaid reads `"` as the end of the label, backticks as
 * a Markdown string, `#…;` as an entity and `<…>` as HTML; these are replaced with look-alikes
 * (`'`, `＃`, `‹`, `›`, `＆`) that render as the same text to a reader. The tables above the diagram
 * hold the exact text.
 */
export function mermaidLabel(text: string): string {
  return visible(text)
    .replace(/["`]/g, "'")
    .replace(/#/g, '＃')
    .replace(/&/g, '＆')
    .replace(/</g, '‹')
    .replace(/>/g, '›');
}

import * as fs from 'fs';
import { CliCommand, parseArgs, stringOption, UsageError } from './command';
import { readReview } from './review-diff-command';
import { accessDelta } from '../analysis/delta';
import { renderAccessDelta } from '../private/delta-markdown';
import { fenced, md, visible } from '../private/markdown';
import { renderAccessReview } from '../private/review-markdown';

/** GitHub's limit for a pull request comment (and an issue comment), in characters. */
export const GITHUB_COMMENT_LIMIT = 65536;

/** The smallest limit the comment can be fitted to: the title, the links and a cut delta. */
const MIN_LIMIT = 2000;

/** Lines of the end of the plan kept when it is cut: Terraform's summary and errors are there. */
const PLAN_TAIL_LINES = 40;

/** The inputs of a comment. Every text is data: it is escaped or fenced, never trusted as markup. */
export interface PrCommentInput {
  /** The pull request's access review (head). */
  readonly head: string;
  /** The base branch's access review; without it the comment says there is nothing to compare with. */
  readonly base?: string;
  /** Terraform's plan as text (`terraform plan -no-color`); colour codes are removed anyway. */
  readonly plan?: string;
  /** Markdown written by `entra-private-access` itself (the gate's verdict), shown first and never cut. */
  readonly gate?: string;
  /** Where the whole plan and review are (the pipeline artifact), linked when anything is cut. */
  readonly detailsUrl?: string;
  /** The most characters (UTF-16 code units, which GitHub's count never exceeds) the comment may have. */
  readonly limit: number;
}

/** Terraform's colour codes and other escape sequences, which a comment shows as garbage. */
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b[@-Z\\-_]/g;

/** The plan's text made safe to show: no escape sequences, tabs as spaces, other controls visible. */
function cleanPlan(text: string): string[] {
  return text
    .replace(ANSI, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '    ')
    .split('\n')
    .map((line) => visible(line));
}

/** The URL of the artifact as a Markdown link target, or a usage error. */
function linkTarget(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--details-url ${JSON.stringify(url)} is not a URL`);
  }
  if (parsed.protocol !== 'https:') {
    throw new UsageError(`--details-url ${JSON.stringify(url)} is not an https URL`);
  }
  return parsed.href.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Lines of `lines` from the start that fit in `budget` characters (joined with newlines). */
function headThatFits(lines: string[], budget: number): string[] {
  const out: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (used + line.length + 1 > budget) {
      break;
    }
    out.push(line);
    used += line.length + 1;
  }
  return out;
}

/** How a folded section is made and cut. */
interface Section {
  /** The `<summary>` text (markup of this module, not data). */
  readonly summary: string;
  /** The lines, already made safe to show. */
  readonly body: string[];
  /** Lines kept around the body however it is cut (a code fence). */
  readonly before?: string[];
  readonly after?: string[];
  /** Lines of the end kept when the body is cut (the end of a plan holds its summary). */
  readonly keepTail?: number;
}

/**
 * A `<details>` section holding the body, or as much of it as fits in `budget`, cut at a line with
 * a note saying how much is missing and where the rest is. Undefined when not even the note fits.
 */
function foldedSection(section: Section, budget: number, rest: string): string | undefined {
  const { summary, body, before = [], after = [], keepTail = 0 } = section;
  const wrap = (lines: string[], note?: string) =>
    [`<details><summary>${summary}</summary>`, '', ...before, ...lines, ...after, ...(note ? ['', note] : []), '', '</details>', ''].join('\n');
  const whole = wrap(body);
  if (whole.length <= budget) {
    return whole;
  }
  const note = (cut: number) => `*${cut} of ${body.length} lines are not shown here: ${rest}.*`;
  const room = budget - wrap(['…'], note(body.length)).length;
  if (room < 0) {
    return undefined;
  }
  const tail = keepTail > 0 ? headThatFits(body.slice(-keepTail).reverse(), Math.floor(room / 2)).reverse() : [];
  const head = headThatFits(body.slice(0, body.length - tail.length), room - tail.reduce((n, l) => n + l.length + 1, 0));
  return wrap([...head, '…', ...tail], note(body.length - head.length - tail.length));
}

/**
 * The access delta cut to `room` characters section by section (gains, losses, Conditional
 * Access), so that each keeps its heading, its count and its first rows: a long list of gains does
 * not hide a lost MFA policy. Each cut section says how many rows it leaves out.
 */
function cutDelta(text: string, room: number, rest: string): string {
  const lines = text.replace(/\s+$/, '').split('\n');
  const parts: string[][] = [[]];
  for (const line of lines) {
    if (line.startsWith('### ')) {
      parts.push([]);
    }
    parts[parts.length - 1].push(line);
  }
  const note = `*The access delta is cut: ${rest}.*`;
  // Per section: its heading and table header are kept whole; rows share what is left.
  const fixed = parts.map((part) => part.filter((l) => !/^(\| |- )/.test(l) || /^\|---/.test(l) || /^\| principal \|/.test(l)));
  const rows = parts.map((part, i) => part.filter((l) => !fixed[i].includes(l)));
  const moreNote = (n: number) => `*… ${n} more*`;
  let left = room - note.length - 4 - fixed.reduce((n, f) => n + f.join('\n').length + 1, 0) - rows.length * (moreNote(99999).length + 2);
  const kept: string[][] = rows.map(() => []);
  // Round-robin, one row at a time, so every section gets its first rows before any gets many.
  for (let index = 0, progressed = true; progressed; index++) {
    progressed = false;
    rows.forEach((section, i) => {
      const line = section[index];
      if (line !== undefined && line.length + 1 <= left) {
        kept[i].push(line);
        left -= line.length + 1;
        progressed = true;
      }
    });
  }
  const out = parts.flatMap((part, i) => {
    const missing = rows[i].length - kept[i].length;
    const lastRow = part.reduce((last, line, at) => (rows[i].includes(line) ? at : last), -1);
    return part.flatMap((line, at) => {
      const shown = fixed[i].includes(line) || kept[i].includes(line) ? [line] : [];
      // The note follows the section's last row, before any text after the rows.
      return at === lastRow && missing > 0 ? [...shown, '', moreNote(missing)] : shown;
    });
  });
  return `${out.join('\n').replace(/\s+$/, '')}\n\n${note}\n\n`;
}

/**
 * The comment: the gate's verdict and the access delta first, then the access review and the
 * plan, folded, within `limit` characters. What does not fit is cut at a line, with a link to the
 * artifact that holds all of it.
 */
export function renderPrComment(input: PrCommentInput): string {
  if (!Number.isInteger(input.limit) || input.limit < MIN_LIMIT) {
    throw new UsageError(`--limit ${input.limit} is too small: the comment needs at least ${MIN_LIMIT} characters`);
  }
  const head = readReview(input.head);
  const base = input.base === undefined ? undefined : readReview(input.base);
  if (base && base.stack !== head.stack) {
    throw new Error(`${input.base} reviews the stack ${JSON.stringify(base.stack)} and ${input.head} the stack ${JSON.stringify(head.stack)}; compare reviews of one stack`);
  }
  const link = input.detailsUrl === undefined ? undefined : linkTarget(input.detailsUrl);
  const rest = link ? `the whole of it is in [the pipeline's artifact](${link})` : 'the whole of it is in the pipeline run';

  const title = `## Entra Private Access: ${md(head.stack)}\n\n`;
  const gate = input.gate === undefined ? '' : `${input.gate.replace(/\s+$/, '')}\n\n`;
  const footer = link ? `\nThe plan and the access review in full: [the pipeline's artifact](${link}).\n` : '';
  let budget = input.limit - title.length - gate.length - footer.length;
  if (budget < 0) {
    throw new Error(`the gate's verdict alone (${gate.length} characters) does not fit in --limit ${input.limit}`);
  }

  const deltaText = base
    ? renderAccessDelta(accessDelta(base, head))
    : 'No access review on the base branch to compare with (its first one, or a base without the pipeline): everything in the review below is new.\n';
  const reviewSection: Section = { summary: 'Access review', body: renderAccessReview(head).replace(/\s+$/, '').split('\n') };
  let planSection: Section | undefined;
  if (input.plan !== undefined) {
    const lines = cleanPlan(input.plan.replace(/\s+$/, ''));
    // The fence is longer than any run of backticks in the whole plan, so no line can close it.
    const fence = fenced('', lines);
    planSection = { summary: 'Terraform plan', body: lines, before: [fence[0]], after: [fence[fence.length - 1]], keepTail: PLAN_TAIL_LINES };
  }

  // The room is shared in order of importance, but none takes it all: the delta gets what it needs
  // up to 60%, unless the others need less than the rest; the review likewise of what remains.
  const wholeDelta = `${deltaText.replace(/\s+$/, '')}\n\n`;
  const wholeReview = foldedSection(reviewSection, Infinity, rest)!.length + 1;
  const wholePlan = planSection ? foldedSection(planSection, Infinity, rest)!.length + 1 : 0;
  const deltaRoom = Math.min(wholeDelta.length, Math.max(Math.floor(budget * 0.6), budget - wholeReview - wholePlan));
  const delta = wholeDelta.length <= deltaRoom ? wholeDelta : cutDelta(wholeDelta, deltaRoom, rest);
  budget -= delta.length;
  const reviewRoom = Math.min(wholeReview, Math.max(Math.floor(budget * 0.6), budget - wholePlan));
  const sections: string[] = [];
  const review = foldedSection(reviewSection, reviewRoom - 1, rest);
  if (review) {
    sections.push(review);
    budget -= review.length + 1;
  }
  const plan = planSection && foldedSection(planSection, budget - 1, rest);
  if (plan) {
    sections.push(plan);
  }
  const comment = `${title}${gate}${delta}${sections.join('\n')}${footer}`;
  if (comment.length > input.limit) {
    // Never expected (every part was measured); fail rather than post a comment GitHub refuses.
    throw new Error(`the comment came out at ${comment.length} characters, over --limit ${input.limit}`);
  }
  return comment;
}

/** `entra-private-access pr-comment`. */
export const PR_COMMENT_COMMAND: CliCommand = {
  name: 'pr-comment',
  usage: `pr-comment --head <access-review.json> [--base <access-review.json>] [--plan <plan.txt>]
           [--gate <verdict.md>] [--details-url <https URL>] [--limit <characters>]
    Writes a pull request comment (or a run summary) to stdout: the gate's verdict and the access
    delta from --base to --head first, then the access review and Terraform's plan, folded, in at
    most --limit characters (${GITHUB_COMMENT_LIMIT}, GitHub's limit, by default). What does not fit
    is cut at a line, with a link to --details-url (the artifact that holds everything). Colour
    codes are removed from the plan, and no text from the files can break out of its section.`,
  run: async (args, io) => {
    const parsed = parseArgs(args, [], ['head', 'base', 'plan', 'gate', 'details-url', 'limit']);
    if (parsed.positional.length > 0) {
      throw new UsageError(`pr-comment takes options only, not ${JSON.stringify(parsed.positional[0])}`);
    }
    const headFile = stringOption(parsed, 'head');
    if (headFile === undefined) {
      throw new UsageError('pr-comment needs --head <access-review.json>, the review of the pull request');
    }
    const limitText = stringOption(parsed, 'limit', String(GITHUB_COMMENT_LIMIT));
    if (!/^\d+$/.test(limitText)) {
      throw new UsageError(`--limit ${JSON.stringify(limitText)} is not a whole number of characters`);
    }
    const read = (option: string): string | undefined => {
      const file = stringOption(parsed, option);
      if (file === undefined) {
        return undefined;
      }
      try {
        return fs.readFileSync(file, 'utf8');
      } catch (err) {
        throw new Error(`cannot read the --${option} file ${file}: ${(err as Error).message}`);
      }
    };
    io.write(
      renderPrComment({
        head: headFile,
        base: stringOption(parsed, 'base'),
        plan: read('plan'),
        gate: read('gate'),
        detailsUrl: stringOption(parsed, 'details-url'),
        limit: Number(limitText),
      }),
    );
    return 0;
  },
};

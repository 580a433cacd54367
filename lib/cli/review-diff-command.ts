import * as fs from 'fs';
import * as path from 'path';
import { CliCommand, parseArgs, stringOption, UsageError } from './command';
import { REVIEW_FORMAT_VERSION } from '../analysis/analyse';
import { accessDelta } from '../analysis/delta';
import type { AccessReviewDocument } from '../analysis/review-document';
import { renderAccessDelta } from '../private/delta-markdown';

const WHAT_TO_PASS = 'the access-review.json that cdktf synth writes next to a stack\'s cdk.tf.json (cdktf.out/stacks/<stack>/access-review.json, for a stack with AccessReview.of(stack))';

/** `file`'s sibling access-review.json, as a hint, when it exists. */
function siblingReview(file: string): string | undefined {
  const sibling = path.join(path.dirname(file), 'access-review.json');
  return sibling !== file && fs.existsSync(sibling) ? sibling : undefined;
}

/** The access reviews under a cdktf output folder (`<dir>/stacks/<stack>/access-review.json`). */
function reviewsUnder(dir: string): string[] {
  const stacks = path.join(dir, 'stacks');
  if (!fs.existsSync(stacks) || !fs.statSync(stacks).isDirectory()) {
    return [];
  }
  return fs
    .readdirSync(stacks)
    .sort()
    .map((stack) => path.join(stacks, stack, 'access-review.json'))
    .filter((f) => fs.existsSync(f));
}

/** "pass X" or "pass one of X, Y" or the general advice, for the files found. */
function passInstead(candidates: string[]): string {
  if (candidates.length === 1) {
    return `pass ${candidates[0]}`;
  }
  if (candidates.length > 1) {
    return `pass one of ${candidates.join(', ')}`;
  }
  return `pass ${WHAT_TO_PASS}`;
}

/**
 * What `file` is when it is not an access review, and what to pass instead; undefined when it has
 * the shape of one (stack and applications).
 */
function notAReview(file: string, doc: unknown): string | undefined {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    return `${file} is JSON but not an access review (an object with "stack" and "applications"): ${passInstead([])}`;
  }
  const json = doc as Record<string, unknown>;
  const sibling = siblingReview(file);
  if (typeof json.stack === 'string' && Array.isArray(json.applications)) {
    return undefined;
  }
  if ('resource' in json || 'data' in json || 'provider' in json || ('terraform' in json && typeof json.terraform === 'object')) {
    const hint = sibling
      ? `pass ${sibling}`
      : `there is no access-review.json next to it: attach one with AccessReview.of(stack), synthesize again and pass the access-review.json written next to the cdk.tf.json`;
    return `${file} is a synthesized Terraform stack (cdk.tf.json), not an access review: ${hint}`;
  }
  if ('format_version' in json && ('planned_values' in json || 'resource_changes' in json || 'values' in json || 'terraform_version' in json)) {
    return `${file} is Terraform's JSON (terraform show -json of a plan or state), not an access review: review-diff compares two access reviews; ${passInstead(sibling ? [sibling] : [])}`;
  }
  if (json.stacks && typeof json.stacks === 'object' && 'version' in json) {
    return `${file} is cdktf's manifest.json, not an access review: ${passInstead(reviewsUnder(path.dirname(file)))}`;
  }
  if (Array.isArray(json.gained) && Array.isArray(json.lost)) {
    return `${file} is an access delta (review-diff --format json), not an access review: pass the two access-review.json files to compare`;
  }
  return `${file} is JSON but not an access review (it has no "stack" and "applications"): ${passInstead(sibling ? [sibling] : [])}`;
}

/** Reads an `access-review.json`, refusing another kind of file and a format this version does not understand. */
export function readReview(file: string): AccessReviewDocument {
  let text: string;
  try {
    if (fs.statSync(file).isDirectory()) {
      const inside = path.join(file, 'access-review.json');
      throw new Error(`${file} is a folder: ${passInstead(fs.existsSync(inside) ? [inside] : reviewsUnder(file))}`);
    }
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new Error(`${file} does not exist: synthesize first (npx cdktf synth) and ${passInstead([])}`);
    }
    if (code === undefined && err instanceof Error) {
      throw err;
    }
    throw new Error(`cannot read ${file}: ${(err as Error).message}`);
  }
  let doc: AccessReviewDocument;
  try {
    doc = JSON.parse(text);
  } catch {
    const sibling = siblingReview(file);
    const markdown = /\.md$/i.test(file) || /^#\s/.test(text);
    throw new Error(
      `${file} is not JSON${markdown ? ' (it looks like the Markdown access-review.md, which is for people)' : ''}: review-diff reads access-review.json; ${passInstead(sibling ? [sibling] : [])}`,
    );
  }
  const problem = notAReview(file, doc);
  if (problem) {
    throw new Error(problem);
  }
  if (doc.formatVersion !== REVIEW_FORMAT_VERSION) {
    throw new Error(
      `${file} is access review format ${doc.formatVersion ?? '0 (before versions)'}, and this version reads format ${REVIEW_FORMAT_VERSION}: synthesize both reviews with the same version of cdktf-entra-private-access`,
    );
  }
  return doc;
}

/**
 * `entra-private-access review-diff <base> <head> [--format json]`: who gains and who loses which
 * access between two access reviews of a stack, as Markdown (or JSON for tools).
 */
export function runReviewDiff(base: string, head: string, format: string): string {
  const before = readReview(base);
  const after = readReview(head);
  if (before.stack !== after.stack) {
    throw new Error(`${base} reviews the stack ${JSON.stringify(before.stack)} and ${head} the stack ${JSON.stringify(after.stack)}; compare reviews of one stack`);
  }
  const delta = accessDelta(before, after);
  return format === 'json' ? `${JSON.stringify(delta, null, 2)}\n` : renderAccessDelta(delta);
}

/** `entra-private-access review-diff`. */
export const REVIEW_DIFF_COMMAND: CliCommand = {
  name: 'review-diff',
  usage: `review-diff <base access-review.json> <head access-review.json> [--format markdown|json]
    Prints who gains and who loses which access between two access reviews of a stack, and
    what changes in the Conditional Access that guards the apps, the connector groups, DNS
    suffixes, adopted objects, the network path and the checks: Markdown for a pull request
    comment (one line when nothing changed), or JSON for tools. What cannot be compared (values
    known only at apply, unverified principals, reviews written without validation) is listed.`,
  run: async (args, io) => {
    const parsed = parseArgs(args, [], ['format']);
    if (parsed.positional.length !== 2) {
      throw new UsageError('review-diff needs two files: <base access-review.json> <head access-review.json>');
    }
    const format = stringOption(parsed, 'format', 'markdown');
    if (format !== 'markdown' && format !== 'json') {
      throw new UsageError(`--format ${JSON.stringify(format)} is neither markdown nor json`);
    }
    io.write(runReviewDiff(parsed.positional[0], parsed.positional[1], format));
    return 0;
  },
};

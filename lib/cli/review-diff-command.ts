import * as fs from 'fs';
import { CliCommand, parseArgs, stringOption, UsageError } from './command';
import { REVIEW_FORMAT_VERSION } from '../analysis/analyse';
import { accessDelta } from '../analysis/delta';
import type { AccessReviewDocument } from '../analysis/review-document';
import { renderAccessDelta } from '../private/delta-markdown';

/** Reads an `access-review.json`, refusing a format this version does not understand. */
export function readReview(file: string): AccessReviewDocument {
  let doc: AccessReviewDocument;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (doc?.formatVersion !== REVIEW_FORMAT_VERSION) {
    throw new Error(
      `${file} is access review format ${doc?.formatVersion ?? '0 (before versions)'}, and this version reads format ${REVIEW_FORMAT_VERSION}: synthesize both reviews with the same version of cdktf-entra-private-access`,
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

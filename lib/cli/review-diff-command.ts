import * as fs from 'fs';
import type { AccessReviewDocument } from '../access-review';
import { accessDelta, renderAccessDelta } from '../private/access-delta';
import { REVIEW_FORMAT_VERSION } from '../private/review-format';

/** Reads an `access-review.json`, refusing a format this version does not understand. */
function readReview(file: string): AccessReviewDocument {
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

import * as fs from 'fs';
import { analyse } from '../analysis/analyse';
import { accessDelta, AccessDelta, DeltaChange } from '../analysis/delta';
import type { AccessReviewDocument } from '../analysis/review-document';
import { readPlanModel } from '../readers/plan-reader';
import { code, md } from '../private/markdown';
import { renderAccessDelta } from '../private/delta-markdown';
import { CliCommand, parseArgs, stringOption, UsageError } from './command';
import { readReview } from './review-diff-command';

/** What the gate found: whether the plan grants exactly what the approved review shows, and how not. */
export interface PlanGateResult {
  /** Whether the plan grants exactly what the review shows. */
  readonly matches: boolean;
  /** The differences, as a delta from the approved review to the plan. */
  readonly delta: AccessDelta;
  /** The review of the plan. */
  readonly planReview: AccessReviewDocument;
}

/**
 * Holds a plan against the access review a pull request showed: the plan's configuration is read
 * into the access model and compared with the review's, through the same delta as `review-diff`.
 * Anything the plan grants, removes or changes that the review did not show, and anything in the
 * plan that cannot be compared and was not already in the review, is a mismatch.
 *
 * @param plan the plan's JSON (`terraform show -json plan.tfplan`)
 * @param approved the review the pull request showed
 */
export function checkPlan(plan: unknown, approved: AccessReviewDocument): PlanGateResult {
  if (!approved.model) {
    throw new Error('the approved review carries no access model; synthesize it with this version of cdktf-entra-private-access');
  }
  const model = readPlanModel(plan, approved.stack);
  const planReview = analyse({ model, validationRan: true, facts: approved.facts }).document;
  const full = accessDelta(approved, planReview);
  const seen = new Set(full.uncomparable.length > 0 ? accessDelta(approved, approved).uncomparable.map(key) : []);
  // Nothing the review already showed as uncomparable is new; the checks (rule pack, tests) are the
  // program's, which a plan does not carry.
  const delta: AccessDelta = { ...full, uncomparable: full.uncomparable.filter((c) => !seen.has(key(c)) && c.kind !== 'unchecked' && c.kind !== 'noModel'), checks: [] };
  const matches = delta.gained.length + delta.lost.length + delta.changes.length + delta.uncomparable.length === 0;
  return { matches, delta, planReview };
}

function key(c: DeltaChange): string {
  return `${c.kind}\n${c.subject}\n${c.message}`;
}

/** The gate's report as Markdown. */
export function renderPlanGate(result: PlanGateResult, planFile: string, reviewFile: string): string {
  if (result.matches) {
    return `The plan ${code(planFile)} grants exactly what ${code(reviewFile)} shows (stack ${md(result.delta.stack)}).\n`;
  }
  return [
    `## The plan does not match the approved review: ${md(result.delta.stack)}`,
    '',
    `${code(planFile)} would apply what ${code(reviewFile)} did not show. Do not apply it: review the change in a pull request.`,
    '',
    renderAccessDelta(result.delta).replace(/^## Access delta: .*\n\n/, ''),
  ].join('\n');
}

/** `entra-private-access review`. */
export const REVIEW_COMMAND: CliCommand = {
  name: 'review',
  usage: `review --plan <plan.json> --approved <access-review.json> [--format markdown|json]
    Holds a saved plan (terraform show -json <plan file>) against the access review the pull
    request showed: exit 0 when the plan grants exactly what the review shows, 2 when it does not
    (the difference is printed), 1 on an error. The deploy job runs it before it applies the plan.`,
  run: async (args, io) => {
    const parsed = parseArgs(args, [], ['plan', 'approved', 'format']);
    const planFile = stringOption(parsed, 'plan');
    const reviewFile = stringOption(parsed, 'approved');
    if (planFile === undefined || reviewFile === undefined || parsed.positional.length > 0) {
      throw new UsageError('review needs --plan <plan.json> and --approved <access-review.json>');
    }
    const format = stringOption(parsed, 'format', 'markdown');
    if (format !== 'markdown' && format !== 'json') {
      throw new UsageError(`--format ${JSON.stringify(format)} is neither markdown nor json`);
    }
    let plan: unknown;
    try {
      plan = JSON.parse(fs.readFileSync(planFile, 'utf8'));
    } catch (err) {
      throw new Error(`cannot read ${planFile}: ${(err as Error).message}`);
    }
    const result = checkPlan(plan, readReview(reviewFile));
    io.write(format === 'json' ? `${JSON.stringify({ matches: result.matches, delta: result.delta }, null, 2)}\n` : renderPlanGate(result, planFile, reviewFile));
    return result.matches ? 0 : 2;
  },
};

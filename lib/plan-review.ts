import * as os from 'os';
import { TerraformStack, Testing } from 'cdktf';
import { AccessReview } from './access-review';
import type { AccessReviewDocument } from './analysis/review-document';

/** The access review of a stack, as data and as Markdown. */
export interface AccessReviewSnapshot {
  /** The review as data (what `access-review.json` holds). */
  readonly document: AccessReviewDocument;
  /** The review as Markdown (what `access-review.md` holds). */
  readonly markdown: string;
}

/**
 * Snapshot-tested plan reviews: the synthesized stack and its access review, normalized for
 * `expect(...).toMatchSnapshot()`, so that the diff of the snapshots in a pull request is the
 * review. From the testing entry point, `cdktf-entra-private-access/testing`.
 */
export class PlanReview {
  /**
   * Synthesizes a stack into normalized, deterministic JSON for `expect(...).toMatchSnapshot()`:
   * aspects (such as the rule pack) and validations run (so a failing access test or an overlap fails
   * the test), cdktf's `//` metadata is removed, keys are sorted, and absolute paths of the machine
   * (working directory, home, temp) are replaced by `<cwd>`, `<home>` and `<tmp>`.
   *
   * The diff of the snapshot in a pull request is the plan review.
   *
   * @example
   * test('the SSH access plan', () => {
   *   expect(PlanReview.synthSnapshot(new SshAdminStack(Testing.app(), 'ssh-admin'))).toMatchSnapshot();
   * });
   *
   * @param stack the stack to synthesize
   */
  public static synthSnapshot(stack: TerraformStack): { [key: string]: any } {
    return JSON.parse(withoutMachinePaths(Testing.synth(stack, true)));
  }

  /**
   * The access review of a stack (who can reach what), after running its aspects and validations,
   * for `expect(...).toMatchSnapshot()`.
   *
   * @example
   * expect(PlanReview.accessReviewOf(stack).markdown).toMatchSnapshot();
   *
   * @param stack the stack to review
   */
  public static accessReviewOf(stack: TerraformStack): AccessReviewSnapshot {
    const review = AccessReview.of(stack);
    Testing.synth(stack, true);
    return { document: review.document(), markdown: review.markdown() };
  }

  private constructor() {}
}

/** Replaces the machine's absolute paths in synthesized text, longest first. */
function withoutMachinePaths(text: string): string {
  const paths: Array<[string, string]> = [
    [process.cwd(), '<cwd>'],
    [os.homedir(), '<home>'],
    [os.tmpdir(), '<tmp>'],
  ];
  return paths
    .filter(([p]) => p.length > 1)
    .sort(([a], [b]) => b.length - a.length)
    .reduce((t, [p, placeholder]) => t.split(JSON.stringify(p).slice(1, -1)).join(placeholder), text);
}

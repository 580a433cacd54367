import * as fs from 'fs';
import * as path from 'path';
import { ISynthesisSession, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { REVIEW_FORMAT_VERSION } from './analysis/analyse';
import type { AccessReviewDocument } from './analysis/review-document';
import { addCustomSynthesis } from './private/cdktf-internals';
import { renderAccessReview } from './private/review-markdown';
import { analyseStackNow, attachReviewWriter, attachSession } from './private/stack-analysis';


const ID = 'AccessReview';

/**
 * The access review of a stack: who can reach what through Entra Private Access, written at synth
 * next to the stack's `cdk.tf.json` as `access-review.md` (with a Mermaid diagram that GitHub
 * renders in a pull request) and `access-review.json`.
 *
 * The review is computed from the stack's synthesized configuration, after every aspect, override
 * and raw resource, through the access model, so it shows what Terraform applies, not what the
 * constructs meant. Values known only at apply say so, with the expression they come from.
 *
 * A stack gets one when it asks for it: `AccessReview.of(stack)` (the core constructs never add
 * it, so a stack writes nothing but Terraform unless the program attaches a review). The review
 * lists, per app, the destinations (with the parts enterprise apps take from Quick Access), the
 * connector group, the principals, the Conditional Access policies with their controls and state,
 * MFA coverage, and the rule-pack findings and suppressions; and for the stack its policies,
 * connector groups, the forwarding profile, the network path, adopted objects and stated facts. It
 * holds no token or machine path and is sorted by content, so it is byte-identical across runs and
 * unchanged when the program is reordered.
 */
export class AccessReview extends Construct {
  /** The version of the `access-review.json` format this library writes. */
  public static readonly FORMAT_VERSION = REVIEW_FORMAT_VERSION;

  /**
   * Attaches the review to the stack `scope` belongs to, once: later calls return the same review.
   * Its files are written when the stack synthesizes.
   *
   * @example
   * AccessReview.of(stack);
   *
   * @param scope any construct of the stack
   */
  public static of(scope: IConstruct): AccessReview {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(ID);
    return existing instanceof AccessReview ? existing : new AccessReview(stack, ID);
  }

  /**
   * Renders a review document as Markdown with a Mermaid diagram, every piece of text escaped
   * (what `access-review.md` holds).
   *
   * @param document a review, such as one read back from `access-review.json`
   */
  public static toMarkdown(document: AccessReviewDocument): string {
    return renderAccessReview(document);
  }

  private constructor(scope: TerraformStack, id: string) {
    super(scope, id);
    const stack = TerraformStack.of(this);
    attachReviewWriter(stack, (session, result) => {
      const dir = path.join(session.outdir, session.manifest.forStack(stack).workingDirectory);
      fs.writeFileSync(path.join(dir, 'access-review.json'), `${JSON.stringify(result.document, null, 2)}\n`);
      fs.writeFileSync(path.join(dir, 'access-review.md'), renderAccessReview(result.document));
    });
    // Custom synthesis runs after validation and before the configuration is written: the session
    // goes to the analysis of that configuration, which writes the files.
    addCustomSynthesis(this, (session: ISynthesisSession) => attachSession(stack, session));
  }

  /** The review as data, for the program as it is now (its configuration is synthesized and read). */
  public document(): AccessReviewDocument {
    return analyseStackNow(TerraformStack.of(this)).document;
  }

  /** The review as Markdown, with a Mermaid diagram. */
  public markdown(): string {
    return renderAccessReview(this.document());
  }
}

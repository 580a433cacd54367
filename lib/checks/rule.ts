import { AccessModel, ModelApplication, ModelConnectorGroup, ModelPolicy, ModelSource } from '../model/access-model';

/** How serious a finding of a rule is. */
export enum RuleLevel {
  /** The configuration leaves access unprotected or broken: synthesis fails. */
  ERROR = 'error',
  /** Legal but risky: synthesis succeeds and the CLI shows the warning. */
  WARNING = 'warning',
}

/** One thing a rule found, about one element of the access model. */
export interface RuleFinding {
  /**
   * What the finding is about: an app's, a segment's or a policy's `source` in the model. Its
   * construct path is where the finding can be suppressed.
   */
  readonly subject: ModelSource;
  /** What is wrong and how to fix it. */
  readonly message: string;
  /**
   * The level of this finding, when it differs from the rule's (an error rule reports what it
   * cannot decide as a warning).
   *
   * @default - the rule's level
   */
  readonly level?: RuleLevel;
}

/**
 * What the rules look at: the access model of the stack as Terraform will apply it, read from its
 * synthesized configuration after every aspect and override.
 */
export interface RuleContext {
  /** The stack's access model. */
  readonly model: AccessModel;
  /** The apps the pack judges: the stack's apps below the construct the pack was added to. */
  readonly applications: ModelApplication[];
  /** Every Private Access app the analysis sees (all stacks of the cdktf App), for rules that span apps. */
  readonly allApplications: ModelApplication[];
  /** Every Conditional Access policy the analysis sees. */
  readonly policies: ModelPolicy[];
  /** Every connector group the analysis sees. */
  readonly connectorGroups: ModelConnectorGroup[];
}

/**
 * A rule of the `PrivateAccessChecks` pack: an id, a level, what it checks and why.
 *
 * `check` is called once per stack with the stack's access model, and returns findings about the
 * apps, segments and policies it judges.
 */
export abstract class PrivateAccessRule {
  /** The rule's id, such as `EPA-CA-1`, used to suppress it. */
  public abstract readonly id: string;
  /** The rule's level. */
  public abstract readonly level: RuleLevel;
  /** What the rule requires, in a few words. */
  public abstract readonly title: string;
  /** Why the rule exists. */
  public abstract readonly rationale: string;

  /**
   * The rule's findings on the stack.
   *
   * @param context the stack's access model and what the pack judges
   */
  public abstract check(context: RuleContext): RuleFinding[];
}

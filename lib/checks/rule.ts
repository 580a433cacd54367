import { IConstruct } from 'constructs';
import type { PrivateAccessApplicationBase } from '../private-access-application-base';
import type { PrivateAccessConditionalAccessPolicy } from '../private-access-conditional-access-policy';

/** How serious a finding of a rule is. */
export enum RuleLevel {
  /** The configuration leaves access unprotected or broken: synthesis fails. */
  ERROR = 'error',
  /** Legal but risky: synthesis succeeds and the CLI shows the warning. */
  WARNING = 'warning',
}

/** One thing a rule found, on one construct. */
export interface RuleFinding {
  /** The construct the finding is about, where it can be suppressed. */
  readonly construct: IConstruct;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** Everything the rules may look at: every Private Access app and policy of the cdktf App. */
export interface RuleContext {
  /** Every Private Access app, in the order they were made. */
  readonly applications: PrivateAccessApplicationBase[];
  /** Every Private Access Conditional Access policy, in the order they were made. */
  readonly policies: PrivateAccessConditionalAccessPolicy[];
}

/**
 * A rule of the `PrivateAccessChecks` pack: an id, a level, what it checks and why.
 *
 * `check` is called for every construct of the tree and returns findings for the constructs the
 * rule is about (apps, segments or policies), nothing for the others.
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
   * The rule's findings on `node`.
   *
   * @param node the construct visited
   * @param context every app and policy of the cdktf App
   */
  public abstract check(node: IConstruct, context: RuleContext): RuleFinding[];
}

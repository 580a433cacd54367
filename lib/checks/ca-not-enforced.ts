import { IConstruct } from 'constructs';
import {
  ConditionalAccessPolicyState,
  PrivateAccessConditionalAccessPolicy,
} from '../private-access-conditional-access-policy';
import { PrivateAccessRule, RuleContext, RuleFinding, RuleLevel } from './rule';

/** EPA-CA-3: a Private Access Conditional Access policy is enforced, not report-only or disabled. */
export class CaNotEnforcedRule extends PrivateAccessRule {
  public readonly id = 'EPA-CA-3';
  public readonly level = RuleLevel.WARNING;
  public readonly title = 'Conditional Access policy enforced (not report-only or disabled)';
  public readonly rationale =
    'Report-only is the right way to trial a policy, and the wrong place to leave it: a report-only or disabled policy protects nothing, while the code reads as if it did.';

  public check(node: IConstruct, _context: RuleContext): RuleFinding[] {
    if (!(node instanceof PrivateAccessConditionalAccessPolicy) || node.state === ConditionalAccessPolicyState.ENABLED) {
      return [];
    }
    const how = node.state === ConditionalAccessPolicyState.DISABLED ? 'is disabled' : 'is report-only (enabledForReportingButNotEnforced)';
    return [
      {
        construct: node,
        message: `policy "${node.displayName}" ${how}, so it protects nothing; set state to ConditionalAccessPolicyState.ENABLED once its sign-in logs look right`,
      },
    ];
  }
}

import { policyName } from '../analysis/coverage';
import { judgedPolicies } from '../private/rule-helpers';
import { PrivateAccessRule, RuleContext, RuleFinding, RuleLevel } from './rule';

/** EPA-CA-4: a policy that targets a Private Access app excludes an emergency-access account. */
export class CaBreakGlassRule extends PrivateAccessRule {
  public readonly id = 'EPA-CA-4';
  public readonly level = RuleLevel.WARNING;
  public readonly title = 'Conditional Access policy excludes a break-glass principal';
  public readonly rationale =
    'Microsoft recommends excluding emergency-access accounts from every Conditional Access policy, so that a misconfigured policy or an MFA outage cannot lock every administrator out.';

  public check(context: RuleContext): RuleFinding[] {
    return judgedPolicies(context)
      .filter((p) => p.excludes.length === 0)
      .map((p) => ({
        subject: p.source,
        message: `policy "${policyName(p)}" excludes no emergency-access (break-glass) account; pass them in excludePrincipals`,
      }));
  }
}

import { policyName } from '../analysis/coverage';
import { show } from '../analysis/shapes';
import { judgedPolicies } from '../private/rule-helpers';
import { PrivateAccessRule, RuleContext, RuleFinding, RuleLevel } from './rule';

/** EPA-CA-3: a policy that targets a Private Access app is enforced, not report-only or disabled. */
export class CaNotEnforcedRule extends PrivateAccessRule {
  public readonly id = 'EPA-CA-3';
  public readonly level = RuleLevel.WARNING;
  public readonly title = 'Conditional Access policy enforced (not report-only or disabled)';
  public readonly rationale =
    'Report-only is the right way to trial a policy, and the wrong place to leave it: a report-only or disabled policy protects nothing, while the code reads as if it did.';

  public check(context: RuleContext): RuleFinding[] {
    return judgedPolicies(context)
      .filter((p) => p.state.value !== 'enabled')
      .map((p) => {
        const how =
          p.state.value === 'disabled'
            ? 'is disabled'
            : p.state.value === 'enabledForReportingButNotEnforced'
              ? 'is report-only (enabledForReportingButNotEnforced)'
              : `has the state ${show(p.state)}`;
        return {
          subject: p.source,
          message: `policy "${policyName(p)}" ${how}, so it protects nothing; set state to ConditionalAccessPolicyState.ENABLED once its sign-in logs look right`,
        };
      });
  }
}

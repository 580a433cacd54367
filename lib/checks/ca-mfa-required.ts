import { coverage, mfaPoliciesOf, subjectOf } from '../analysis/coverage';
import { appName, graphOf } from '../private/rule-helpers';
import { PrivateAccessRule, RuleContext, RuleFinding, RuleLevel } from './rule';

/**
 * EPA-CA-1: everyone assigned to a Private Access app is covered by an enforced Conditional Access
 * policy that targets the app and requires MFA or an authentication strength on every way in.
 *
 * A policy whose controls combine with OR lets the other control in without MFA (`compliantDevice
 * OR mfa`), so it does not count; neither does a policy that excludes an assignee or includes only
 * other principals. When coverage depends on who is in a group (a group excluded from the policy
 * whose members are not stated), the finding is a warning that says what to state.
 */
export class CaMfaRequiredRule extends PrivateAccessRule {
  public readonly id = 'EPA-CA-1';
  public readonly level = RuleLevel.ERROR;
  public readonly title = 'Every assignee of the app covered by an enabled Conditional Access policy requiring MFA or an authentication strength';
  public readonly rationale =
    'Private Access replaces a VPN with per-app, identity-checked access; without MFA a stolen password alone opens a tunnel to the servers. Conditional Access applies per app and per user, so each app needs coverage for everyone who can connect.';

  public check(context: RuleContext): RuleFinding[] {
    const graph = graphOf(context);
    const findings: RuleFinding[] = [];
    const fix =
      'guard it with a PrivateAccessConditionalAccessPolicy that requires MFA or an authentication strength (with grantOperator AND when it also requires a device) and includes its assignees (SshAdminAccess makes one unless enableConditionalAccess is false)';
    for (const app of context.applications) {
      if (mfaPoliciesOf(app, context.policies).length === 0) {
        findings.push({
          subject: app.source,
          message: `app "${appName(app)}" is covered by no enabled Conditional Access policy requiring MFA or an authentication strength on every way in; ${fix}`,
        });
        continue;
      }
      const results = app.assignments.map((a) => ({ p: a.principal, c: coverage(app, subjectOf(a.principal), context.policies, graph) }));
      const uncovered = results.filter((r) => r.c.answer === 'no');
      if (uncovered.length > 0) {
        findings.push({
          subject: app.source,
          message: `app "${appName(app)}": no enabled Conditional Access policy requiring MFA on every way in applies to ${uncovered.map((r) => r.p.description).join(', ')} (excluded, or not included); include them in the policy, or remove their assignment`,
        });
      }
      for (const r of results.filter((x) => x.c.answer === 'unknown')) {
        findings.push({
          subject: app.source,
          level: RuleLevel.WARNING,
          message: `app "${appName(app)}": whether MFA is required of ${r.p.description} cannot be decided: ${r.c.why}`,
        });
      }
    }
    return findings;
  }
}

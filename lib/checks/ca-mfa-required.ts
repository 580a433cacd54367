import { IConstruct } from 'constructs';
import { principalsWithoutMfa, requiresMfaOnEveryPath } from '../private/coverage';
import { PrivateAccessApplicationBase } from '../private-access-application-base';
import { enforcedPoliciesOf } from '../private/rule-helpers';
import { PrivateAccessRule, RuleContext, RuleFinding, RuleLevel } from './rule';

/**
 * EPA-CA-1: everyone assigned to a Private Access app is covered by an enforced Conditional Access
 * policy that targets the app and requires MFA or an authentication strength on every way in.
 *
 * A policy whose controls combine with OR lets the other control in without MFA (`compliantDevice
 * OR mfa`), so it does not count; neither does a policy that excludes an assignee or includes only
 * other principals. Group membership is not expanded.
 */
export class CaMfaRequiredRule extends PrivateAccessRule {
  public readonly id = 'EPA-CA-1';
  public readonly level = RuleLevel.ERROR;
  public readonly title = 'Every assignee of the app covered by an enabled Conditional Access policy requiring MFA or an authentication strength';
  public readonly rationale =
    'Private Access replaces a VPN with per-app, identity-checked access; without MFA a stolen password alone opens a tunnel to the servers. Conditional Access applies per app and per user, so each app needs coverage for everyone who can connect.';

  public check(node: IConstruct, context: RuleContext): RuleFinding[] {
    if (!(node instanceof PrivateAccessApplicationBase)) {
      return [];
    }
    const fix =
      'guard it with a PrivateAccessConditionalAccessPolicy that requires MFA or an authentication strength (with grantOperator AND when it also requires a device) and includes its assignees (SshAdminAccess makes one unless enableConditionalAccess is false)';
    if (!enforcedPoliciesOf(node, context).some(requiresMfaOnEveryPath)) {
      return [
        {
          construct: node,
          message: `app "${node.displayName}" is covered by no enabled Conditional Access policy requiring MFA or an authentication strength on every way in; ${fix}`,
        },
      ];
    }
    const uncovered = principalsWithoutMfa(node, context.policies);
    return uncovered.length === 0
      ? []
      : [
          {
            construct: node,
            message: `app "${node.displayName}": no enabled Conditional Access policy requiring MFA on every way in applies to ${uncovered.map((p) => `${p}`).join(', ')} (excluded, or not included); include them in the policy, or remove their assignment`,
          },
        ];
  }
}

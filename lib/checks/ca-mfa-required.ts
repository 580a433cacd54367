import { IConstruct } from 'constructs';
import { PrivateAccessApplication } from '../private-access-application';
import { enforcedPoliciesOf, PrivateAccessRule, RuleContext, RuleFinding, RuleLevel } from './rule';

/**
 * EPA-CA-1: every Private Access app is covered by an enforced Conditional Access policy that
 * requires MFA or an authentication strength.
 */
export class CaMfaRequiredRule extends PrivateAccessRule {
  public readonly id = 'EPA-CA-1';
  public readonly level = RuleLevel.ERROR;
  public readonly title = 'App covered by an enabled Conditional Access policy requiring MFA or an authentication strength';
  public readonly rationale =
    'Private Access replaces a VPN with per-app, identity-checked access; without MFA a stolen password alone opens a tunnel to the servers. Conditional Access applies per app, so each app needs its own coverage.';

  public check(node: IConstruct, context: RuleContext): RuleFinding[] {
    if (!(node instanceof PrivateAccessApplication)) {
      return [];
    }
    const covered = enforcedPoliciesOf(node, context).some((p) => p.requiresMfa || p.authenticationStrengthPolicyId !== undefined);
    return covered
      ? []
      : [
          {
            construct: node,
            message: `app "${node.displayName}" is covered by no enabled Conditional Access policy requiring MFA or an authentication strength; guard it with a PrivateAccessConditionalAccessPolicy (SshAdminAccess makes one unless conditionalAccess is false)`,
          },
        ];
  }
}

import { IConstruct } from 'constructs';
import { PrivateAccessConditionalAccessPolicy } from '../private-access-conditional-access-policy';
import { PrivateAccessRule, RuleContext, RuleFinding, RuleLevel } from './rule';

/** EPA-CA-4: a Private Access Conditional Access policy excludes the emergency-access accounts. */
export class CaBreakGlassRule extends PrivateAccessRule {
  public readonly id = 'EPA-CA-4';
  public readonly level = RuleLevel.WARNING;
  public readonly title = 'Conditional Access policy excludes a break-glass principal';
  public readonly rationale =
    'Microsoft recommends excluding emergency-access accounts from every Conditional Access policy, so that a misconfigured policy or an MFA outage cannot lock every administrator out.';

  public check(node: IConstruct, _context: RuleContext): RuleFinding[] {
    if (!(node instanceof PrivateAccessConditionalAccessPolicy) || node.excludePrincipals.length > 0) {
      return [];
    }
    return [
      {
        construct: node,
        message: `policy "${node.displayName}" excludes no emergency-access (break-glass) account; pass them in excludePrincipals`,
      },
    ];
  }
}

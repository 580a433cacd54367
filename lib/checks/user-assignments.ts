import { IConstruct } from 'constructs';
import { PrincipalType } from '../principal';
import { PrivateAccessApplicationBase } from '../private-access-application-base';
import { checkSetting } from '../private/rule-helpers';
import { PrivateAccessRule, RuleContext, RuleFinding, RuleLevel } from './rule';

/** EPA-ASSIGN-1: a user is not assigned directly to more than a few apps. */
export class UserAssignmentsRule extends PrivateAccessRule {
  public readonly id = 'EPA-ASSIGN-1';
  public readonly level = RuleLevel.WARNING;
  public readonly title: string;
  public readonly rationale =
    'Access granted user by user, app by app, is forgotten when people change roles; a group grants and revokes it in one place and shows up in access reviews.';

  /**
   * @param maxApps the most apps one user may be assigned to directly, such as 3
   */
  constructor(private readonly maxApps: number) {
    super();
    checkSetting('maxDirectUserAssignments', maxApps, 1);
    this.title = `No user assigned directly to more than ${maxApps} apps`;
  }

  public check(node: IConstruct, context: RuleContext): RuleFinding[] {
    if (!(node instanceof PrivateAccessApplicationBase)) {
      return [];
    }
    const findings: RuleFinding[] = [];
    for (const { principal } of node.assignments) {
      if (principal.principalType !== PrincipalType.USER) {
        continue;
      }
      const apps = context.applications.filter((a) => a.assignments.some((x) => x.principal.key === principal.key)).length;
      if (apps > this.maxApps) {
        findings.push({
          construct: node,
          message: `${principal} is assigned directly to ${apps} apps, more than ${this.maxApps}; assign a group instead`,
        });
      }
    }
    return findings;
  }
}

import { ModelPrincipalType } from '../model/access-model';
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

  public check(context: RuleContext): RuleFinding[] {
    const findings: RuleFinding[] = [];
    for (const app of context.applications) {
      for (const { principal } of app.assignments) {
        if (principal.principalType !== ModelPrincipalType.USER) {
          continue;
        }
        const apps = context.allApplications.filter((a) => a.assignments.some((x) => x.principal.identity === principal.identity)).length;
        if (apps > this.maxApps) {
          findings.push({ subject: app.source, message: `${principal.description} is assigned directly to ${apps} apps, more than ${this.maxApps}; assign a group instead` });
        }
      }
    }
    return findings;
  }
}

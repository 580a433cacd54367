import { appName } from '../private/rule-helpers';
import { PrivateAccessRule, RuleContext, RuleFinding, RuleLevel } from './rule';

/** EPA-CG-1: the app has a connector group of its own, not the tenant's default. */
export class DedicatedConnectorGroupRule extends PrivateAccessRule {
  public readonly id = 'EPA-CG-1';
  public readonly level = RuleLevel.WARNING;
  public readonly title = "App on a dedicated connector group, not the tenant's default";
  public readonly rationale =
    "The default connector group serves every app without a group of its own, so its connectors must reach every network; a dedicated group limits what a connector host can reach and keeps one app's outage from spreading.";

  public check(context: RuleContext): RuleFinding[] {
    const findings: RuleFinding[] = [];
    for (const app of context.applications) {
      if (app.existing) {
        continue; // the tenant's existing Quick Access app: its group is the tenant's business
      }
      const link = app.connectorGroup;
      const group = link?.connectorGroupAddress ? context.connectorGroups.find((g) => g.source.address === link.connectorGroupAddress) : undefined;
      if (link && !group?.tenantDefault) {
        continue;
      }
      const how = link ? "is on the tenant's default connector group" : 'has no connector group, so it falls back to the default';
      findings.push({ subject: app.source, message: `app "${appName(app)}" ${how}; give it a ConnectorGroup whose connectors reach only its servers` });
    }
    return findings;
  }
}

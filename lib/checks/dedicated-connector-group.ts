import { IConstruct } from 'constructs';
import { PrivateAccessApplicationBase } from '../private-access-application-base';
import { PrivateAccessRule, RuleContext, RuleFinding, RuleLevel } from './rule';

/** EPA-CG-1: an app has a connector group of its own, not the tenant's default. */
export class DedicatedConnectorGroupRule extends PrivateAccessRule {
  public readonly id = 'EPA-CG-1';
  public readonly level = RuleLevel.WARNING;
  public readonly title = "App on a dedicated connector group, not the tenant's default";
  public readonly rationale =
    "The default connector group serves every app without a group of its own, so its connectors must reach every network; a dedicated group limits what a connector host can reach and keeps one app's outage from spreading.";

  public check(node: IConstruct, _context: RuleContext): RuleFinding[] {
    if (!(node instanceof PrivateAccessApplicationBase)) {
      return [];
    }
    if (node.connectorGroup && !node.connectorGroup.isTenantDefault) {
      return [];
    }
    const how = node.connectorGroup ? "is on the tenant's default connector group" : 'has no connector group, so it falls back to the default';
    return [
      {
        construct: node,
        message: `app "${node.displayName}" ${how}; give it a ConnectorGroup whose connectors reach only its servers`,
      },
    ];
  }
}

import { IConstruct } from 'constructs';
import { PrivateAccessApplicationBase } from '../private-access-application-base';
import { enforcedPoliciesOf } from '../private/rule-helpers';
import { PrivateAccessRule, RuleContext, RuleFinding, RuleLevel } from './rule';

/** EPA-CA-2: every Private Access app requires a compliant or hybrid joined device. */
export class CaManagedDeviceRule extends PrivateAccessRule {
  public readonly id = 'EPA-CA-2';
  public readonly level = RuleLevel.WARNING;
  public readonly title = 'App requires a compliant or hybrid joined device';
  public readonly rationale =
    'Administrative access from an unmanaged device exposes sessions and keys to malware the organisation cannot see; Microsoft and the Maester checks recommend a managed-device requirement for Private Access apps.';

  public check(node: IConstruct, context: RuleContext): RuleFinding[] {
    if (!(node instanceof PrivateAccessApplicationBase)) {
      return [];
    }
    const managed = enforcedPoliciesOf(node, context).some((p) => p.requireCompliantDevice || p.requireHybridJoinedDevice);
    return managed
      ? []
      : [
          {
            construct: node,
            message: `app "${node.displayName}" requires no compliant or hybrid joined device; set requireCompliantDevice or requireHybridJoinedDevice on its Conditional Access policy`,
          },
        ];
  }
}

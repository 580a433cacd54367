import { appName, enforcedPoliciesOf } from '../private/rule-helpers';
import { PrivateAccessRule, RuleContext, RuleFinding, RuleLevel } from './rule';

/** EPA-CA-2: an enforced policy on the app requires a compliant or hybrid joined device. */
export class CaManagedDeviceRule extends PrivateAccessRule {
  public readonly id = 'EPA-CA-2';
  public readonly level = RuleLevel.WARNING;
  public readonly title = 'App requires a compliant or hybrid joined device';
  public readonly rationale =
    'Administrative access from an unmanaged device exposes sessions and keys to malware the organisation cannot see; Microsoft and the Maester checks recommend a managed-device requirement for Private Access apps.';

  public check(context: RuleContext): RuleFinding[] {
    return context.applications
      .filter((app) => !enforcedPoliciesOf(app, context).some((p) => p.builtInControls.some((c) => c === 'compliantDevice' || c === 'domainJoinedDevice')))
      .map((app) => ({
        subject: app.source,
        message: `app "${appName(app)}" requires no compliant or hybrid joined device; set requireCompliantDevice or requireHybridJoinedDevice on its Conditional Access policy`,
      }));
  }
}

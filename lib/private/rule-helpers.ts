import { PrivateAccessError } from '../errors';
import type { PrivateAccessApplicationBase } from '../private-access-application-base';
import { Protocol } from '../port';
import {
  ConditionalAccessPolicyState,
  type PrivateAccessConditionalAccessPolicy,
} from '../private-access-conditional-access-policy';

/** What the rules read: every app and policy of the cdktf App. */
interface PoliciesContext {
  readonly policies: readonly PrivateAccessConditionalAccessPolicy[];
}

/** The enforced Conditional Access policies that target `app`. */
export function enforcedPoliciesOf(
  app: PrivateAccessApplicationBase,
  context: PoliciesContext,
): PrivateAccessConditionalAccessPolicy[] {
  return context.policies.filter((p) => p.state === ConditionalAccessPolicyState.ENABLED && p.applications.includes(app));
}

/** Checks a rule setting: a whole number from `min` to `max`. */
export function checkSetting(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new PrivateAccessError(
      max === Number.MAX_SAFE_INTEGER ? `${name} ${value} is not a whole number of at least ${min}` : `${name} ${value} is outside ${min}-${max}`,
    );
  }
  return value;
}

/** Whether an app captures SSH: a TCP segment covering port 22. */
export function isSshApplication(app: PrivateAccessApplicationBase): boolean {
  return app.segments.some(
    (s) => s.protocol !== Protocol.UDP && s.ports.some((p) => !p.isUnresolved && p.fromPort <= 22 && 22 <= p.toPort),
  );
}

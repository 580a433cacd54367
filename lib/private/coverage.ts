import type { Principal } from '../principal';
import type { IPrivateAccessApplication } from '../private-access-application-base';
import {
  ConditionalAccessPolicyState,
  GrantOperator,
  type PrivateAccessConditionalAccessPolicy,
} from '../private-access-conditional-access-policy';

/**
 * The one evaluation of Conditional Access coverage, shared by the rule pack (EPA-CA-1), the access
 * tests (`requireMfa`) and the access review, so that they cannot disagree.
 */

/**
 * Whether every way to satisfy the policy's grant controls includes MFA or an authentication
 * strength: with AND, MFA or a strength is among the controls; with OR, MFA or a strength are the
 * only controls. `compliantDevice OR mfa` lets a compliant device in without MFA.
 */
export function requiresMfaOnEveryPath(policy: PrivateAccessConditionalAccessPolicy): boolean {
  const strong = policy.requireMfa || policy.authenticationStrengthPolicyId !== undefined;
  if (!strong) {
    return false;
  }
  if (policy.grantOperator === GrantOperator.AND) {
    return true;
  }
  return !policy.requireCompliantDevice && !policy.requireHybridJoinedDevice;
}

/**
 * Whether the policy applies to the principal: included (explicitly, or as an assignee of the
 * policy's apps) and not excluded. Group membership is not expanded: it lives in the tenant.
 */
export function appliesTo(policy: PrivateAccessConditionalAccessPolicy, principal: Principal): boolean {
  return policy.includePrincipals.some((x) => x.isSameAs(principal)) && !policy.excludePrincipals.some((x) => x.isSameAs(principal));
}

/** The enforced policies that target the app, require MFA on every path and apply to the principal. */
export function mfaPoliciesFor(
  app: IPrivateAccessApplication,
  principal: Principal,
  policies: readonly PrivateAccessConditionalAccessPolicy[],
): PrivateAccessConditionalAccessPolicy[] {
  return policies.filter(
    (p) => p.state === ConditionalAccessPolicyState.ENABLED && p.applications.includes(app) && requiresMfaOnEveryPath(p) && appliesTo(p, principal),
  );
}

/** The app's assignees that no enforced policy requiring MFA on every path applies to. */
export function principalsWithoutMfa(
  app: IPrivateAccessApplication,
  policies: readonly PrivateAccessConditionalAccessPolicy[],
): Principal[] {
  return app.assignments.map((a) => a.principal).filter((p) => mfaPoliciesFor(app, p, policies).length === 0);
}

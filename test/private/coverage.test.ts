import { Aspects } from 'cdktf';
import { Destination,
  AccessReview,
  AccessTest,
  ConnectorGroup,
  GrantOperator,
  Port,
  Principal,
  PrivateAccessApplication,
  PrivateAccessChecks,
  PrivateAccessConditionalAccessPolicy,
  PrivateAccessConditionalAccessPolicyProps,
} from '../../lib';
import { analysisOf, annotationsOf, testStack } from '../util';

const ADMINS = Principal.group('Linux Admins');
const OTHERS = Principal.group('Other Team');
const STRENGTH = '00000000-0000-0000-0000-000000000004';

type PolicyProps = Omit<PrivateAccessConditionalAccessPolicyProps, 'displayName' | 'applications'>;

/** One app assigned to ADMINS, guarded by one policy, with the rule pack and an MFA access test. */
function guarded(policy: PolicyProps) {
  const s = testStack();
  const app = new PrivateAccessApplication(s, 'App', {
    displayName: 'Servers',
    connectorGroup: ConnectorGroup.fromConnectorGroupId(s, 'Connectors', '55555555-5555-5555-5555-555555555555'),
    segments: [{ destination: Destination.parse('10.1.2.0/24'), ports: [Port.SSH] }],
    principals: [ADMINS],
  });
  new PrivateAccessConditionalAccessPolicy(s, 'Policy', { displayName: 'Servers policy', applications: [app], ...policy });
  const test = new AccessTest(s, 'AdminsWithMfa', { principal: ADMINS, accept: ['10.1.2.4:22'], requireMfa: true });
  Aspects.of(s).add(new PrivateAccessChecks());
  analysisOf(s);
  return { s, test };
}

/** What the rule pack, an access test with `requireMfa` and the review each say about MFA for ADMINS. */
function verdicts(policy: PolicyProps) {
  const { s, test } = guarded(policy);
  const review = AccessReview.of(s).document().applications[0];
  return {
    rulePack: !annotationsOf(s).some((a) => a.includes('[EPA-CA-1]')),
    accessTest: test.results().every((r) => r.passed),
    review: review.principalsWithoutMfa.length === 0,
    reviewPolicy: review.conditionalAccess[0].requiresMfaOnEveryPath,
  };
}

describe('MFA coverage: one evaluation for the rule pack, the access tests and the review', () => {
  const covered = { rulePack: true, accessTest: true, review: true, reviewPolicy: true };
  const notCovered = { rulePack: false, accessTest: false, review: false, reviewPolicy: false };

  test.each<[string, PolicyProps]>([
    ['MFA alone', { requireMfa: true }],
    ['MFA AND a compliant device', { requireMfa: true, requireCompliantDevice: true }],
    ['an authentication strength AND a hybrid joined device', { authenticationStrengthPolicyId: STRENGTH, requireHybridJoinedDevice: true }],
    ['MFA, with OR but no other control', { requireMfa: true, grantOperator: GrantOperator.OR }],
    ['an authentication strength, with OR but no other control', { authenticationStrengthPolicyId: STRENGTH, grantOperator: GrantOperator.OR }],
  ])('%s: every way in requires MFA', (_, policy) => {
    expect(verdicts(policy)).toEqual(covered);
  });

  test.each<[string, PolicyProps]>([
    ['MFA OR a compliant device', { requireMfa: true, requireCompliantDevice: true, grantOperator: GrantOperator.OR }],
    ['MFA OR a hybrid joined device', { requireMfa: true, requireHybridJoinedDevice: true, grantOperator: GrantOperator.OR }],
    [
      'an authentication strength OR a compliant device',
      { authenticationStrengthPolicyId: STRENGTH, requireCompliantDevice: true, grantOperator: GrantOperator.OR },
    ],
  ])('%s: a device gets in without MFA', (_, policy) => {
    expect(verdicts(policy)).toEqual(notCovered);
  });

  test.each<[string, PolicyProps]>([
    ['excludes the assignees', { excludePrincipals: [Principal.group('linux admins')] }],
    ['includes only another group', { includePrincipals: [OTHERS] }],
  ])('a policy that %s covers nobody who can connect', (_, policy) => {
    expect(verdicts(policy)).toEqual({ ...notCovered, reviewPolicy: true });
  });

  test('EPA-CA-1 names the assignees that no policy covers', () => {
    const messages = annotationsOf(guarded({ includePrincipals: [OTHERS] }).s);
    expect(messages).toContain(
      'error test/App: [EPA-CA-1] app "Servers": no enabled Conditional Access policy requiring MFA on every way in applies to group "Linux Admins" (excluded, or not included); include them in the policy, or remove their assignment',
    );
  });
});

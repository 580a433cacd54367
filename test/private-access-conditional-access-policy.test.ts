import { ConditionalAccessPolicy } from '@cdktf/provider-azuread/lib/conditional-access-policy';
import { TerraformStack } from 'cdktf';
import { Destination,
  ConditionalAccessPolicyState,
  ConnectorGroup,
  Port,
  GrantOperator,
  Principal,
  PrivateAccessApplication,
  PrivateAccessConditionalAccessPolicy,
  PrivateAccessConditionalAccessPolicyProps,
  SignInFrequency,
} from '../lib';
import { synth, synthObject, synthStack, testStack } from './util';

const ADMINS = Principal.groupId('11111111-1111-1111-1111-111111111111');
const OPS = Principal.userId('22222222-2222-2222-2222-222222222222');
const BREAK_GLASS = Principal.userId('33333333-3333-3333-3333-333333333333', 'break-glass');

/** The reference to the plan-time read of a principal given by object ID (it checks the object and its label). */
const read = (kind: 'group' | 'user', id: string, suffix: string) => `\${data.azuread_${kind}.PrincipalLookups_${kind}id${id}${suffix}.object_id}`;

function policy(s: TerraformStack, props: Partial<PrivateAccessConditionalAccessPolicyProps> = {}) {
  const app = new PrivateAccessApplication(s, 'App', {
    displayName: 'SSH',
    connectorGroup: ConnectorGroup.fromConnectorGroupId(s, 'Connectors', '55555555-5555-5555-5555-555555555555'),
    segments: [{ destination: Destination.parse('10.1.0.4'), ports: [Port.SSH] }],
    principals: [ADMINS, OPS],
  });
  return new PrivateAccessConditionalAccessPolicy(s, 'Policy', {
    displayName: 'SSH: require MFA',
    applications: [app],
    excludePrincipals: [BREAK_GLASS],
    ...props,
  });
}

function rendered(props: Partial<PrivateAccessConditionalAccessPolicyProps> = {}): any {
  return Object.values<any>(synthObject((s) => policy(s, props)).resource.azuread_conditional_access_policy)[0];
}

describe('PrivateAccessConditionalAccessPolicy', () => {
  test('targets the app by client ID, includes its assignees, excludes break-glass, requires MFA, enforced', () => {
    expect(synth((s) => policy(s))).toHaveResourceWithProperties(ConditionalAccessPolicy, {
      display_name: 'SSH: require MFA',
      state: 'enabled',
      conditions: {
        client_app_types: ['all'],
        applications: { included_applications: ['${data.azuread_application.App_Application_609B01FE.client_id}'] },
        users: {
          included_groups: [read('group', '11111111-1111-1111-1111-111111111111', '_1E027CD4')],
          included_users: [read('user', '22222222-2222-2222-2222-222222222222', '_BE0E21E4')],
          excluded_users: [expect.stringMatching(/^\$\{data\.azuread_user\.PrincipalLookups_userid33333333-3333-3333-3333-333333333333break-glass_[0-9A-F]{8}\.object_id\}$/)],
        },
      },
      grant_controls: { operator: 'AND', built_in_controls: ['mfa'] },
    });
  });

  test('includes principals granted after the policy was made', () => {
    const s = testStack();
    const p = policy(s);
    const late = Principal.groupId('44444444-4444-4444-4444-444444444444');
    (p.applications[0] as PrivateAccessApplication).grantAccess(late);
    const r = Object.values<any>(JSON.parse(synthStack(s)).resource.azuread_conditional_access_policy)[0];
    expect(r.conditions.users.included_groups).toEqual([
      read('group', '11111111-1111-1111-1111-111111111111', '_1E027CD4'),
      read('group', '44444444-4444-4444-4444-444444444444', '_84ECF965'),
    ]);
    expect(p.includePrincipals).toEqual([ADMINS, late, OPS]);
  });

  test('explicit includes replace the assignees', () => {
    const r = rendered({ includePrincipals: [OPS] });
    expect(r.conditions.users.included_users).toEqual([read('user', '22222222-2222-2222-2222-222222222222', '_BE0E21E4')]);
    expect(r.conditions.users.included_groups).toBeUndefined();
  });

  test('device controls, operator and state', () => {
    const r = rendered({
      requireCompliantDevice: true,
      requireHybridJoinedDevice: true,
      grantOperator: GrantOperator.OR,
      state: ConditionalAccessPolicyState.REPORT_ONLY,
    });
    expect(r.grant_controls).toEqual({ operator: 'OR', built_in_controls: ['mfa', 'compliantDevice', 'domainJoinedDevice'] });
    expect(r.state).toBe('enabledForReportingButNotEnforced');
  });

  test('an authentication strength replaces MFA and is sent as its resource ID', () => {
    const r = rendered({ authenticationStrengthPolicyId: '00000000-0000-0000-0000-000000000004' });
    expect(r.grant_controls).toEqual({
      operator: 'AND',
      built_in_controls: [],
      authentication_strength_policy_id: '/policies/authenticationStrengthPolicies/00000000-0000-0000-0000-000000000004',
    });
  });

  test.each([
    [SignInFrequency.hours(4), { sign_in_frequency: 4, sign_in_frequency_period: 'hours', sign_in_frequency_interval: 'timeBased' }],
    [SignInFrequency.days(1), { sign_in_frequency: 1, sign_in_frequency_period: 'days', sign_in_frequency_interval: 'timeBased' }],
    [
      SignInFrequency.everyTime(),
      { sign_in_frequency_interval: 'everyTime', sign_in_frequency_authentication_type: 'primaryAndSecondaryAuthentication' },
    ],
  ])('sign-in frequency %s', (signInFrequency, sessionControls) => {
    expect(rendered({ signInFrequency }).session_controls).toEqual(sessionControls);
  });

  describe('errors', () => {
    test.each([
      [{ requireMfa: false }, 'test/Policy: the policy requires no control; require MFA, an authentication strength or a managed device'],
      [
        { requireMfa: true, authenticationStrengthPolicyId: '00000000-0000-0000-0000-000000000002' },
        'test/Policy: requireMfa and authenticationStrengthPolicyId cannot both be set',
      ],
      [{ authenticationStrengthPolicyId: 'phishing-resistant' }, 'test/Policy: authentication strength policy ID "phishing-resistant" is neither a GUID'],
      [{ state: 'on' as ConditionalAccessPolicyState }, 'test/Policy: state "on" is not one of "enabled", "enabledForReportingButNotEnforced", "disabled"'],
      [{ displayName: '' }, 'test/Policy: display name "" is empty or only white space or invisible characters; give the policy a name'],
      [{ grantOperator: 'XOR' as GrantOperator }, 'test/Policy: grantOperator "XOR" is not one of "AND", "OR"; use GrantOperator.AND or GrantOperator.OR'],
      [{ requireCompliantDevice: 'yes' as unknown as boolean }, 'test/Policy: requireCompliantDevice "yes" is not true or false'],
      [{ signInFrequency: '4h' as unknown as SignInFrequency }, 'test/Policy: signInFrequency "4h" is not a SignInFrequency'],
      [{ applications: [{ displayName: 'x' }] as never }, 'test/Policy: applications[0] is {"displayName":"x"}, not a Private Access app'],
    ])('rejects %j', (props, message) => {
      expect(() => policy(testStack(), props)).toThrow(message);
    });

    test.each([
      [() => SignInFrequency.hours(24), 'sign-in frequency of 24 hours is outside 1-23; use SignInFrequency.days() for a day or more'],
      [() => SignInFrequency.days(0), 'sign-in frequency of 0 days is outside 1-365'],
    ])('rejects a bad sign-in frequency (%#)', (make, message) => {
      expect(make).toThrow(message);
    });

    test('a policy with no application or nobody to include fails synth', () => {
      const s = testStack();
      const app = new PrivateAccessApplication(s, 'App', { displayName: 'SSH' });
      new PrivateAccessConditionalAccessPolicy(s, 'Empty', { displayName: 'x', applications: [] });
      new PrivateAccessConditionalAccessPolicy(s, 'Nobody', { displayName: 'y', applications: [app] });
      expect(() => synthStack(s)).toThrow('[test/Empty] the policy targets no application; pass the Private Access apps it protects in `applications`');
      expect(() => synthStack(s)).toThrow(
        '[test/Nobody] the policy includes no user or group; grant access on its applications or pass `includePrincipals`',
      );
    });
  });
});

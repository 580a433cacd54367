import { TerraformStack, Token } from 'cdktf';
import { DataAzureadGroup } from '@cdktf/provider-azuread/lib/data-azuread-group';
import { DataAzureadUser } from '@cdktf/provider-azuread/lib/data-azuread-user';
import { Group } from '@cdktf/provider-azuread/lib/group';
import { AccessTest, Destination, Principal, PrincipalType, PrivateAccessApplication, PrivateAccessConditionalAccessPolicy, SshAdminAccess } from '../lib';
import { errorOf, synth, synthObject, terraformEvaluates, testStack } from './util';

describe('Principal', () => {
  test('by object ID: normalised, read at plan so that Terraform fails when it is not a group', () => {
    const p = Principal.groupId('AAAAAAAA-1111-2222-3333-444444444444');
    expect(p.principalType).toBe(PrincipalType.GROUP);
    expect(p.key).toBe('group-aaaaaaaa-1111-2222-3333-444444444444');
    const tf = synthObject((s) => new PrivateAccessApplication(s, 'A', { displayName: 'a', principals: [p] }), false);
    expect(Object.values<any>(tf.data.azuread_group)).toEqual([expect.objectContaining({ object_id: 'aaaaaaaa-1111-2222-3333-444444444444' })]);
    expect(Object.values<any>(tf.resource.azuread_app_role_assignment)[0].principal_object_id).toMatch(/^\$\{data\.azuread_group\.PrincipalLookups_groupid[^.]+\.object_id\}$/);
    expect(`${Principal.userId('aaaaaaaa-1111-2222-3333-444444444444', 'break-glass')}`).toBe(
      'user "break-glass" (aaaaaaaa-1111-2222-3333-444444444444)',
    );
  });

  test('a label is the display name, checked when Terraform plans', () => {
    const p = Principal.groupId('aaaaaaaa-1111-2222-3333-444444444444', 'Linux "Admins" ${x}');
    const tf = synthObject((s) => new PrivateAccessApplication(s, 'A', { displayName: 'a', principals: [p] }), false);
    const [lookup] = Object.values<any>(tf.data.azuread_group);
    expect(lookup.object_id).toBe('aaaaaaaa-1111-2222-3333-444444444444');
    expect(lookup.lifecycle.postcondition).toEqual([
      {
        condition: '${self.display_name == "Linux \\"Admins\\" $${x}"}',
        error_message: 'The group with object ID aaaaaaaa-1111-2222-3333-444444444444 is not named "Linux "Admins" $${x}", the label the program gives it; fix the ID or the label (Principal.groupId(id, label)).',
      },
    ]);
    expect(terraformEvaluates({ label: lookup.lifecycle.postcondition[0].condition.replace('self.display_name', () => '"Linux \\"Admins\\" $${x}"') })).toEqual({ label: true });
    expect(terraformEvaluates({ label: lookup.lifecycle.postcondition[0].condition.replace('self.display_name', () => '"Linux Admins"') })).toEqual({ label: false });
  });

  test('by group name: one azuread_group lookup per stack, however often it is used', () => {
    const admins = Principal.group('Linux Admins');
    const tf = synthObject((s) => {
      new PrivateAccessApplication(s, 'A', { displayName: 'a', principals: [admins] });
      new PrivateAccessApplication(s, 'B', { displayName: 'b', principals: [Principal.group('Linux Admins')] });
    }, false);
    expect(Object.keys(tf.data.azuread_group)).toHaveLength(1);
    expect(
      synth((s) => new PrivateAccessApplication(s, 'A', { displayName: 'a', principals: [admins] }), false),
    ).toHaveDataSourceWithProperties(DataAzureadGroup, { display_name: 'Linux Admins' });
  });

  test('by user principal name: an azuread_user lookup, lower-cased', () => {
    expect(
      synth((s) => new PrivateAccessApplication(s, 'A', { displayName: 'a', principals: [Principal.user('Alex@Contoso.com')] }), false),
    ).toHaveDataSourceWithProperties(DataAzureadUser, { user_principal_name: 'alex@contoso.com' });
  });

  test('from an azuread Group construct: references its object ID', () => {
    const tf = synthObject((s) => {
      const group = new Group(s, 'Admins', { displayName: 'SSH admins', securityEnabled: true });
      new PrivateAccessApplication(s, 'A', { displayName: 'a', principals: [Principal.fromGroup(group)] });
    }, false);
    const assignment = Object.values<any>(tf.resource.azuread_app_role_assignment)[0];
    expect(assignment.principal_object_id).toBe('${azuread_group.Admins.object_id}');
  });

  test('a token object ID needs a stable label, which keys the principal', () => {
    const token = Token.asString({ Ref: 'x' });
    expect(() => Principal.groupId(token)).toThrow(
      'Principal.groupId: the object ID is an unresolved token, so it cannot name the assignment\'s Terraform address; pass a stable label: Principal.groupId(objectId, "platform-admins")',
    );
    expect(Principal.groupId(token, 'platform-admins').key).toBe('group-label-platform-admins');
  });

  test.each([
    [() => Principal.groupId('Linux Admins'), 'Principal.groupId: "Linux Admins" is not an object ID; expected a GUID'],
    [() => Principal.userId('alex@contoso.com'), 'Principal.userId: "alex@contoso.com" is not an object ID'],
    [() => Principal.user('alex'), 'user principal name "alex" is not of the form "name@domain"'],
    [() => Principal.group(' '), 'group display name " " is empty or only white space'],
    [() => Principal.groupId('aaaaaaaa-1111-2222-3333-444444444444', ''), 'Principal.groupId: label "" is empty'],
  ])('rejects bad input (%#)', (make, message) => {
    expect(make).toThrow(message);
  });

  test('keys survive names with slashes', () => {
    expect(Principal.group('Ops/SSH 100%').key).toBe('group-name-Ops%2FSSH 100%25');
  });
});

describe('principals given where a Principal belongs are checked, never dropped', () => {
  const GUID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
  const app = (s: TerraformStack) =>
    new PrivateAccessApplication(s, 'App', { displayName: 'Servers', principals: [Principal.group('Linux Admins')] });

  test.each<[string, (s: TerraformStack) => unknown, RegExp]>([
    [
      'a GUID string in excludePrincipals',
      (s) => new PrivateAccessConditionalAccessPolicy(s, 'Mfa', { displayName: 'MFA', applications: [app(s)], excludePrincipals: [GUID as any] }),
      /^test\/Mfa: excludePrincipals\[0\] is the string "3f2504e0-.*", not a Principal; for an object ID write Principal.userId\("3f2504e0-4f89-11d3-9a0c-0305e82c3301", "label"\)/,
    ],
    [
      'a name in includePrincipals',
      (s) => new PrivateAccessConditionalAccessPolicy(s, 'Mfa', { displayName: 'MFA', applications: [app(s)], includePrincipals: ['Linux Admins' as any] }),
      /includePrincipals\[0\] is the string "Linux Admins", not a Principal; for a group write Principal.group\("Linux Admins"\)/,
    ],
    [
      'one principal instead of a list',
      (s) => new PrivateAccessConditionalAccessPolicy(s, 'Mfa', { displayName: 'MFA', applications: [app(s)], excludePrincipals: Principal.group('x') as any }),
      /excludePrincipals must be a list of Principals/,
    ],
    ['a UPN in app principals', (s) => new PrivateAccessApplication(s, 'App', { displayName: 'A', principals: ['alex@contoso.com' as any] }), /principals\[0\] .*Principal.user\("alex@contoso.com"\)/],
    ['an object in grantAccess', (s) => app(s).grantAccess({ key: 'group-x' } as any), /is an object \{"key":"group-x"\}, not a Principal/],
    [
      'a string in SshAdminAccess principals',
      (s) => new SshAdminAccess(s, 'Ssh', { displayName: 'SSH', servers: [Destination.ipAddress('10.0.0.4')], principals: ['Linux Admins' as any] }),
      /^test\/Ssh: principals\[0\] is the string "Linux Admins", not a Principal/,
    ],
    ['a string as the access test principal', (s) => new AccessTest(s, 'Test', { principal: 'Linux Admins' as any, accept: ['10.0.0.4:22'] }), /^test\/Test: principal is the string "Linux Admins"/],
  ])('%s', (_, make, message) => {
    expect(errorOf(() => make(testStack()))).toMatch(message);
  });

  test('group names compare as Entra compares them, without regard to case', () => {
    expect(Principal.group('Linux Admins').isSameAs(Principal.group('linux admins'))).toBe(true);
    expect(Principal.user('Alex@Contoso.com').isSameAs(Principal.user('alex@contoso.com'))).toBe(true);
    expect(Principal.group('Linux Admins').isSameAs(Principal.user('linux@admins.com'))).toBe(false);
    // The Terraform address keeps the name as written, so existing assignments stay where they are.
    expect(Principal.group('Linux Admins').key).toBe('group-name-Linux Admins');
    const a = app(testStack());
    expect(a.grantAccess(Principal.group('LINUX ADMINS'))).toBe(a.assignments[0]);
  });
});

describe('what a principal was given by', () => {
  test('name for names, objectId for object IDs, neither for constructs or labelled tokens', () => {
    expect([Principal.group('Linux Admins').name, Principal.group('Linux Admins').objectId]).toEqual(['Linux Admins', undefined]);
    expect(Principal.user('Alex@Contoso.com').name).toBe('alex@contoso.com');
    expect(Principal.groupId('3F2504E0-4F89-11D3-9A0C-0305E82C3301', 'ops').objectId).toBe('3f2504e0-4f89-11d3-9a0c-0305e82c3301');
    expect(Principal.groupId('3f2504e0-4f89-11d3-9a0c-0305e82c3301').name).toBeUndefined();
  });
});

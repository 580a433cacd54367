import { Token } from 'cdktf';
import { DataAzureadGroup } from '@cdktf/provider-azuread/lib/data-azuread-group';
import { DataAzureadUser } from '@cdktf/provider-azuread/lib/data-azuread-user';
import { Group } from '@cdktf/provider-azuread/lib/group';
import { Principal, PrincipalType, PrivateAccessApplication } from '../lib';
import { synth, synthObject, testStack } from './util';

describe('Principal', () => {
  test('by object ID: normalised, no lookup', () => {
    const p = Principal.groupId('AAAAAAAA-1111-2222-3333-444444444444');
    expect(p.type).toBe(PrincipalType.GROUP);
    expect(p.key).toBe('group-aaaaaaaa-1111-2222-3333-444444444444');
    expect(p.objectIdIn(testStack())).toBe('aaaaaaaa-1111-2222-3333-444444444444');
    expect(`${Principal.userId('aaaaaaaa-1111-2222-3333-444444444444', 'break-glass')}`).toBe(
      'user "break-glass" (aaaaaaaa-1111-2222-3333-444444444444)',
    );
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
    [() => Principal.group(' '), 'group display name " " is empty or unresolved'],
    [() => Principal.groupId('aaaaaaaa-1111-2222-3333-444444444444', ''), 'Principal.groupId: label "" is empty'],
  ])('rejects bad input (%#)', (make, message) => {
    expect(make).toThrow(message);
  });

  test('keys survive names with slashes', () => {
    expect(Principal.group('Ops/SSH 100%').key).toBe('group-name-Ops%2FSSH 100%25');
  });
});

import { TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import {
  ConditionalAccessPolicyState,
  ConnectorGroup,
  ConnectorSource,
  Destination,
  Port,
  Principal,
  SshAdminAccess,
  SshAdminAccessProps,
} from '../lib';
import { addresses, segmentBodies, synthObject, synthStack, testStack } from './util';

const ADMINS = Principal.groupId('11111111-1111-1111-1111-111111111111');

function ssh(s: TerraformStack, props: Partial<SshAdminAccessProps> = {}): SshAdminAccess {
  return new SshAdminAccess(s, 'Ssh', {
    displayName: 'Linux (SSH)',
    servers: [Destination.ipAddress('10.1.0.4'), Destination.cidr('10.1.2.0/24'), Destination.fqdn('bastion.corp.contoso.com')],
    principals: [ADMINS],
    ...props,
  });
}

describe('SshAdminAccess', () => {
  test('makes the whole flow: connector group, app, TCP 22 segments, assignment, MFA policy, forwarding profile', () => {
    const tf = synthObject((s) => ssh(s));
    expect(addresses(tf)).toEqual([
      'azuread_app_role_assignment.Ssh_App_Assignment-group-11111111-1111-1111-1111-111111111111_45ADEC61',
      'azuread_application_from_template.Ssh_App_FB55AE7F',
      'azuread_conditional_access_policy.Ssh_ConditionalAccess_7C33B5C0',
      'data.azuread_application.Ssh_App_Application_816E642E',
      'data.azuread_group.PrincipalLookups_groupid11111111-1111-1111-1111-111111111111_1E027CD4',
      'data.msgraph_resource.PrivateAccessForwardingProfile_Lookup_A68949CF',
      'data.msgraph_resource.Ssh_App_PrivateAccessSettingsRead_DA74CE45',
      'data.msgraph_resource.Ssh_App_ServicePrincipalReady_35F4C564',
      'data.msgraph_resource.Ssh_ConnectorGroup_RequiresDelegatedSignIn_EA13D5E7',
      'msgraph_resource.Ssh_App_Segment-tcp-cidr-10_1_2_0-24_21F3E1F2',
      'msgraph_resource.Ssh_App_Segment-tcp-fqdn-bastion_corp_contoso_com_4E3C1D49',
      'msgraph_resource.Ssh_App_Segment-tcp-ip-10_1_0_4_1035D80F',
      'msgraph_resource.Ssh_ConnectorGroup_20C653D4',
      'msgraph_resource_action.Ssh_App_ConnectorGroup_816A71AD',
      'msgraph_resource_action.Ssh_App_PrivateAccessSettings_D36E7D32',
      'msgraph_update_resource.PrivateAccessForwardingProfile_489AE664',
    ]);
    expect(segmentBodies(tf).map((b) => [b.destinationHost, b.ports, b.protocol])).toEqual([
      ['10.1.2.0/24', ['22-22'], 'tcp'],
      ['bastion.corp.contoso.com', ['22-22'], 'tcp'],
      ['10.1.0.4', ['22-22'], 'tcp'],
    ]);
    const policy = Object.values<any>(tf.resource.azuread_conditional_access_policy)[0];
    expect(policy.display_name).toBe('Linux (SSH): require MFA');
    expect(policy.state).toBe('enabled');
    expect(policy.grant_controls.built_in_controls).toEqual(['mfa']);
    const group = Object.values<any>(tf.resource.msgraph_resource).find((r) => r.url.endsWith('connectorGroups'));
    expect(group.body).toEqual({ name: 'Linux (SSH) connectors' });
  });

  test('uses an existing connector group and custom ports', () => {
    const s = testStack();
    const group = ConnectorGroup.fromConnectorGroupId(s, 'Existing', '22222222-2222-2222-2222-222222222222');
    const access = ssh(s, { connectorGroup: group, ports: [Port.tcp(2222)], servers: [Destination.ipAddress('10.1.0.4')] });
    expect(access.connectorGroup).toBe(group);
    const tf = JSON.parse(synthStack(s));
    expect(segmentBodies(tf)).toEqual([{ destinationHost: '10.1.0.4', destinationType: 'ip', ports: ['2222-2222'], protocol: 'tcp' }]);
    expect(Object.values<any>(tf.resource.msgraph_resource).some((r) => r.url.endsWith('connectorGroups'))).toBe(false);
  });

  test('tunes the policy, or leaves it out', () => {
    const tuned = synthObject((s) =>
      ssh(s, { conditionalAccess: { state: ConditionalAccessPolicyState.REPORT_ONLY, requireCompliantDevice: true } }),
    );
    const policy = Object.values<any>(tuned.resource.azuread_conditional_access_policy)[0];
    expect(policy.state).toBe('enabledForReportingButNotEnforced');
    expect(policy.grant_controls.built_in_controls).toEqual(['mfa', 'compliantDevice']);

    const none = synthObject((s) => ssh(s, { enableConditionalAccess: false, enableForwardingProfile: false }));
    expect(none.resource.azuread_conditional_access_policy).toBeUndefined();
    expect(none.resource.msgraph_update_resource).toBeUndefined(); // no forwarding profile
  });

  test('conditionalAccess: false, the 0.1 way to turn the policy off, says what to write now', () => {
    expect(() => ssh(testStack(), { conditionalAccess: false as never })).toThrow('test/Ssh: conditionalAccess: false is now enableConditionalAccess: false');
  });

  test('exposes the parts it made', () => {
    const access = ssh(testStack());
    expect(access.application.segments).toHaveLength(3);
    expect(access.application.assignments.map((a) => a.principal)).toEqual([ADMINS]);
    expect(access.conditionalAccessPolicy).toBeDefined();
    expect(access.forwardingProfile).toBeDefined();
  });

  test('two SSH constructs in one stack share the forwarding profile', () => {
    const s = testStack();
    const a = ssh(s);
    const b = new SshAdminAccess(s, 'Windows', { displayName: 'Windows (SSH)', servers: [Destination.ipAddress('10.2.0.4')], principals: [ADMINS] });
    expect(a.forwardingProfile).toBe(b.forwardingProfile);
  });

  test('addServer and grantAccess extend it', () => {
    const s = testStack();
    const access = ssh(s, { servers: [] });
    access.addServer(Destination.ipRange('10.9.0.1', '10.9.0.9'));
    access.grantAccess(Principal.user('alex@contoso.com'));
    expect(access.application.segments.map((x) => `${x}`)).toEqual(['tcp/22 10.9.0.1..10.9.0.9']);
    expect(access.application.assignments).toHaveLength(2);
  });

  test('synth fails when there is no server or no admin', () => {
    const s = testStack();
    ssh(s, { servers: [], principals: [] });
    expect(() => synthStack(s)).toThrow(
      '[test/Ssh/App] the app has no segments, so it captures no traffic; add one with `segments` or addSegment() (SshAdminAccess: `servers`)',
    );
    expect(() => synthStack(s)).toThrow(
      '[test/Ssh/App] nobody is assigned to the app, so nobody could connect; grant access with `principals` or grantAccess()',
    );
  });

  test('the 0.x prop `admins` is refused with its new name', () => {
    expect(() => ssh(testStack(), { admins: [ADMINS] } as any)).toThrow('test/Ssh: `admins` is now `principals`, as on PrivateAccessApplication; rename the prop');
  });

  test('a server given as text names the construct and the factory to use', () => {
    expect(() => ssh(testStack(), { servers: ['10.1.2.0/24' as any] })).toThrow(
      'test/Ssh: servers[0] is the text "10.1.2.0/24", not a Destination; write Destination.cidr("10.1.2.0/24")',
    );
    expect(() => ssh(testStack(), { servers: ['10.1.2.3/24' as any] })).toThrow(
      'test/Ssh: servers[0] is the text "10.1.2.3/24", not a Destination; nor does it read as one: destination "10.1.2.3/24" has host bits set; did you mean "10.1.2.0/24"?',
    );
    expect(() => ssh(testStack()).addServer('10.9.0.1..10.9.0.9' as any)).toThrow(
      'test/Ssh: addServer is the text "10.9.0.1..10.9.0.9", not a Destination; write Destination.ipRange("10.9.0.1", "10.9.0.9")',
    );
  });

  describe('network path', () => {
    const network = {
      networkSecurityGroup: { resourceGroupName: 'rg-servers', name: 'nsg-servers' },
      hostAddresses: { 'bastion.corp.contoso.com': ['10.1.9.10'] },
    };
    const connectorHosts = {
      resourceGroupName: 'rg-connectors',
      location: 'westeurope',
      subnetId: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s',
      namePrefix: 'paconn',
    };

    function withNetwork(props: Partial<SshAdminAccessProps> = {}) {
      const s = testStack();
      new AzurermProvider(s, 'azurerm', { features: [{}] });
      const access = ssh(s, { network, connectorHosts, ...props });
      return { s, access };
    }

    test('connector hosts join the connector group and are the source of the rules', () => {
      const { s, access } = withNetwork();
      const tf = JSON.parse(synthStack(s));
      const rule = Object.values<any>(tf.resource.azurerm_network_security_rule)[0];
      expect(rule.name).toBe('Ssh-tcp-22');
      expect(rule.source_address_prefixes).toEqual([
        '${azurerm_network_interface.Ssh_ConnectorHosts_Host1_Nic_8CE0EEDD.private_ip_address}',
        '${azurerm_network_interface.Ssh_ConnectorHosts_Host2_Nic_C29149A1.private_ip_address}',
      ]);
      expect(access.connectorHosts?.computerNames).toEqual(['paconn-1', 'paconn-2']);
      const join = Object.values<any>(tf.resource.msgraph_resource_action).find((r) => r.action === 'members/$ref');
      expect(join.resource_url).toBe('onPremisesPublishingProfiles/applicationProxy/connectorGroups/${msgraph_resource.Ssh_ConnectorGroup_20C653D4.id}');
    });

    test('drift: adding a server updates the segments and the rules together', () => {
      const { s, access } = withNetwork();
      const before = JSON.parse(synthStack(s));
      access.addServer(Destination.cidr('10.1.7.0/28'));
      const after = JSON.parse(synthStack(s));
      const prefixes = (tf: any) => Object.values<any>(tf.resource.azurerm_network_security_rule)[0].destination_address_prefixes;
      expect(prefixes(before)).toEqual(['10.1.0.4', '10.1.2.0/24', '10.1.9.10']);
      expect(prefixes(after)).toEqual(['10.1.0.4', '10.1.2.0/24', '10.1.7.0/28', '10.1.9.10']);
      expect(segmentBodies(after).map((b) => b.destinationHost)).toContain('10.1.7.0/28');
    });

    test('rules without connector hosts need a source', () => {
      expect(() => ssh(testStack(), { network })).toThrow(
        'test/Ssh: network needs a source: pass network.source (such as ConnectorSource.addressPrefixes(["10.0.9.0/27"])) or connectorHosts',
      );
      const s = testStack();
      new AzurermProvider(s, 'azurerm', { features: [{}] });
      ssh(s, { network: { ...network, source: ConnectorSource.addressPrefixes(['10.0.9.0/27']) } });
      const rule = Object.values<any>(JSON.parse(synthStack(s)).resource.azurerm_network_security_rule)[0];
      expect(rule.source_address_prefixes).toEqual(['10.0.9.0/27']);
    });
  });
});

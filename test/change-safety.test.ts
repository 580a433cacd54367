import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { ConnectorSource, Destination, MsgraphProvider, Port, Principal, SshAdminAccess } from '../lib';
import { ChangeAction, ChangeHazardKind, ChangeSafety, ChangeSafetyReport, PlanReview } from '../lib/testing';

/** What varies between the versions of the program an everyday edit goes through. */
interface Estate {
  readonly servers: string[];
  readonly ports: number[];
  readonly admins: string[];
  readonly displayName: string;
  readonly hostCount: number;
  readonly zones: string[];
  readonly secondApp: boolean;
}

const BASE: Estate = {
  servers: ['10.20.0.4', '10.20.1.0/24', 'bastion.corp.contoso.com'],
  ports: [22],
  admins: ['Linux Admins'],
  displayName: 'Linux servers (SSH)',
  hostCount: 2,
  zones: ['1', '2'],
  secondApp: false,
};

/** The example's SSH estate (app, policy, connector group, hosts, NSG rules) as one version of the program. */
function synthesized(estate: Estate): Record<string, unknown> {
  const s = new TerraformStack(Testing.app(), 'ssh');
  new AzureadProvider(s, 'azuread');
  new MsgraphProvider(s, 'msgraph');
  new AzurermProvider(s, 'azurerm', { features: [{}] });
  new SshAdminAccess(s, 'LinuxSsh', {
    displayName: estate.displayName,
    servers: estate.servers.map((x) => Destination.parse(x)),
    ports: estate.ports.map((p) => Port.tcp(p)),
    principals: estate.admins.map((a) => Principal.group(a)),
    conditionalAccess: { excludePrincipals: [Principal.userId('00000000-0000-0000-0000-0000000000b1', 'break-glass-1')] },
    connectorHosts: {
      resourceGroupName: 'rg-private-access-connectors',
      location: 'westeurope',
      subnetId: '/subscriptions/0/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-connectors',
      namePrefix: 'paconn',
      count: estate.hostCount,
      zones: estate.zones,
      outboundAccess: { networkSecurityGroup: { resourceGroupName: 'rg-network', name: 'nsg-connectors' }, priority: 200 },
    },
    network: {
      networkSecurityGroup: { resourceGroupName: 'rg-linux-servers', name: 'nsg-linux-servers' },
      hostAddresses: { 'bastion.corp.contoso.com': ['10.20.2.10'] },
    },
  });
  if (estate.secondApp) {
    new SshAdminAccess(s, 'DbSsh', {
      displayName: 'Database servers (SSH)',
      servers: [Destination.cidr('10.30.0.0/24')],
      principals: [Principal.group('DBAs')],
      network: {
        networkSecurityGroup: { resourceGroupName: 'rg-linux-servers', name: 'nsg-linux-servers' },
        source: ConnectorSource.addressPrefixes(['10.0.9.0/27']),
      },
    });
  }
  return PlanReview.synthSnapshot(s);
}

function edit(change: Partial<Estate>, from: Partial<Estate> = {}): ChangeSafetyReport {
  return ChangeSafety.compare(synthesized({ ...BASE, ...from }), synthesized({ ...BASE, ...from, ...change }));
}

const of = (report: ChangeSafetyReport, action: ChangeAction) => report.changes.filter((c) => c.action === action).map((c) => c.address);

describe('ChangeSafety', () => {
  describe('everyday edits replace nothing, destroy only what they remove, and have no hazard', () => {
    test.each<[string, Partial<Estate>, Partial<Estate>, RegExp[]]>([
      ['add a server', { servers: [...BASE.servers, '10.20.0.5'] }, {}, []],
      ['remove a server', { servers: ['10.20.0.4', 'bastion.corp.contoso.com'] }, {}, [/^msgraph_resource\.LinuxSsh_App_Segment-tcp-cidr-10_20_1_0-24_/]],
      ['reorder servers', { servers: [...BASE.servers].reverse() }, {}, []],
      // The NSG rule of a port set is named after it: a rule for other ports is another rule.
      ['add a port', { ports: [22, 2222] }, {}, [/^azurerm_network_security_rule\.LinuxSsh_NetworkRules_tcp-22_/]],
      ['change a port', { ports: [2222] }, {}, [/^azurerm_network_security_rule\.LinuxSsh_NetworkRules_tcp-22_/]],
      ['add an admin', { admins: ['Linux Admins', 'SRE'] }, {}, []],
      ['remove an admin', { admins: ['Linux Admins'] }, { admins: ['Linux Admins', 'SRE'] }, [/^azuread_app_role_assignment\.LinuxSsh_App_Assignment-group-name-SRE_/]],
      ['add an app', { secondApp: true }, {}, []],
      ['add a connector host', { hostCount: 3 }, {}, []],
      ['reorder zones', { zones: ['2', '1'] }, {}, []],
      ['rename an app', { displayName: 'Linux fleet (SSH)' }, {}, []],
    ])('%s', (_, change, from, removed) => {
      const report = edit(change, from);
      expect(report.hazards).toEqual([]);
      expect(of(report, ChangeAction.REPLACE)).toEqual([]);
      const destroyed = of(report, ChangeAction.DESTROY);
      expect(destroyed).toHaveLength(removed.length);
      removed.forEach((pattern) => expect(destroyed.some((d) => pattern.test(d))).toBe(true));
    });

    test('a port change is an update of the same segments', () => {
      const report = edit({ ports: [2222] });
      const segments = report.changes.filter((c) => c.address.includes('_Segment-'));
      expect(segments.map((c) => [c.action, c.attributes])).toEqual(Array(3).fill([ChangeAction.UPDATE, ['body']]));
    });

    test('reordering zones changes nothing at all', () => {
      expect(edit({ zones: ['2', '1'] }).changes).toEqual([]);
    });
  });

  describe('classification and hazards', () => {
    const segment = (host: string, ports = ['22-22']) => ({
      url: 'applications/${azuread_application_from_template.App.application_object_id}/onPremisesPublishing/segmentsConfiguration/microsoft.graph.ipSegmentConfiguration/applicationSegments',
      body: { destinationHost: host, destinationType: host.includes('/') ? 'ipRangeCidr' : 'ip', ports, protocol: 'tcp' },
    });
    const rule = (name: string, priority: number) => ({
      name,
      priority,
      direction: 'Inbound',
      resource_group_name: 'rg',
      network_security_group_name: 'nsg',
    });

    test('a widened destination at a new address is an overlapping segment created while the old one is destroyed', () => {
      const report = ChangeSafety.compare(
        { resource: { msgraph_resource: { A: segment('10.0.0.0/24') } } },
        { resource: { msgraph_resource: { B: segment('10.0.0.0/23') } } },
      );
      expect(report.changes.map((c) => [c.address, c.action])).toEqual([
        ['msgraph_resource.A', ChangeAction.DESTROY],
        ['msgraph_resource.B', ChangeAction.CREATE],
      ]);
      expect(report.hazards.map((h) => [h.kind, h.addresses])).toEqual([
        [ChangeHazardKind.OVERLAPPING_SEGMENT, ['msgraph_resource.B', 'msgraph_resource.A']],
      ]);
    });

    test('a rule that takes the priority of a destroyed rule is a hazard; a rule keeping its own is not', () => {
      const report = ChangeSafety.compare(
        { resource: { azurerm_network_security_rule: { Old: rule('a-tcp-22', 1000), Kept: rule('a-udp-53', 1001) } } },
        { resource: { azurerm_network_security_rule: { New: rule('a-tcp-2222', 1000), Kept: rule('a-udp-53', 1001) } } },
      );
      expect(report.hazards.map((h) => [h.kind, h.addresses])).toEqual([
        [ChangeHazardKind.NSG_PRIORITY, ['azurerm_network_security_rule.New', 'azurerm_network_security_rule.Old']],
      ]);
    });

    test('a VM whose zone changes is replaced, and that is a hazard', () => {
      const vm = (zone: string) => ({ name: 'vm-paconn-1', zone, size: 'Standard_D2s_v5' });
      const report = ChangeSafety.compare(
        { resource: { azurerm_windows_virtual_machine: { Vm: vm('1') } } },
        { resource: { azurerm_windows_virtual_machine: { Vm: vm('2') } } },
      );
      expect(report.changes).toEqual([{ address: 'azurerm_windows_virtual_machine.Vm', action: ChangeAction.REPLACE, attributes: ['zone'] }]);
      expect(report.hazards.map((h) => h.kind)).toEqual([ChangeHazardKind.VM_REPLACED]);
    });

    test('a moved block makes a new address an update of the old object', () => {
      const report = ChangeSafety.compare(
        { resource: { msgraph_resource: { Old: segment('10.0.0.4') } } },
        { resource: { msgraph_resource: { New: segment('10.0.0.4', ['2222-2222']) } }, moved: [{ from: 'msgraph_resource.Old', to: 'msgraph_resource.New' }] },
      );
      expect(report.changes).toEqual([{ address: 'msgraph_resource.New', action: ChangeAction.UPDATE, attributes: ['body'], movedFrom: 'msgraph_resource.Old' }]);
      expect(report.hazards).toEqual([]);
    });

    test('a changed principal replaces an assignment; key order and metadata are not changes', () => {
      const report = ChangeSafety.compare(
        { resource: { azuread_app_role_assignment: { A: { app_role_id: 'r', principal_object_id: 'p1', resource_object_id: 's' } } } },
        { resource: { azuread_app_role_assignment: { A: { resource_object_id: 's', principal_object_id: 'p2', app_role_id: 'r', '//': { x: 1 } } } } },
      );
      expect(report.changes).toEqual([{ address: 'azuread_app_role_assignment.A', action: ChangeAction.REPLACE, attributes: ['principal_object_id'] }]);
    });
  });
});

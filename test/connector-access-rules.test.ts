import { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { TerraformStack } from 'cdktf';
import { Destination,
  ConnectorAccessRules,
  ConnectorAccessRulesForApplicationOptions,
  ConnectorGroup,
  ConnectorSource,
  Port,
  Principal,
  PrivateAccessApplication,
  SegmentOptions,
} from '../lib';
import { intervalToCidrs } from '../lib/private/ipv4';
import { errorOf, synth, synthStack, testStack } from './util';

const NSG = { resourceGroupName: 'rg-servers', name: 'nsg-servers' };
const FROM_SUBNET = ConnectorSource.addressPrefixes(['10.0.9.0/27']);

function azureStack(): TerraformStack {
  const s = testStack();
  new AzurermProvider(s, 'azurerm', { features: [{}] });
  return s;
}

function app(s: TerraformStack, segments: SegmentOptions[]): PrivateAccessApplication {
  return new PrivateAccessApplication(s, 'Ssh', {
    displayName: 'SSH',
    connectorGroup: ConnectorGroup.fromConnectorGroupId(s, 'Connectors', '55555555-5555-5555-5555-555555555555'),
    segments,
    principals: [Principal.groupId('11111111-1111-1111-1111-111111111111')],
  });
}

function rulesOf(text: string): Record<string, any> {
  const rules = JSON.parse(text).resource.azurerm_network_security_rule;
  return Object.fromEntries(Object.values<any>(rules).map((r) => [r.name, r]));
}

function fromApp(segments: SegmentOptions[], options: Partial<ConnectorAccessRulesForApplicationOptions> = {}) {
  const s = azureStack();
  const a = app(s, segments);
  const rules = ConnectorAccessRules.forApplication(s, 'ServerRules', a, { networkSecurityGroup: NSG, source: FROM_SUBNET, ...options });
  return { s, a, rules };
}

describe('ConnectorAccessRules', () => {
  test('opens the servers to the connectors: inbound, allow, the ports, in the given NSG', () => {
    expect(
      synth((s) => {
        new AzurermProvider(s, 'azurerm', { features: [{}] });
        new ConnectorAccessRules(s, 'ServerRules', {
          networkSecurityGroup: NSG,
          source: FROM_SUBNET,
          destinations: [{ addressPrefixes: ['10.20.0.4', '10.20.1.0/24'], ports: [Port.SSH] }],
        });
      }),
    ).toHaveResourceWithProperties(NetworkSecurityRule, {
      name: 'ServerRules-tcp-22',
      resource_group_name: 'rg-servers',
      network_security_group_name: 'nsg-servers',
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      source_port_range: '*',
      source_address_prefixes: ['10.0.9.0/27'],
      destination_address_prefixes: ['10.20.0.4', '10.20.1.0/24'],
      destination_port_ranges: ['22'],
    });
  });

  test('derives destinations from the app: addresses, networks, ranges as exact CIDR blocks, mapped host names', () => {
    const { s } = fromApp(
      [
        { destination: Destination.parse('10.20.0.4'), ports: [Port.SSH] },
        { destination: Destination.parse('10.20.1.0/24'), ports: [Port.SSH] },
        { destination: Destination.parse('10.20.3.1..10.20.3.9'), ports: [Port.SSH] },
        { destination: Destination.parse('bastion.corp.contoso.com'), ports: [Port.SSH] },
      ],
      { hostAddresses: { 'Bastion.Corp.Contoso.com.': ['10.20.2.10'] } },
    );
    expect(rulesOf(synthStack(s))['ServerRules-tcp-22'].destination_address_prefixes).toEqual([
      '10.20.0.4',
      '10.20.1.0/24',
      '10.20.2.10',
      '10.20.3.1',
      '10.20.3.2/31',
      '10.20.3.4/30',
      '10.20.3.8/31',
    ]);
  });

  test('one rule per protocol and port set, so no server gets a port it does not need; each rule its own priority', () => {
    const { s, rules } = fromApp([
      { destination: Destination.parse('10.20.0.4'), ports: [Port.SSH] },
      { destination: Destination.parse('10.20.0.5'), ports: [Port.SSH] },
      { destination: Destination.parse('10.20.0.6'), ports: [Port.tcp(2222), Port.SSH] },
      { destination: Destination.parse('10.20.0.7'), ports: [Port.tcpUdp(53)] },
    ]);
    const r = rulesOf(synthStack(s));
    expect(Object.keys(r).sort()).toEqual(['ServerRules-tcp-22', 'ServerRules-tcp-22_2222', 'ServerRules-tcp-53', 'ServerRules-udp-53']);
    expect(Object.values(r).map((x) => [x.name, x.protocol, x.destination_port_ranges, x.destination_address_prefixes]).sort()).toEqual([
      ['ServerRules-tcp-22', 'Tcp', ['22'], ['10.20.0.4', '10.20.0.5']],
      ['ServerRules-tcp-22_2222', 'Tcp', ['22', '2222'], ['10.20.0.6']],
      ['ServerRules-tcp-53', 'Tcp', ['53'], ['10.20.0.7']],
      ['ServerRules-udp-53', 'Udp', ['53'], ['10.20.0.7']],
    ]);
    const priorities = Object.values(r).map((x) => x.priority);
    expect(new Set(priorities).size).toBe(4);
    priorities.forEach((p) => expect(p).toBeGreaterThanOrEqual(1000));
    priorities.forEach((p) => expect(p).toBeLessThan(2000));
    expect([...rules.priorities].sort()).toEqual([...priorities].sort());
  });

  test('a rule keeps its priority when rules are added or removed', () => {
    const priorityOf = (segments: SegmentOptions[]) =>
      Object.fromEntries(Object.values(rulesOf(synthStack(fromApp(segments).s))).map((x) => [x.name, x.priority]));
    const dns: SegmentOptions = { destination: Destination.parse('10.20.0.53'), ports: [Port.udp(53)] };
    const ssh: SegmentOptions = { destination: Destination.parse('10.20.0.4'), ports: [Port.SSH] };
    const web: SegmentOptions = { destination: Destination.parse('10.20.0.80'), ports: [Port.tcp(443)] };
    const before = priorityOf([dns, ssh]);
    const after = priorityOf([dns, ssh, web]);
    expect(after['ServerRules-udp-53']).toBe(before['ServerRules-udp-53']);
    expect(after['ServerRules-tcp-22']).toBe(before['ServerRules-tcp-22']);
    expect(priorityOf([dns])['ServerRules-udp-53']).toBe(before['ServerRules-udp-53']);
  });

  test('two constructs writing into one NSG never share a priority, and a shared name is an error', () => {
    const s = azureStack();
    const a = app(s, [{ destination: Destination.parse('10.20.0.4'), ports: [Port.SSH] }]);
    const b = new PrivateAccessApplication(s, 'Other', {
      displayName: 'Other',
      connectorGroup: ConnectorGroup.fromConnectorGroupId(s, 'OtherConnectors', '55555555-5555-5555-5555-555555555556'),
      segments: [{ destination: Destination.parse('10.20.0.5'), ports: [Port.SSH] }],
      principals: [Principal.group('Other')],
    });
    // Both rule sets are named "…-tcp-22" and take their priorities from 1000.
    const ra = ConnectorAccessRules.forApplication(s, 'A', a, { networkSecurityGroup: NSG, source: FROM_SUBNET });
    const rb = ConnectorAccessRules.forApplication(s, 'B', b, { networkSecurityGroup: NSG, source: FROM_SUBNET });
    synthStack(s);
    expect(ra.priorities[0]).not.toBe(rb.priorities[0]);

    const s2 = azureStack();
    const a2 = app(s2, [{ destination: Destination.parse('10.20.0.4'), ports: [Port.SSH] }]);
    ConnectorAccessRules.forApplication(s2, 'A', a2, { networkSecurityGroup: NSG, source: FROM_SUBNET, namePrefix: 'ssh' });
    ConnectorAccessRules.forApplication(s2, 'B', a2, { networkSecurityGroup: { resourceGroupName: 'RG-SERVERS', name: 'nsg-servers' }, source: FROM_SUBNET, namePrefix: 'ssh' });
    expect(errorOf(() => synthStack(s2))).toContain(
      '[test/B] the rule name "ssh-tcp-22" is also written by test/A into rg-servers/nsg-servers/inbound; give one of them another namePrefix',
    );
  });

  test('names stay within 80 characters and descriptions within 140, unique and stable', () => {
    const ports = Array.from({ length: 40 }, (_, i) => Port.tcp(3000 + i * 10));
    const r = Object.values(rulesOf(synthStack(fromApp([{ destination: Destination.parse('10.20.0.4'), ports }], { namePrefix: 'linux-servers-ssh' }).s)));
    expect(r[0].name.length).toBeLessThanOrEqual(80);
    expect(r[0].name).toMatch(/^linux-servers-ssh-tcp-3000_3010_.*-[0-9a-f]{8}$/);
    expect(r[0].description.length).toBeLessThanOrEqual(140);
    expect(r[0].description).toMatch(/^Private Access connectors to servers, tcp 3000,3010,.*,… \(40 ranges\) \(managed by cdktf-entra-private-access\)$/);
    expect(r[0].destination_port_ranges).toHaveLength(40);
  });

  test('names, priorities and output are stable under reordering', () => {
    const segments: SegmentOptions[] = [
      { destination: Destination.parse('10.20.0.6'), ports: [Port.tcp(2222)] },
      { destination: Destination.parse('10.20.0.4'), ports: [Port.SSH] },
      { destination: Destination.parse('10.20.1.0/24'), ports: [Port.SSH] },
    ];
    expect(synthStack(fromApp(segments).s)).toBe(synthStack(fromApp([...segments].reverse()).s));
  });

  test('drift: a server added to the app later is opened too', () => {
    const { s, a } = fromApp([{ destination: Destination.parse('10.20.0.4'), ports: [Port.SSH] }]);
    a.addSegment({ destination: Destination.parse('10.20.0.9'), ports: [Port.SSH] });
    expect(rulesOf(synthStack(s))['ServerRules-tcp-22'].destination_address_prefixes).toEqual(['10.20.0.4', '10.20.0.9']);
  });

  test('a segment added later on ports without a rule fails synth', () => {
    const { s, a } = fromApp([{ destination: Destination.parse('10.20.0.4'), ports: [Port.SSH] }]);
    a.addSegment({ destination: Destination.parse('10.20.0.9'), ports: [Port.tcp(2222)] });
    expect(errorOf(() => synthStack(s))).toContain(
      '[test/ServerRules] segment test/Ssh/Segment-tcp-ip-10_20_0_9 (tcp/2222 10.20.0.9) needs a tcp-2222 rule, which was not made because the segment was added after these rules',
    );
  });

  test('the source can be an application security group or connector hosts', () => {
    const asg = '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/applicationSecurityGroups/asg';
    const viaAsg = rulesOf(synthStack(fromApp([{ destination: Destination.parse('10.20.0.4'), ports: [Port.SSH] }], { source: ConnectorSource.applicationSecurityGroup(asg) }).s));
    expect(viaAsg['ServerRules-tcp-22'].source_application_security_group_ids).toEqual([asg]);
    expect(viaAsg['ServerRules-tcp-22'].source_address_prefixes).toBeUndefined();
    const hosts = { privateIpAddresses: ['10.0.9.4', '10.0.9.5'], applicationSecurityGroupId: asg };
    const viaHosts = rulesOf(synthStack(fromApp([{ destination: Destination.parse('10.20.0.4'), ports: [Port.SSH] }], { source: ConnectorSource.hosts(hosts) }).s));
    expect(viaHosts['ServerRules-tcp-22'].source_address_prefixes).toEqual(['10.0.9.4', '10.0.9.5']);
  });

  describe('errors', () => {
    test('a host name segment without its addresses', () => {
      expect(errorOf(() => fromApp([{ destination: Destination.parse('bastion.corp.contoso.com'), ports: [Port.SSH] }]))).toBe(
        'test/ServerRules: segment test/Ssh/Segment-tcp-fqdn-bastion_corp_contoso_com goes to the host name "bastion.corp.contoso.com", which a network security rule cannot name; pass its addresses: hostAddresses: { "bastion.corp.contoso.com": ["10.x.y.z"] }',
      );
    });

    test('existing priorities are skipped', () => {
      const free = fromApp([{ destination: Destination.parse('10.20.0.4'), ports: [Port.SSH] }]);
      synthStack(free.s);
      const taken = free.rules.priorities[0];
      const { s, rules } = fromApp([{ destination: Destination.parse('10.20.0.4'), ports: [Port.SSH] }], { existingPriorities: [taken, taken + 1] });
      synthStack(s);
      expect(rules.priorities).toEqual([taken + 2]);
    });

    test('a priority base out of range', () => {
      expect(errorOf(() => fromApp([{ destination: Destination.parse('10.20.0.4'), ports: [Port.SSH] }], { priorityBase: 4097 }))).toBe(
        'test/ServerRules: priorityBase 4097 is outside 100-4096; choose a whole number in that range',
      );
    });

    test.each([
      [['10.0.9.0/33'], 'connector source addressPrefixes[0] "10.0.9.0/33" has the prefix length "33"; expected a whole number from 0 to 32'],
      [[], 'connector source: give at least one address prefix'],
      [['0.0.0.0/0'], 'connector source addressPrefixes[0] "0.0.0.0/0" covers half of IPv4 or more, an allow rule from anywhere'],
      [['10.0.9.0/27', '128.0.0.0/1'], 'connector source addressPrefixes[1] "128.0.0.0/1" covers half of IPv4 or more'],
      [['*'], 'connector source addressPrefixes[0] "*" is a wildcard or service tag, which lets in far more than the connectors'],
      [['Any'], '"Any" is a wildcard or service tag'],
      [['Internet'], '"Internet" is a wildcard or service tag'],
      [['VirtualNetwork'], '"VirtualNetwork" is a wildcard or service tag'],
      [['AzureCloud.WestEurope'], '"AzureCloud.WestEurope" is a wildcard or service tag'],
      [['10.0.9.5/27'], 'connector source addressPrefixes[0] "10.0.9.5/27" has host bits set; did you mean "10.0.9.0/27"?'],
      [['10.0.9.1..10.0.9.5'], '"10.0.9.1..10.0.9.5" is not an IPv4 address or CIDR network'],
    ])('a bad source %j', (prefixes, message) => {
      expect(errorOf(() => ConnectorSource.addressPrefixes(prefixes))).toContain(message);
    });

    test('host addresses are checked like destinations', () => {
      expect(
        errorOf(() => fromApp([{ destination: Destination.parse('bastion.corp.contoso.com'), ports: [Port.SSH] }], { hostAddresses: { 'bastion.corp.contoso.com': ['10.20.2.10/8'] } })),
      ).toContain('hostAddresses["bastion.corp.contoso.com"] "10.20.2.10/8" has host bits set; did you mean "10.0.0.0/8"?');
    });

    test('a bad name prefix', () => {
      expect(errorOf(() => fromApp([{ destination: Destination.parse('10.20.0.4'), ports: [Port.SSH] }], { namePrefix: 'ssh rules' }))).toContain(
        'rule name prefix "ssh rules" is not 1-50 letters, digits',
      );
    });

    test('explicit rules without destinations', () => {
      expect(errorOf(() => new ConnectorAccessRules(azureStack(), 'R', { networkSecurityGroup: NSG, source: FROM_SUBNET, destinations: [] }))).toContain(
        "no destinations; give the servers' address prefixes and ports, or use ConnectorAccessRules.forApplication(app)",
      );
    });

    const notFound = (name: string) => () => {
      throw Object.assign(new Error(`Cannot find module '${name}'`), { code: 'MODULE_NOT_FOUND' });
    };
    const rulesWith = (lib: typeof import('../lib')) => {
      const s = new TerraformStack(require('cdktf').Testing.app(), 'test');
      return new lib.ConnectorAccessRules(s, 'R', {
        networkSecurityGroup: NSG,
        source: lib.ConnectorSource.addressPrefixes(['10.0.9.0/27']),
        destinations: [{ addressPrefixes: ['10.1.0.4'], ports: [lib.Port.SSH] }],
      });
    };

    test('a clear error when neither azurerm provider package is installed', () => {
      jest.isolateModules(() => {
        jest.doMock('@cdktf/provider-azurerm/lib/network-security-rule', notFound('@cdktf/provider-azurerm/lib/network-security-rule'));
        jest.doMock('@cdktn/provider-azurerm/lib/network-security-rule', notFound('@cdktn/provider-azurerm/lib/network-security-rule'), { virtual: true });
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        expect(errorOf(() => rulesWith(require('../lib')))).toBe(
          'ConnectorAccessRules manages Azure resources and needs the azurerm provider bindings: npm install @cdktf/provider-azurerm@^14.23.1 (with cdktf) or @cdktn/provider-azurerm (with CDK Terrain)',
        );
      });
    });

    test("CDK Terrain's @cdktn/provider-azurerm is used when cdktf's is not installed", () => {
      jest.isolateModules(() => {
        const real = jest.requireActual('@cdktf/provider-azurerm/lib/network-security-rule');
        jest.doMock('@cdktf/provider-azurerm/lib/network-security-rule', notFound('@cdktf/provider-azurerm/lib/network-security-rule'));
        jest.doMock('@cdktn/provider-azurerm/lib/network-security-rule', () => real, { virtual: true });
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        expect(Object.keys(rulesWith(require('../lib')).rules)).toEqual(['R-tcp-22']);
      });
    });
  });

  test('intervalToCidrs covers exactly the interval with the fewest blocks', () => {
    const fc = require('fast-check') as typeof import('fast-check');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 5000 }), (first, n) => {
        const last = Math.min(first + n, 2 ** 32 - 1);
        let next = first;
        for (const block of intervalToCidrs(first, last)) {
          const [ip, len] = block.split('/');
          const start = ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
          const size = 2 ** (32 - Number(len ?? 32));
          expect(start).toBe(next);
          expect(start % size).toBe(0);
          next = start + size;
        }
        expect(next).toBe(last + 1);
      }),
      { numRuns: 300 },
    );
    expect(intervalToCidrs(0, 2 ** 32 - 1)).toEqual(['0.0.0.0/0']);
  });
});

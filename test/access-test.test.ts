import { TerraformStack } from 'cdktf';
import { Destination,
  AccessFacts,
  AccessTest,
  AccessTestProps,
  ConditionalAccessPolicyState,
  ConnectorGroup,
  Port,
  Principal,
  PrivateAccessApplication,
  PrivateAccessConditionalAccessOptions,
  PrivateAccessConditionalAccessPolicy,
} from '../lib';
import { errorOf, synthStack, testStack } from './util';

const ADMINS = Principal.group('Linux Admins');
const OPS = Principal.groupId('22222222-2222-2222-2222-222222222222');

/** Two apps: SSH to a network, a range and host names (admins), and DNS over UDP (ops). */
function estate(s: TerraformStack, policy: PrivateAccessConditionalAccessOptions | false = {}): void {
  const connectors = ConnectorGroup.fromConnectorGroupId(s, 'Connectors', '55555555-5555-5555-5555-555555555555');
  const ssh = new PrivateAccessApplication(s, 'Ssh', {
    displayName: 'SSH',
    connectorGroup: connectors,
    segments: [
      { destination: Destination.parse('10.1.2.0/24'), ports: [Port.SSH] },
      { destination: Destination.parse('10.1.3.10..10.1.3.20'), ports: [Port.tcpRange(2200, 2299)] },
      { destination: Destination.parse('bastion.corp.contoso.com'), ports: [Port.SSH] },
      { destination: Destination.parse('*.lab.contoso.com'), ports: [Port.SSH] },
    ],
    principals: [ADMINS],
  });
  const dns = new PrivateAccessApplication(s, 'Dns', {
    displayName: 'DNS',
    connectorGroup: connectors,
    segments: [{ destination: Destination.parse('10.1.9.53'), ports: [Port.udp(53)] }],
    principals: [OPS],
  });
  if (policy !== false) {
    new PrivateAccessConditionalAccessPolicy(s, 'Mfa', { displayName: 'MFA', applications: [ssh, dns], ...policy });
  }
}

function failures(props: AccessTestProps, policy?: PrivateAccessConditionalAccessOptions | false, names?: Record<string, string[]>): string[] {
  const s = testStack();
  estate(s, policy);
  new AccessTest(s, 'Test', props);
  if (names) {
    new AccessFacts(s, 'Facts', { names: Object.entries(names).map(([name, addresses]) => ({ name, addresses })) });
  }
  let message = '';
  try {
    synthStack(s);
  } catch (err) {
    message = (err as Error).message;
  }
  return message
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('[test/Test]'));
}

describe('AccessTest', () => {
  test.each([
    ['an address in a network', '10.1.2.200:22'],
    ['an address in a range', '10.1.3.15:2250'],
    ['an exact host name, any case', 'Bastion.Corp.Contoso.com:22'],
    ['a host under a wildcard, at any depth', 'a.b.lab.contoso.com:22'],
    ['explicit /tcp', '10.1.2.1:22/tcp'],
  ])('accepts %s', (_, entry) => {
    expect(failures({ principal: ADMINS, accept: [entry], requireMfa: true })).toEqual([]);
  });

  test.each([
    ['the wrong protocol', '10.1.2.200:22/udp'],
    ['the wrong port', '10.1.2.200:2222'],
    ['an address outside', '10.1.4.1:22'],
  ])('denies %s', (_, entry) => {
    expect(failures({ principal: ADMINS, deny: [entry] })).toEqual([]);
  });

  test.each([
    ['the wildcard domain itself', 'lab.contoso.com:22'],
    ['a host name next to the exact one', 'bastion2.corp.contoso.com:22'],
  ])('denies %s when its address is stated and outside every segment', (_, entry) => {
    const names = { 'lab.contoso.com': ['10.9.9.9'], 'bastion2.corp.contoso.com': ['10.9.9.10'] };
    expect(failures({ principal: ADMINS, deny: [entry] }, {}, names)).toEqual([]);
  });

  test('a name no FQDN segment covers meets the IP segments through its address: undecided without it', () => {
    expect(failures({ principal: ADMINS, deny: ['bastion2.corp.contoso.com:22'] })).toEqual([
      '[test/Test] access test failed: deny "bastion2.corp.contoso.com:22": cannot be decided: the address bastion2.corp.contoso.com resolves to (through DNS) is not stated (AccessFacts names), and it decides whether an IP segment carries the name; app "SSH" (segment test/Ssh/Segment-tcp-cidr-10_1_2_0-24: tcp/22 10.1.2.0/24) might carry it: it would, if bastion2.corp.contoso.com resolves there; an undecided deny never passes',
    ]);
    expect(failures({ principal: ADMINS, deny: ['bastion2.corp.contoso.com:22'] }, {}, { 'bastion2.corp.contoso.com': ['10.1.2.9'] })).toEqual([
      '[test/Test] access test failed: deny "bastion2.corp.contoso.com:22": group "Linux Admins" reaches it through app "SSH" (segment test/Ssh/Segment-tcp-cidr-10_1_2_0-24: tcp/22 10.1.2.0/24, via bastion2.corp.contoso.com → 10.1.2.9 (DNS))',
    ]);
  });

  test('an accept entry no segment covers', () => {
    expect(failures({ principal: ADMINS, accept: ['10.1.4.1:22'] })).toEqual([
      '[test/Test] access test failed: accept "10.1.4.1:22": no segment of any Private Access app covers tcp/22 to 10.1.4.1',
    ]);
  });

  test('an accept entry covered by an app the principal is not assigned to', () => {
    expect(failures({ principal: OPS, accept: ['10.1.2.7:22'] })).toEqual([
      '[test/Test] access test failed: accept "10.1.2.7:22": app "SSH" (segment test/Ssh/Segment-tcp-cidr-10_1_2_0-24: tcp/22 10.1.2.0/24) covers it, but group 22222222-2222-2222-2222-222222222222 is not assigned to it',
    ]);
  });

  test('a deny entry the principal reaches', () => {
    expect(failures({ principal: OPS, deny: ['10.1.9.53:53/udp', '10.1.9.53:53'] })).toEqual([
      '[test/Test] access test failed: deny "10.1.9.53:53/udp": group 22222222-2222-2222-2222-222222222222 reaches it through app "DNS" (segment test/Dns/Segment-udp-ip-10_1_9_53: udp/53 10.1.9.53)',
    ]);
  });

  describe('requireMfa', () => {
    test('fails when no policy covers the app', () => {
      expect(failures({ principal: ADMINS, accept: ['10.1.2.7:22'], requireMfa: true }, false)).toEqual([
        '[test/Test] access test failed: accept "10.1.2.7:22": app "SSH" (segment test/Ssh/Segment-tcp-cidr-10_1_2_0-24: tcp/22 10.1.2.0/24) grants it, but no enforced Conditional Access policy requiring MFA or an authentication strength applies to group "Linux Admins" there (no enforced Conditional Access policy requiring MFA or an authentication strength on every way in targets the app)',
      ]);
    });

    test.each<[string, PrivateAccessConditionalAccessOptions]>([
      ['report-only', { state: ConditionalAccessPolicyState.REPORT_ONLY }],
      ['excluding the principal', { excludePrincipals: [ADMINS] }],
      ['requiring only a device', { requireMfa: false, requireCompliantDevice: true }],
    ])('fails when the policy is %s', (_, policy) => {
      expect(failures({ principal: ADMINS, accept: ['10.1.2.7:22'], requireMfa: true }, policy)).toHaveLength(1);
    });

    test('passes with an authentication strength', () => {
      expect(
        failures({ principal: ADMINS, accept: ['10.1.2.7:22'], requireMfa: true }, { authenticationStrengthPolicyId: '00000000-0000-0000-0000-000000000004' }),
      ).toEqual([]);
    });
  });

  test('every failing entry is reported in one synth', () => {
    expect(failures({ principal: ADMINS, accept: ['10.1.4.1:22', '10.1.2.7:22'], deny: ['10.1.2.8:22', 'bastion.corp.contoso.com:22'] })).toHaveLength(3);
  });

  test('compares principals as directory objects: another Principal for the same group is the same', () => {
    expect(failures({ principal: Principal.group('Linux Admins'), accept: ['10.1.2.7:22'] })).toEqual([]);
  });

  test.each([
    ['10.1.2.7', 'access entry "10.1.2.7" is not "host:port" or "host:port/udp" (one IPv4 address or host name, one port), such as "10.1.0.4:22"'],
    ['10.1.2.7:22-23', 'access entry "10.1.2.7:22-23" is not "host:port" or "host:port/udp"'],
    ['10.1.2.7:0', 'access entry "10.1.2.7:0" has the port 0, outside 1-65535'],
    ['10.1.2.300:22', 'access entry "10.1.2.300:22": "10.1.2.300" has the octet 300, outside 0-255'],
    ['*.lab.contoso.com:22', 'access entry "*.lab.contoso.com:22" has a wildcard; an entry names one host'],
    ['server_01:22', 'access entry "server_01:22": "server_01" is not a host name (letters, digits and hyphens in dot-separated labels)'],
    ['10.1.2.7:22/icmp', 'access entry "10.1.2.7:22/icmp" is not "host:port" or "host:port/udp"'],
  ])('rejects the entry %s', (entry, message) => {
    expect(errorOf(() => new AccessTest(testStack(), 'Test', { principal: ADMINS, accept: [entry] }))).toContain(`test/Test: ${message}`);
  });

  test('needs at least one entry', () => {
    expect(errorOf(() => new AccessTest(testStack(), 'Test', { principal: ADMINS }))).toBe(
      'test/Test: the access test has no entry; give `accept` or `deny` entries such as "10.1.0.4:22"',
    );
  });
});

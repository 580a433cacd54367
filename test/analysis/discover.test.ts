import { DEFAULT_DISCOVER_OPTIONS, DiscoverOptions, proposeSegmentation } from '../../lib/analysis/discover';
import { ModelApplication, ModelApplicationKind } from '../../lib/model/access-model';
import { ConnectorMembership, DiscoveredSegment, TrafficEntry } from '../../lib/readers/tenant-reader';

const PERIOD = { start: '2026-02-01T00:00:00Z', end: '2026-03-01T00:00:00Z' };
let n = 0;

function row(host: string, port: number, extra: Partial<DiscoveredSegment> = {}): DiscoveredSegment {
  n++;
  const byName = /[a-z]/.test(host);
  return {
    id: `row-${n}`,
    ...(byName ? { fqdn: host } : { ip: host }),
    port,
    protocol: 'tcp',
    accessType: 'quickAccess',
    userCount: 1,
    deviceCount: 1,
    transactionCount: 5,
    ...extra,
  };
}

function hit(host: string, port: number, user: string, connectorId?: string, protocol = 'tcp'): TrafficEntry {
  const byName = /[a-z]/.test(host);
  return { createdDateTime: '2026-02-10T00:00:00Z', userPrincipalName: user, ...(byName ? { fqdn: host } : { ip: host }), port, protocol, ...(connectorId ? { connectorId } : {}) };
}

function quick(segments: Array<[string, string, string[], string]>): ModelApplication {
  return {
    source: { address: '/beta/applications/qa' },
    kind: ModelApplicationKind.QUICK_ACCESS,
    displayName: { value: 'Quick Access' },
    existing: false,
    segments: segments.map(([host, type, ports, protocol], i) => ({
      source: { address: `/beta/applications/qa/s/${i}` },
      destinationHost: { value: host },
      destinationType: { value: type },
      ports: ports.map((value) => ({ value })),
      protocol: { value: protocol },
    })),
    dnsSuffixes: [],
    assignments: [],
  };
}

function propose(discovered: DiscoveredSegment[], options: Partial<DiscoverOptions> = {}, extra: { traffic?: TrafficEntry[]; quickAccess?: ModelApplication; memberships?: ConnectorMembership[] } = {}) {
  return proposeSegmentation({
    period: PERIOD,
    discovered,
    traffic: extra.traffic ?? [],
    trafficTruncated: false,
    ...(extra.quickAccess ? { quickAccess: extra.quickAccess } : {}),
    quickAccessRead: extra.quickAccess !== undefined,
    ...(extra.memberships ? { memberships: extra.memberships } : {}),
    options: { ...DEFAULT_DISCOVER_OPTIONS, ...options },
  });
}

describe('proposeSegmentation: the grouping rules', () => {
  test('names by their last labels, addresses by network, both adjustable', () => {
    const rows = [row('a.b.corp.contoso.com', 443), row('x.corp.contoso.com', 443), row('contoso.com', 80), row('10.1.2.7', 22), row('10.1.3.7', 22)];
    expect(propose(rows).applications.map((a) => `${a.displayName}: ${a.segments.map((s) => s.destination).join(', ')}`)).toEqual([
      'Discovered 10.1.2.0/24: 10.1.2.7',
      'Discovered 10.1.3.0/24: 10.1.3.7',
      'Discovered contoso.com: contoso.com',
      'Discovered corp.contoso.com: a.b.corp.contoso.com, x.corp.contoso.com',
    ]);
    expect(propose(rows, { domainLabels: 2, prefixLength: 16, namePrefix: '' }).applications.map((a) => a.displayName)).toEqual(['10.1.0.0/16', 'contoso.com']);
  });

  test('one segment per destination and protocol, ports merged; split by port makes one app per protocol and port', () => {
    const rows = [row('10.1.2.7', 22), row('10.1.2.7', 443), row('10.1.2.7', 53, { protocol: 'udp' })];
    const [app] = propose(rows).applications;
    expect(app.segments.map((s) => `${s.destination} ${s.protocol} ${s.ports.join(',')}`)).toEqual(['10.1.2.7 tcp 22,443', '10.1.2.7 udp 53']);
    expect(propose(rows, { splitByPort: true }).applications.map((a) => a.displayName)).toEqual([
      'Discovered 10.1.2.0/24 (tcp 22)',
      'Discovered 10.1.2.0/24 (tcp 443)',
      'Discovered 10.1.2.0/24 (udp 53)',
    ]);
  });

  test('what is left out: other access types, too few users; what is added: the addresses names were reached at', () => {
    const rows = [row('a.corp.contoso.com', 443, { ip: '10.3.0.1', userCount: 3 }), row('b.corp.contoso.com', 443, { userCount: 1 }), row('c.corp.contoso.com', 443, { accessType: 'privateAccess', userCount: 9 })];
    const p = propose(rows, { minUsers: 2, includeAddresses: true });
    expect(p.applications.map((a) => `${a.displayName}: ${a.segments.map((s) => s.destination).join(', ')}`)).toEqual(['Discovered 10.3.0.0/24: 10.3.0.1', 'Discovered corp.contoso.com: a.corp.contoso.com']);
    expect(p.skipped.map((s) => `${s.reason}: ${s.examples.join(', ')}`)).toEqual(['access type privateAccess, not quickAccess: c.corp.contoso.com:443/tcp', 'used by fewer than 2 user(s): b.corp.contoso.com:443/tcp']);
    expect(propose(rows, { accessTypes: ['quickAccess', 'privateAccess'] }).applications[0].segments).toHaveLength(3);
  });

  test('the users are those the traffic logs name on the segment, protocol and port; a UPN a spreadsheet would run is replaced by the object ID', () => {
    const traffic = [
      hit('a.corp.contoso.com', 443, 'ann@contoso.com'),
      hit('a.corp.contoso.com', 80, 'bob@contoso.com'), // another port
      hit('a.corp.contoso.com', 443, 'cat@contoso.com', undefined, 'udp'), // another protocol
      { ...hit('a.corp.contoso.com', 443, '+1@contoso.com'), userId: '44444444-0000-4000-8000-000000000009' },
      { ...hit('a.corp.contoso.com', 443, '=x@contoso.com') }, // and no object ID: nobody to name
    ];
    const [app] = propose([row('a.corp.contoso.com', 443)], {}, { traffic }).applications;
    expect(app.users).toEqual(['44444444-0000-4000-8000-000000000009', 'ann@contoso.com']);
  });
});

describe('proposeSegmentation: the connector group', () => {
  const memberships: ConnectorMembership[] = [
    { connectorId: 'c1', connectorGroupId: '22222222-0000-4000-8000-000000000001', connectorGroupName: 'Linux' },
    { connectorId: 'c2', connectorGroupId: '22222222-0000-4000-8000-000000000001', connectorGroupName: 'Linux' },
    { connectorId: 'c3', connectorGroupId: '22222222-0000-4000-8000-000000000002', connectorGroupName: '=Windows' },
  ];
  const choose = (connectors: Array<string | undefined>, given?: string) =>
    propose(
      [row('10.1.2.7', 22)],
      given ? { connectorGroup: given } : {},
      { traffic: connectors.map((c, i) => hit('10.1.2.7', 22, `u${i}@contoso.com`, c)), memberships },
    ).applications[0];

  test('given; else the one group whose connectors carried all the traffic; else a placeholder', () => {
    expect(choose(['c1'], 'Mine')).toMatchObject({ connectorGroup: 'Mine', connectorGroupFrom: 'given' });
    expect(choose(['c1', 'c2'])).toMatchObject({ connectorGroup: 'Linux', connectorGroupFrom: 'traffic' });
    expect(choose(['c1', 'c3'])).toMatchObject({ connectorGroup: 'Placeholder_Replace_Me', connectorGroupFrom: 'placeholder' });
    expect(choose(['c1', 'unknown'])).toMatchObject({ connectorGroup: 'Placeholder_Replace_Me' });
    expect(choose([undefined])).toMatchObject({ connectorGroup: 'Placeholder_Replace_Me' });
    // A group name a spreadsheet would read as a formula is given by ID.
    expect(choose(['c3'])).toMatchObject({ connectorGroup: '22222222-0000-4000-8000-000000000002', connectorGroupFrom: 'traffic' });
  });
});

describe('proposeSegmentation: the Quick Access segments an app makes unnecessary', () => {
  test('all of a segment: its name or every address, on every port and protocol it opens', () => {
    const qa = quick([
      ['wiki.corp.contoso.com', 'fqdn', ['443-443', '80-80'], 'tcp'],
      ['git.corp.contoso.com', 'fqdn', ['22-22'], 'tcp'],
      ['10.1.2.4/30', 'ipRangeCidr', ['22-22'], 'tcp'],
      ['10.1.2.8', 'ip', ['53-53'], 'tcp,udp'],
      ['*.corp.contoso.com', 'fqdn', ['443-443'], 'tcp'],
    ]);
    const rows = [
      row('wiki.corp.contoso.com', 443),
      row('wiki.corp.contoso.com', 80),
      row('git.corp.contoso.com', 443), // not the port Quick Access opens
      ...[4, 5, 6, 7].map((i) => row(`10.1.2.${i}`, 22)),
      row('10.1.2.8', 53, { protocol: 'udp' }), // only UDP of tcp,udp
    ];
    const p = propose(rows, {}, { quickAccess: qa });
    const byName = Object.fromEntries(p.applications.map((a) => [a.displayName, [a.quickAccessSegmentsMadeUnnecessary, a.quickAccessSegmentsPartlyTaken]]));
    expect(byName).toEqual({
      'Discovered 10.1.2.0/24': [['10.1.2.4/30 tcp 22'], ['10.1.2.8 tcp,udp 53']],
      'Discovered corp.contoso.com': [['wiki.corp.contoso.com tcp 80, 443'], ['*.corp.contoso.com tcp 443']],
    });
    // Three of the four addresses: part of it only.
    const three = propose([...[4, 5, 6].map((i) => row(`10.1.2.${i}`, 22))], {}, { quickAccess: qa }).applications[0];
    expect([three.quickAccessSegmentsMadeUnnecessary, three.quickAccessSegmentsPartlyTaken]).toEqual([[], ['10.1.2.4/30 tcp 22']]);
  });
});

/**
 * From what people reach to per-app access: Global Secure Access's application discovery report
 * and traffic logs, grouped into proposed Private Access apps, each with the users who used it and
 * the Quick Access segments it would make unnecessary. Microsoft's recommended way off a flat
 * Quick Access setup ("Quick Access, then application discovery, then per-app access").
 *
 * The grouping rules (docs/verify.md shows them with examples):
 * 1. Only destinations reached through the access types asked for count (by default `quickAccess`:
 *    traffic that an enterprise app already carries is per-app already), and only those used by at
 *    least `minUsers` users in the report.
 * 2. A destination reached by name (the report's `fqdn`) becomes an FQDN segment; one reached by
 *    address only becomes an IP segment. With `includeAddresses`, the address a name was reached
 *    at is added too (Microsoft's segmentation guide: the FQDNs and the addresses they resolve to),
 *    so that traffic sent to the address no longer goes through Quick Access.
 * 3. Names are grouped by their last `domainLabels` labels (`ssh.linux.corp.contoso.com` with 3 →
 *    `corp.contoso.com`; a name with no more labels than that is a group of its own); addresses by
 *    their network of `prefixLength` bits (`10.1.2.7` with 24 → `10.1.2.0/24`). With `splitByPort`,
 *    each group is split by protocol and port (SSH and HTTPS on one subnet become two apps).
 * 4. Each group is one proposed app with one segment per destination and protocol, its ports
 *    merged, and the users who used those segments in the traffic logs (by user principal name,
 *    else object ID). No group is proposed: the logs name users, and which group should hold them
 *    is a decision for people (replace the users with a group in the spreadsheet).
 * 5. The connector group is the one given; else the one whose connectors carried all of the app's
 *    traffic in the logs, when exactly one did and connector groups could be read; else a
 *    `Placeholder_Replace_Me` that the inventory refuses to deploy until someone fills it in.
 * 6. A Quick Access segment is made unnecessary by an app when the app's segments cover all of
 *    it: every address (or the name), on every port and protocol it opens. A wildcard never is.
 *
 * Nothing here decides what is applied: the proposal is a CSV that people review and edit.
 */
import { Destination } from '../destination';
import { ModelApplication } from '../model/access-model';
import { formatIpv4, parseIpv4 } from '../private/ipv4';
import type { ConnectorMembership, DiscoveredSegment, Period, TrafficEntry } from '../readers/tenant-reader';
import { describeSegment } from './verify';
import { inIntervals, intersectIntervals, mergeIntervals, PortInterval, shapeOf, showPorts, TCP, UDP } from './shapes';

/** The version of the proposal's JSON. */
export const DISCOVER_FORMAT_VERSION = 1;

/** What `Placeholder_Replace_Me` stands for: a value people must fill in before deploying. */
export const CONNECTOR_GROUP_PLACEHOLDER = 'Placeholder_Replace_Me';

/** How destinations are grouped into apps. */
export interface DiscoverOptions {
  /** Names are grouped by this many labels from the right. */
  readonly domainLabels: number;
  /** Addresses are grouped by networks of this prefix length. */
  readonly prefixLength: number;
  /** Whether each group is split by protocol and port. */
  readonly splitByPort: boolean;
  /** Destinations used by fewer users (in the report) are left out. */
  readonly minUsers: number;
  /** The access types that count (`quickAccess`, `privateAccess`). */
  readonly accessTypes: string[];
  /** Whether the address a name was reached at becomes a segment too. */
  readonly includeAddresses: boolean;
  /** The connector group every proposed app uses, when given. */
  readonly connectorGroup?: string;
  /** Put before each proposed app's name. */
  readonly namePrefix: string;
}

/** The defaults of the grouping. */
export const DEFAULT_DISCOVER_OPTIONS: DiscoverOptions = {
  domainLabels: 3,
  prefixLength: 24,
  splitByPort: false,
  minUsers: 1,
  accessTypes: ['quickAccess'],
  includeAddresses: false,
  namePrefix: 'Discovered ',
};

/** One proposed segment: a destination and protocol, with its ports. */
export interface ProposedSegment {
  /** `fqdn` or `ipAddress`. */
  readonly destinationType: string;
  readonly destination: string;
  /** `tcp` or `udp`. */
  readonly protocol: string;
  readonly ports: number[];
  /** The most users the report counts on one of its ports. */
  readonly userCount: number;
  readonly transactionCount: number;
  readonly firstAccessDateTime?: string;
  readonly lastAccessDateTime?: string;
  /** The users (UPN, else object ID) who used it in the traffic logs. */
  readonly users: string[];
}

/** One proposed app. */
export interface ProposedApplication {
  readonly displayName: string;
  /** The grouping that made it: `domain corp.contoso.com`, `network 10.1.2.0/24`, `… tcp 22`. */
  readonly groupedBy: string;
  readonly segments: ProposedSegment[];
  /** Everyone who used one of its segments. */
  readonly users: string[];
  readonly connectorGroup: string;
  /** `given`, `traffic` (the connectors that carried it) or `placeholder`. */
  readonly connectorGroupFrom: string;
  /** The Quick Access segments the app covers entirely (`10.1.2.0/24 tcp 22`). */
  readonly quickAccessSegmentsMadeUnnecessary: string[];
  /** The Quick Access segments the app takes a part of (they stay for the rest). */
  readonly quickAccessSegmentsPartlyTaken: string[];
}

/** Report rows left out, and why. */
export interface SkippedRows {
  readonly reason: string;
  readonly count: number;
  /** Up to five examples (`host:port/protocol`). */
  readonly examples: string[];
}

/** The proposal. */
export interface DiscoveryProposal {
  readonly formatVersion: number;
  readonly period: Period;
  readonly options: DiscoverOptions;
  readonly applications: ProposedApplication[];
  /** Report rows read. */
  readonly discoveredSegments: number;
  readonly skipped: SkippedRows[];
  /** Traffic log entries read. */
  readonly trafficEntries: number;
  /** Whether the traffic logs were cut at the bound: users may be missing. */
  readonly trafficTruncated: boolean;
  /** Whether the tenant's Quick Access app was read (no: nothing is said about its segments). */
  readonly quickAccessRead: boolean;
  /** Whether connector groups were read (no: connector groups from traffic cannot be found). */
  readonly connectorGroupsRead: boolean;
}

/** What the proposal is made from. */
export interface DiscoverInput {
  readonly period: Period;
  readonly discovered: DiscoveredSegment[];
  readonly traffic: TrafficEntry[];
  readonly trafficTruncated: boolean;
  /** The tenant's Quick Access app, when read. */
  readonly quickAccess?: ModelApplication;
  readonly quickAccessRead: boolean;
  /** Connectors and their groups, when they could be read. */
  readonly memberships?: ConnectorMembership[];
  readonly options: DiscoverOptions;
}

const UPN = /^[^@\s]+@[^@\s]+$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What a spreadsheet reads as a formula when a cell starts with it (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Control and bidirectional characters: never in a name people review. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** A destination of the report, checked. */
interface Checked {
  readonly type: 'fqdn' | 'ipAddress';
  readonly host: string;
  readonly address?: number;
  readonly protocol: 'tcp' | 'udp';
  readonly port: number;
  readonly row: DiscoveredSegment;
}

/** Proposes per-app segmentation from what was discovered. */
export function proposeSegmentation(input: DiscoverInput): DiscoveryProposal {
  const o = input.options;
  const skipped = new Map<string, { count: number; examples: string[] }>();
  const skip = (reason: string, row: DiscoveredSegment) => {
    const s = skipped.get(reason) ?? { count: 0, examples: [] };
    s.count++;
    if (s.examples.length < 5) {
      s.examples.push(`${row.fqdn ?? row.ip ?? '?'}:${row.port}/${row.protocol}`);
    }
    skipped.set(reason, s);
  };

  // 1-2. Check each row; keep the kinds of access asked for, used by enough people.
  const checked: Checked[] = [];
  for (const row of input.discovered) {
    if (!o.accessTypes.includes(row.accessType)) {
      skip(`access type ${row.accessType || '(none)'}, not ${o.accessTypes.join(' or ')}`, row);
      continue;
    }
    if (row.userCount < o.minUsers) {
      skip(`used by fewer than ${o.minUsers} user(s)`, row);
      continue;
    }
    if (row.protocol !== 'tcp' && row.protocol !== 'udp') {
      skip(`protocol ${row.protocol || '(none)'}: Private Access segments carry TCP and UDP`, row);
      continue;
    }
    if (!Number.isInteger(row.port) || row.port < 1 || row.port > 65535) {
      skip('no port from 1 to 65535', row);
      continue;
    }
    const protocol = row.protocol;
    if (row.fqdn !== undefined) {
      const host = checkedName(row.fqdn);
      if (host === undefined) {
        skip('a name Private Access does not take as an FQDN segment (single-label, malformed or with control characters)', row);
        continue;
      }
      checked.push({ type: 'fqdn', host, protocol, port: row.port, row });
      if (o.includeAddresses && row.ip !== undefined) {
        const a = parseIpv4(row.ip);
        if ('address' in a) {
          checked.push({ type: 'ipAddress', host: formatIpv4(a.address), address: a.address, protocol, port: row.port, row });
        }
      }
    } else if (row.ip !== undefined) {
      const a = parseIpv4(row.ip);
      if (!('address' in a)) {
        skip('an address that is not IPv4 (Private Access supports IPv4 only)', row);
        continue;
      }
      checked.push({ type: 'ipAddress', host: formatIpv4(a.address), address: a.address, protocol, port: row.port, row });
    } else {
      skip('neither a name nor an address', row);
    }
  }

  // Who used what, from the traffic logs.
  const usersOf = new Map<string, Set<string>>();
  const connectorsOf = new Map<string, Set<string>>();
  for (const t of input.traffic) {
    const user = userOf(t);
    const protocol = t.protocol.toLowerCase();
    const keys = [t.fqdn !== undefined ? `fqdn|${t.fqdn}|${protocol}|${t.port}` : undefined, t.ip !== undefined ? `ipAddress|${t.ip}|${protocol}|${t.port}` : undefined];
    for (const key of keys.filter((k): k is string => k !== undefined)) {
      if (user !== undefined) {
        usersOf.set(key, (usersOf.get(key) ?? new Set()).add(user));
      }
      if (t.connectorId !== undefined) {
        connectorsOf.set(key, (connectorsOf.get(key) ?? new Set()).add(t.connectorId));
      }
    }
  }
  const keyOf = (c: Checked) => `${c.type}|${c.host}|${c.protocol}|${c.port}`;

  // 3. Groups.
  const groups = new Map<string, { groupedBy: string; name: string; members: Checked[] }>();
  for (const c of checked) {
    const base = c.type === 'fqdn' ? domainOf(c.host, o.domainLabels) : networkOf(c.address!, o.prefixLength);
    const groupedBy = `${c.type === 'fqdn' ? 'domain' : 'network'} ${base}${o.splitByPort ? ` ${c.protocol} ${c.port}` : ''}`;
    const name = `${o.namePrefix}${base}${o.splitByPort ? ` (${c.protocol} ${c.port})` : ''}`;
    const g = groups.get(groupedBy) ?? { groupedBy, name, members: [] };
    g.members.push(c);
    groups.set(groupedBy, g);
  }

  // 4-6. Apps.
  const groupOfConnector = new Map((input.memberships ?? []).map((m) => [m.connectorId, m]));
  const applications: ProposedApplication[] = [];
  for (const g of [...groups.values()].sort((a, b) => compare(a.name, b.name))) {
    const bySegment = new Map<string, Checked[]>();
    for (const c of g.members) {
      const key = `${c.type}|${c.host}|${c.protocol}`;
      bySegment.set(key, [...(bySegment.get(key) ?? []), c]);
    }
    const segments: ProposedSegment[] = [...bySegment.values()].map((members) => {
      const users = new Set(members.flatMap((c) => [...(usersOf.get(keyOf(c)) ?? [])]));
      const rows = members.map((c) => c.row);
      const first = rows.map((r) => r.firstAccessDateTime).filter((x): x is string => x !== undefined).sort()[0];
      const last = rows.map((r) => r.lastAccessDateTime).filter((x): x is string => x !== undefined).sort().pop();
      return {
        destinationType: members[0].type,
        destination: members[0].host,
        protocol: members[0].protocol,
        ports: [...new Set(members.map((c) => c.port))].sort((a, b) => a - b),
        userCount: Math.max(...rows.map((r) => r.userCount)),
        transactionCount: rows.reduce((n, r) => n + r.transactionCount, 0),
        ...(first ? { firstAccessDateTime: first } : {}),
        ...(last ? { lastAccessDateTime: last } : {}),
        users: [...users].sort(),
      };
    });
    segments.sort((a, b) => compare(a.destinationType, b.destinationType) || compareHosts(a.destination, b.destination) || compare(a.protocol, b.protocol));
    const connectors = new Set(g.members.flatMap((c) => [...(connectorsOf.get(keyOf(c)) ?? [])]));
    const { connectorGroup, from } = chooseConnectorGroup(o.connectorGroup, connectors, input.memberships !== undefined ? groupOfConnector : undefined);
    const coverage = quickAccessCoverage(segments, input.quickAccess);
    applications.push({
      displayName: g.name,
      groupedBy: g.groupedBy,
      segments,
      users: [...new Set(segments.flatMap((s) => s.users))].sort(),
      connectorGroup,
      connectorGroupFrom: from,
      quickAccessSegmentsMadeUnnecessary: coverage.full,
      quickAccessSegmentsPartlyTaken: coverage.part,
    });
  }

  return {
    formatVersion: DISCOVER_FORMAT_VERSION,
    period: input.period,
    options: o,
    applications,
    discoveredSegments: input.discovered.length,
    skipped: [...skipped].map(([reason, s]) => ({ reason, count: s.count, examples: s.examples })).sort((a, b) => b.count - a.count || compare(a.reason, b.reason)),
    trafficEntries: input.traffic.length,
    trafficTruncated: input.trafficTruncated,
    quickAccessRead: input.quickAccessRead,
    connectorGroupsRead: input.memberships !== undefined,
  };
}

/** The name as a lower-case FQDN the library accepts, or undefined. */
function checkedName(name: string): string | undefined {
  if (UNSAFE.test(name) || name.startsWith('*') || !name.includes('.')) {
    return undefined;
  }
  try {
    return Destination.fqdn(name).host;
  } catch {
    return undefined;
  }
}

/** Who a log entry is: the UPN when it is one a spreadsheet shows as text, else the object ID. */
function userOf(t: TrafficEntry): string | undefined {
  const upn = t.userPrincipalName;
  if (upn !== undefined && UPN.test(upn) && upn.length <= 113 && !UNSAFE.test(upn) && !FORMULA_START.test(upn) && !upn.includes(';') && !upn.includes(',')) {
    return upn;
  }
  return t.userId !== undefined && GUID.test(t.userId) ? t.userId : undefined;
}

function domainOf(host: string, labels: number): string {
  const parts = host.split('.');
  return parts.length > labels ? parts.slice(-labels).join('.') : host;
}

function networkOf(address: number, prefix: number): string {
  const size = 2 ** (32 - prefix);
  return `${formatIpv4(address - (address % size))}/${prefix}`;
}

/** The connector group: given; else the one group whose connectors carried all the traffic; else a placeholder. */
function chooseConnectorGroup(given: string | undefined, connectors: Set<string>, groups: Map<string, ConnectorMembership> | undefined): { connectorGroup: string; from: string } {
  if (given !== undefined) {
    return { connectorGroup: given, from: 'given' };
  }
  if (groups && connectors.size > 0) {
    const found = [...connectors].map((c) => groups.get(c));
    const ids = new Set(found.map((m) => m?.connectorGroupId));
    if (!ids.has(undefined) && ids.size === 1) {
      const m = found[0]!;
      // A name a spreadsheet would read as a formula, or that holds control characters, is given by ID.
      const safe = m.connectorGroupName !== '' && !FORMULA_START.test(m.connectorGroupName) && !UNSAFE.test(m.connectorGroupName);
      return { connectorGroup: safe ? m.connectorGroupName : m.connectorGroupId, from: 'traffic' };
    }
  }
  return { connectorGroup: CONNECTOR_GROUP_PLACEHOLDER, from: 'placeholder' };
}

/** The Quick Access segments that an app's segments cover entirely, and those they cover in part. */
function quickAccessCoverage(segments: ProposedSegment[], quick: ModelApplication | undefined): { full: string[]; part: string[] } {
  const full: string[] = [];
  const part: string[] = [];
  if (!quick) {
    return { full, part };
  }
  const bits = (p: string) => (p === 'tcp' ? TCP : UDP);
  for (const q of quick.segments) {
    const shape = shapeOf(quick, q);
    if (!shape.target || shape.ports === undefined || shape.protocols === undefined) {
      continue;
    }
    const target = shape.target;
    const protocols = [TCP, UDP].filter((b) => (shape.protocols! & b) !== 0);
    // The ports the app opens per destination and protocol bit.
    const portsAt = (matches: (s: ProposedSegment) => boolean, bit: number): PortInterval[] =>
      mergeIntervals(segments.filter((s) => bits(s.protocol) === bit && matches(s)).flatMap((s) => s.ports.map((p) => [p, p] as PortInterval)));
    const covers = (have: PortInterval[]) => shape.ports!.every(([from, to]) => intersectIntervals(have, [[from, to]]).reduce((n, [a, b]) => n + b - a + 1, 0) === to - from + 1);
    let all = false;
    let some = false;
    if (target.kind === 'host') {
      const have = protocols.map((b) => portsAt((s) => s.destinationType === 'fqdn' && s.destination === target.host, b));
      all = have.every(covers);
      some = have.some((h) => h.some(([a]) => inIntervals(a, shape.ports!)));
    } else if (target.kind === 'wildcard') {
      some = segments.some((s) => s.destinationType === 'fqdn' && s.destination.endsWith(`.${target.domain}`) && s.ports.some((p) => inIntervals(p, shape.ports!)) && protocols.includes(bits(s.protocol)));
    } else {
      const inside = segments.filter((s) => s.destinationType === 'ipAddress').map((s) => ({ s, a: (parseIpv4(s.destination) as { address: number }).address })).filter((x) => x.a >= target.first && x.a <= target.last);
      const addresses = [...new Set(inside.map((x) => x.a))];
      some = inside.some((x) => protocols.includes(bits(x.s.protocol)) && x.s.ports.some((p) => inIntervals(p, shape.ports!)));
      all = addresses.length === target.last - target.first + 1 && addresses.every((a) => protocols.every((b) => covers(portsAt((s) => s.destinationType === 'ipAddress' && s.destination === formatIpv4(a), b))));
    }
    if (all) {
      full.push(describeSegment(q));
    } else if (some) {
      part.push(describeSegment(q));
    }
  }
  return { full: full.sort(), part: part.sort() };
}

/** `10.0.0.9` before `10.0.0.10`; names by text. */
function compareHosts(a: string, b: string): number {
  const x = parseIpv4(a);
  const y = parseIpv4(b);
  if ('address' in x && 'address' in y) {
    return x.address - y.address;
  }
  return compare(a, b);
}

/** `22, 80-81`. */
export function showPortList(ports: number[]): string {
  return showPorts(mergeIntervals(ports.map((p) => [p, p] as PortInterval)));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

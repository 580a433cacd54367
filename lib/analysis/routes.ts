/**
 * The one evaluation of "who can reach what", as Private Access routes traffic (Microsoft Learn,
 * Global Secure Access: how-to-configure-per-app-access, how-to-private-access-segmentation-strategies,
 * concept-private-name-resolution, how-to-configure-quick-access):
 *
 * - Traffic to a name is acquired by the FQDN segments that cover the name: an enterprise app's
 *   first, then Quick Access's. A name no FQDN segment covers is resolved (by Private DNS when it is
 *   under a Quick Access DNS suffix, or a single label completed with one; by ordinary DNS
 *   otherwise) and steered by the address, like traffic sent to the address.
 * - Traffic to an address is acquired by the IP segments that cover it: an enterprise app's first,
 *   then Quick Access's. An FQDN segment never acquires traffic sent to an address, even when the
 *   name resolves to it.
 * - An enterprise app's segment wins over an overlapping Quick Access segment per destination, port
 *   and protocol: "No traffic from any user to an application segment defined as an Enterprise App
 *   will be processed by Quick Access"; users not assigned to the enterprise app are blocked there.
 * - A server given by its address is reached by traffic to the address, and by traffic to any name
 *   stated (`AccessFacts`) to resolve to it.
 *
 * What a program cannot know (an address a name resolves to, who is in a group, the segments and
 * assignees of the tenant's existing Quick Access app, values known only at apply) makes an answer
 * "undecided", with the missing fact named, never a pass. The access tests, the review, `review-diff`
 * and `verify` all answer through this module.
 */
import { ModelApplication, ModelPrincipal, ModelPrincipalReference, ModelPrincipalType } from '../model/access-model';
import { Facts } from './facts';
import { parseIpv4 } from '../private/ipv4';
import {
  addressCovers,
  formatIpv4,
  inIntervals,
  isQuickAccess,
  nameCovers,
  protocolBits,
  SegmentShape,
  shapeOf,
  show,
  showPorts,
  showTarget,
} from './shapes';

/** Yes, no, or not decidable from the configuration and the stated facts. */
export type Answer = 'yes' | 'no' | 'unknown';

/** Who an answer is about: a principal as the model identifies it. */
export interface Subject {
  readonly identity: string;
  readonly principalType: string;
  readonly description: string;
  /** How the principal is identified (`expression`: anything could be behind it). */
  readonly reference?: string;
}

/** One "host:port[/protocol]" question. */
export interface AccessEntry {
  /** As written. */
  readonly text: string;
  /** The host, lower-case: an IPv4 address, a host name, or a single-label name. */
  readonly host: string;
  /** The address, when the host is an IPv4 address. */
  readonly address?: number;
  readonly port: number;
  readonly protocol: 'tcp' | 'udp';
}

/** How a route that depends on an address no fact states is marked. */
const UNSTATED = 'the unstated address of';

const ENTRY = /^([^:\s/]+):(\d{1,5})(?:\/(tcp|udp))?$/i;
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Parses `host:port`, `host:port/tcp` or `host:port/udp`; throws an `Error` saying what is wrong. */
export function parseAccessEntry(text: string): AccessEntry {
  const m = typeof text === 'string' ? ENTRY.exec(text) : null;
  if (!m) {
    throw new Error(`access entry ${JSON.stringify(text)} is not "host:port" or "host:port/udp" (one IPv4 address or host name, one port), such as "10.1.0.4:22"`);
  }
  const [, hostText, portText, protocolText] = m;
  const port = Number(portText);
  if (port < 1 || port > 65535) {
    throw new Error(`access entry ${JSON.stringify(text)} has the port ${port}, outside 1-65535`);
  }
  const protocol = (protocolText ?? 'tcp').toLowerCase() as 'tcp' | 'udp';
  const host = hostText.toLowerCase().replace(/\.$/, '');
  if (/^[\d.]+$/.test(host)) {
    const parsed = parseIpv4(host);
    if ('problem' in parsed) {
      throw new Error(`access entry ${JSON.stringify(text)}: ${JSON.stringify(hostText)} ${parsed.problem}`);
    }
    return { text, host, address: parsed.address, port, protocol };
  }
  if (host.includes('*')) {
    throw new Error(`access entry ${JSON.stringify(text)} has a wildcard; an entry names one host, such as "ssh.corp.contoso.com:22"`);
  }
  const labels = host.split('.');
  if (host.length > 253 || labels.some((l) => !LABEL.test(l))) {
    throw new Error(`access entry ${JSON.stringify(text)}: ${JSON.stringify(hostText)} is not a host name (letters, digits and hyphens in dot-separated labels)`);
  }
  return { text, host, port, protocol };
}

/** A segment that carries an entry's traffic, and how the traffic got to it. */
export interface Route {
  readonly shape: SegmentShape;
  /** `name` (an FQDN segment), `address` (an IP segment), with the name or address used. */
  readonly by: string;
}

/** Where an entry's traffic goes. */
export interface Routing {
  /** The segments that carry it, for certain. */
  readonly routes: Route[];
  /** Segments that might carry it: known only at apply, or in an app the tenant holds more of. */
  readonly possible: Route[];
  /** Facts that would decide it. */
  readonly missing: string[];
}

/** One principal's answer for one entry. */
export interface EntryAnswer {
  readonly reachable: Answer;
  /** The apps through which the principal reaches the entry (display names). */
  readonly grantedBy: string[];
  /** The apps that carry the traffic and what decides it, in words. */
  readonly reason: string;
  /** What would decide an undecided answer. */
  readonly missing: string[];
  /** The routes that carry the principal's traffic. */
  readonly routes: Route[];
}

/** Every app the analysis sees (all stacks of a cdktf App, or one tenant), parsed once. */
export class AccessGraph {
  public readonly shapes: SegmentShape[];
  public readonly quickAccessSuffixes: string[];
  /** The tenant's existing Quick Access app, when a stack uses it without declaring all of it. */
  public readonly existingQuickAccess?: ModelApplication;

  constructor(
    public readonly applications: readonly ModelApplication[],
    public readonly facts: Facts = new Facts(),
  ) {
    this.shapes = applications.flatMap((app) => app.segments.map((s) => shapeOf(app, s)));
    const suffixes = applications.filter(isQuickAccess).flatMap((a) => a.dnsSuffixes);
    this.quickAccessSuffixes = suffixes.flatMap((s) => (s.suffix.value !== undefined ? [s.suffix.value.toLowerCase()] : [])).sort();
    this.existingQuickAccess = applications.find((a) => isQuickAccess(a) && a.existing);
  }

  /** Where traffic to the entry goes, for everyone. */
  public route(entry: AccessEntry): Routing {
    const protocol = entry.protocol === 'udp' ? 2 : 1;
    if (entry.address !== undefined) {
      const direct = this.byAddress(entry.address, entry.port, protocol);
      // The server is also reached through any name stated to resolve to its address.
      const viaNames = this.facts.namesOf(entry.address).map((name) => this.byName(name, entry.port, protocol));
      return {
        routes: [...direct.routes, ...viaNames.flatMap((r) => r.routes)],
        possible: [...direct.possible, ...viaNames.flatMap((r) => r.possible)],
        missing: [...direct.missing, ...viaNames.flatMap((r) => r.missing)],
      };
    }
    // A single-label name is completed by the client's or the connectors' DNS search suffixes,
    // which the program cannot know: like any name no FQDN segment covers, it is reached through
    // the address a stated fact gives it.
    return this.resolveName(entry.host, entry.port, protocol);
  }

  /** The Quick Access DNS suffix a name is under, if any. */
  public suffixOf(name: string): string | undefined {
    return this.quickAccessSuffixes.find((s) => name === s || name.endsWith(`.${s}`));
  }

  /** A name: FQDN segments first; otherwise resolved and steered by address. */
  private resolveName(name: string, port: number, protocol: number): Routing {
    const byName = this.byName(name, port, protocol);
    if (byName.routes.length > 0) {
      return byName;
    }
    const addresses = this.facts.addressesOf(name);
    const how =
      this.suffixOf(name) !== undefined
        ? `Private DNS (suffix ${this.suffixOf(name)})`
        : !name.includes('.') && this.quickAccessSuffixes.length > 0
          ? 'Private DNS (a single label, completed by the connectors\' search suffixes)'
          : 'DNS';
    if (addresses === undefined) {
      const ipCandidates = this.shapes.filter(
        (s) => (s.target === undefined || s.target.kind === 'ip') && protocolMatches(s, protocol) && portMatches(s, port),
      );
      const missing =
        ipCandidates.length > 0
          ? [`the address ${name} resolves to (through ${how}) is not stated (AccessFacts names), and it decides whether an IP segment carries the name`]
          : [];
      return {
        routes: [],
        possible: [...byName.possible, ...ipCandidates.map((shape) => ({ shape, by: `${UNSTATED} ${name}` }))],
        missing: [...byName.missing, ...missing],
      };
    }
    const viaAddresses = addresses.map((a) => this.byAddress(a, port, protocol, `${name} → ${formatIpv4(a)} (${how})`));
    return {
      routes: viaAddresses.flatMap((r) => r.routes),
      possible: [...byName.possible, ...viaAddresses.flatMap((r) => r.possible)],
      missing: [...byName.missing, ...viaAddresses.flatMap((r) => r.missing)],
    };
  }

  /** The FQDN segments that acquire a name: an enterprise app's win over Quick Access's. */
  private byName(name: string, port: number, protocol: number): Routing {
    const covering = this.shapes.filter((s) => s.target !== undefined && s.target.kind !== 'ip' && nameCovers(s.target, name) && protocolMatches(s, protocol) && s.ports !== undefined && inIntervals(port, s.ports));
    const preferred = preferEnterprise(covering);
    const possible = this.unknownShapes(protocol, port, (s) => s.target === undefined || (s.target.kind !== 'ip' && nameCovers(s.target, name))).map((shape) => ({ shape, by: `name ${name}` }));
    // A wildcard of one enterprise app and a name of another: which one the client picks is not
    // documented (Microsoft's converter calls the pair a conflict), so neither carries it for certain.
    const apps = new Set(preferred.map((s) => s.app));
    if (apps.size > 1 && preferred.some((s) => s.target!.kind === 'wildcard') && preferred.some((s) => s.target!.kind === 'host')) {
      return { routes: [], possible: [...preferred.map((shape) => ({ shape, by: `name ${name} (a wildcard and a name in different apps)` })), ...possible], missing: [] };
    }
    const winners = preferred.map((shape) => ({ shape, by: `name ${name}` }));
    return { routes: winners, possible: this.existingQuickAccessMight(winners, possible, `name ${name}`), missing: [] };
  }

  /** The IP segments that acquire an address: an enterprise app's win over Quick Access's. */
  private byAddress(address: number, port: number, protocol: number, by = `address ${formatIpv4(address)}`): Routing {
    const covering = this.shapes.filter((s) => s.target !== undefined && addressCovers(s.target, address) && protocolMatches(s, protocol) && s.ports !== undefined && inIntervals(port, s.ports));
    const winners = preferEnterprise(covering).map((shape) => ({ shape, by }));
    const possible = this.unknownShapes(protocol, port, (s) => s.target === undefined || addressCovers(s.target, address)).map((shape) => ({ shape, by }));
    return { routes: winners, possible: this.existingQuickAccessMight(winners, possible, by), missing: [] };
  }

  /** Segments with something known only at apply that might carry the traffic. */
  private unknownShapes(protocol: number, port: number, destinationMightMatch: (s: SegmentShape) => boolean): SegmentShape[] {
    return this.shapes.filter(
      (s) =>
        s.unknown.length > 0 &&
        (s.protocols === undefined || (s.protocols & protocol) !== 0) &&
        (s.ports === undefined ? s.knownPorts.length === 0 || inIntervals(port, s.knownPorts) || s.segment.ports.some((p) => p.value === undefined) : inIntervals(port, s.ports)) &&
        destinationMightMatch(s),
    );
  }

  /**
   * The tenant's existing Quick Access app may hold segments the program does not declare: when no
   * enterprise app carries the traffic for certain, it might.
   */
  private existingQuickAccessMight(winners: Route[], possible: Route[], by: string): Route[] {
    const qa = this.existingQuickAccess;
    if (!qa || winners.some((r) => !isQuickAccess(r.shape.app))) {
      return possible;
    }
    const placeholder: SegmentShape = {
      app: qa,
      segment: { source: qa.source, destinationHost: { expression: '(segments the tenant holds)' }, destinationType: { expression: '(undeclared)' }, protocol: { expression: '(undeclared)' }, ports: [] },
      knownPorts: [],
      unknown: ['segments the tenant holds that the program does not declare'],
    };
    return [...possible, { shape: placeholder, by }];
  }

  /** Whether the app assigns the subject: directly, or (for a user) through a group whose members are stated. */
  public assigns(app: ModelApplication, subject: Subject): { answer: Answer; why: string } {
    const direct = app.assignments.find((a) => a.principal.identity === subject.identity);
    if (direct) {
      return { answer: 'yes', why: `assigned directly` };
    }
    const unknowns: string[] = [];
    for (const a of app.assignments) {
      const p = a.principal;
      const m = this.memberOf(subject, p);
      if (m === 'yes') {
        return { answer: 'yes', why: `a member of ${p.description}` };
      }
      if (m === 'unknown') {
        unknowns.push(p.description);
      }
    }
    if (app.existing) {
      unknowns.push(`the assignees the tenant holds for ${describeApp(app)}, which the program does not declare`);
    }
    if (unknowns.length > 0) {
      return { answer: 'unknown', why: `it is not known whether ${subject.description} is ${unknowns.map((u) => (u.startsWith('the ') ? u : `in ${u}`)).join(' or ')}` };
    }
    return { answer: 'no', why: 'not assigned' };
  }

  /**
   * Whether `subject` is `principal` or a member of it: yes, no, or unknown. A user may be in a
   * group. Private Access assignments do not honour nested groups, so there a group is "in" no
   * other group; Conditional Access does (`nestedGroups`). A principal known only at apply may be
   * anything.
   */
  public memberOf(subject: Subject, principal: ModelPrincipal, nestedGroups = false): Answer {
    if (subject.identity === principal.identity) {
      return 'yes';
    }
    if (principal.reference === ModelPrincipalReference.EXPRESSION || subject.reference === ModelPrincipalReference.EXPRESSION) {
      return 'unknown'; // either could be any object
    }
    if (principal.principalType === ModelPrincipalType.USER || principal.principalType === ModelPrincipalType.SERVICE_PRINCIPAL) {
      return 'no';
    }
    if (subject.principalType === ModelPrincipalType.GROUP && !nestedGroups) {
      return 'no'; // nested groups are not honoured by Private Access assignments
    }
    const stated = this.facts.isMember(subject.identity, principal.identity);
    if (stated !== 'unknown') {
      return stated;
    }
    return principal.principalType === ModelPrincipalType.GROUP || principal.principalType === ModelPrincipalType.UNKNOWN ? 'unknown' : 'no';
  }

  /** Whether the subject reaches the entry, through which apps, and what decides it. */
  public answer(subject: Subject, entry: AccessEntry): EntryAnswer {
    const routing = this.route(entry);
    const reached: Route[] = [];
    const undecided: string[] = [...routing.missing];
    const blocked: string[] = [];
    for (const r of routing.routes) {
      const a = this.assigns(r.shape.app, subject);
      if (a.answer === 'yes') {
        reached.push(r);
      } else if (a.answer === 'unknown') {
        undecided.push(`${describeRoute(r)} covers it, and ${a.why}`);
      } else {
        blocked.push(describeRoute(r));
      }
    }
    for (const r of routing.possible) {
      const a = this.assigns(r.shape.app, subject);
      if (a.answer !== 'no') {
        const what = r.by.includes('(a wildcard and a name in different apps)')
          ? 'a wildcard and a name in different apps cover it, and which one Private Access picks is not documented'
          : r.by.startsWith(UNSTATED)
            ? `it would, if ${r.by.slice(UNSTATED.length + 1)} resolves there`
            : r.shape.segment.source.address === r.shape.app.source.address
              ? r.shape.unknown.join(', ')
              : `${r.shape.unknown.join(', ')} known only at apply`;
        undecided.push(`${describeRoute(r)} might carry it: ${what}${a.answer === 'unknown' ? `, and ${a.why}` : ''}`);
      }
    }
    const grantedBy = [...new Set(reached.map((r) => describeApp(r.shape.app)))].sort();
    if (reached.length > 0) {
      return { reachable: 'yes', grantedBy, reason: `${subject.description} reaches it through ${reached.map(describeRoute).join(' and ')}`, missing: [], routes: reached };
    }
    if (undecided.length > 0) {
      return { reachable: 'unknown', grantedBy, reason: `cannot be decided: ${undecided.join('; ')}`, missing: routing.missing, routes: [] };
    }
    if (routing.routes.length === 0) {
      return { reachable: 'no', grantedBy, reason: `no segment of any Private Access app covers ${entry.protocol}/${entry.port} to ${entry.host}`, missing: [], routes: [] };
    }
    return {
      reachable: 'no',
      grantedBy,
      reason: `${blocked.join(' and ')} ${blocked.length > 1 ? 'cover' : 'covers'} it, but ${subject.description} is not assigned to ${blocked.length > 1 ? 'any of them' : 'it'}`,
      missing: [],
      routes: [],
    };
  }
}

function protocolMatches(s: SegmentShape, protocol: number): boolean {
  return s.protocols !== undefined && (s.protocols & protocol) !== 0;
}

function portMatches(s: SegmentShape, port: number): boolean {
  return s.ports === undefined || inIntervals(port, s.ports);
}

/** An enterprise app's segments win over Quick Access's. */
function preferEnterprise(shapes: SegmentShape[]): SegmentShape[] {
  const enterprise = shapes.filter((s) => !isQuickAccess(s.app));
  return enterprise.length > 0 ? enterprise : shapes;
}

/** An app for people: its display name, or its path when the name is known only at apply. */
export function describeApp(app: ModelApplication): string {
  if (app.displayName.value !== undefined) {
    return app.displayName.value;
  }
  return isQuickAccess(app) && app.existing ? "Quick Access (the tenant's existing app)" : app.source.path ?? app.source.address;
}

/** `app "X" (segment path: tcp/22 10.1.0.4)`. */
export function describeRoute(r: Route): string {
  const s = r.shape;
  const what = s.target ? `${show(s.segment.protocol)}/${showPorts(s.knownPorts)} ${showTarget(s.target)}` : `${show(s.segment.protocol)} to ${show(s.segment.destinationHost)}`;
  const via = r.by.startsWith('name') || r.by.startsWith('address') || r.by.startsWith(UNSTATED) ? '' : `, via ${r.by}`;
  return `app "${describeApp(s.app)}" (segment ${s.segment.source.path ?? s.segment.source.address}: ${what}${via})`;
}

export { protocolBits };

import type { ApplicationSegment } from '../application-segment';
import { Destination, DestinationType } from '../destination';
import { PrivateAccessError } from '../errors';
import { Protocol } from '../port';
import type { Principal } from '../principal';
import { isQuickAccess } from './quick-access';
import type { PrivateAccessApplicationBase } from '../private-access-application-base';
import { q } from './errors';
import { parseIpv4 } from './ipv4';

/** One "host:port[/udp]" entry of an access test. */
export interface AccessEntry {
  /** The entry as written. */
  readonly text: string;
  /** The host, lower-cased: an IPv4 address or a host name. */
  readonly host: string;
  /** The address, when the host is an IPv4 address. */
  readonly address?: number;
  /** The port. */
  readonly port: number;
  /** The protocol. */
  readonly protocol: 'tcp' | 'udp';
}

const ENTRY = /^([^:\s/]+):(\d{1,5})(?:\/(tcp|udp))?$/i;

/** Parses "host:port", "host:port/tcp" or "host:port/udp". */
export function parseAccessEntry(text: string): AccessEntry {
  const m = typeof text === 'string' ? ENTRY.exec(text) : null;
  if (!m) {
    throw new PrivateAccessError(
      `access entry ${q(text)} is not "host:port" or "host:port/udp" (one IPv4 address or host name, one port), such as "10.1.0.4:22"`,
    );
  }
  const [, hostText, portText, protocolText] = m;
  const port = Number(portText);
  if (port < 1 || port > 65535) {
    throw new PrivateAccessError(`access entry ${q(text)} has the port ${port}, outside 1-65535`);
  }
  const protocol = (protocolText ?? 'tcp').toLowerCase() as 'tcp' | 'udp';
  if (/^[\d.]+$/.test(hostText)) {
    const parsed = parseIpv4(hostText);
    if ('problem' in parsed) {
      throw new PrivateAccessError(`access entry ${q(text)}: ${q(hostText)} ${parsed.problem}`);
    }
    return { text, host: hostText, address: parsed.address, port, protocol };
  }
  if (hostText.includes('*')) {
    throw new PrivateAccessError(`access entry ${q(text)} has a wildcard; an entry names one host, such as "ssh.corp.contoso.com:22"`);
  }
  let host: string;
  try {
    host = Destination.fqdn(hostText).host;
  } catch (err) {
    throw new PrivateAccessError(`access entry ${q(text)}: ${(err as Error).message}`);
  }
  return { text, host, port, protocol };
}

/** A segment that carries an entry's traffic, with its app. */
export interface Route {
  /** The app the segment belongs to. */
  readonly app: PrivateAccessApplicationBase;
  /** The segment. */
  readonly segment: ApplicationSegment;
}

/** Whether a segment covers the entry's host, protocol and port. Unresolved segments never do. */
export function covers(segment: ApplicationSegment, entry: AccessEntry): boolean {
  const protocolOk = segment.protocol === Protocol.TCP_UDP || segment.protocol === entry.protocol;
  if (!protocolOk || !segment.ports.some((p) => !p.isUnresolved && p.fromPort <= entry.port && entry.port <= p.toPort)) {
    return false;
  }
  const d = segment.destination;
  if (d.isUnresolved) {
    return false;
  }
  if (entry.address !== undefined) {
    return d.addresses !== undefined && d.addresses.first <= entry.address && entry.address <= d.addresses.last;
  }
  if (d.destinationType !== DestinationType.FQDN) {
    return false;
  }
  return d.isWildcard ? entry.host.endsWith(d.host.slice(1)) : d.host === entry.host;
}

/**
 * Whether a segment with a destination or ports known only at apply might cover the entry: what is
 * known of it (its protocol, and its destination or ports if resolved) does not rule it out.
 */
export function mightCover(segment: ApplicationSegment, entry: AccessEntry): boolean {
  const d = segment.destination;
  const unresolvedPorts = segment.ports.some((p) => p.isUnresolved);
  if (!d.isUnresolved && !unresolvedPorts) {
    return false;
  }
  if (segment.protocol !== Protocol.TCP_UDP && segment.protocol !== entry.protocol) {
    return false;
  }
  if (!unresolvedPorts && !segment.ports.some((p) => p.fromPort <= entry.port && entry.port <= p.toPort)) {
    return false;
  }
  if (!d.isUnresolved) {
    if (entry.address !== undefined) {
      return d.addresses !== undefined && d.addresses.first <= entry.address && entry.address <= d.addresses.last;
    }
    return d.destinationType === DestinationType.FQDN && (d.isWildcard ? entry.host.endsWith(d.host.slice(1)) : d.host === entry.host);
  }
  return true;
}

/**
 * Every segment of every app that covers the entry, in the order the apps were made. When an
 * enterprise app's segment covers it, Quick Access's do not count: the enterprise app wins.
 */
export function routesTo(entry: AccessEntry, apps: readonly PrivateAccessApplicationBase[]): Route[] {
  const routes = apps.flatMap((app) => app.segments.filter((segment) => covers(segment, entry)).map((segment) => ({ app, segment })));
  const enterprise = routes.filter((r) => !isQuickAccess(r.app));
  return enterprise.length > 0 ? enterprise : routes;
}

/** Every segment known only at apply that might cover the entry, in the order the apps were made. */
export function undecidedRoutesTo(entry: AccessEntry, apps: readonly PrivateAccessApplicationBase[]): Route[] {
  return apps.flatMap((app) => app.segments.filter((segment) => mightCover(segment, entry)).map((segment) => ({ app, segment })));
}

/** Whether `app` assigns `principal` (the same directory object, as Entra compares them). */
export function assigns(app: PrivateAccessApplicationBase, principal: Principal): boolean {
  return app.assignments.some((a) => a.principal.isSameAs(principal));
}

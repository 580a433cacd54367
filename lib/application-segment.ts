import { ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { Destination, DestinationType } from './destination';
import { PrivateAccessError } from './errors';
import { Resource } from './gen/providers/msgraph/resource';
import { q, withConstructPath } from './private/errors';
import { segmentResource } from './private/segment-resource';
import { Port, Protocol } from './port';

/** What an application segment covers: a destination and ports, on one or both protocols. */
export interface SegmentOptions {
  /**
   * Where the traffic goes, such as `Destination.cidr('10.1.2.0/24')`; `Destination.parse` reads
   * the text an admin would type in the portal (`10.1.0.1..10.1.0.20`).
   */
  readonly destination: Destination;

  /**
   * The ports, at least one. Ports of different protocols become one wire segment per protocol.
   */
  readonly ports: Port[];

  /**
   * A fixed name for the segment, used instead of its content in the Terraform address.
   *
   * Needed only when the destination is an unresolved token. Without it the address derives from
   * the destination, protocol and ports, so reordering or adding segments never moves another.
   *
   * @default - derived from the destination, protocol and ports
   */
  readonly id?: string;
}

/** Properties of an `ApplicationSegment`. */
export interface ApplicationSegmentProps {
  /** The object ID of the application the segment belongs to. */
  readonly applicationObjectId: string;

  /** The destination of the segment. */
  readonly destination: Destination;

  /** The protocol of every port of the segment. */
  readonly protocol: Protocol;

  /** The ports of the segment, all on `protocol`; at least one. */
  readonly ports: Port[];

  /**
   * What must exist before the segment is created (the app's Private Access settings).
   *
   * @default - nothing
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * One application segment (`ipApplicationSegment`) of a Private Access app: a destination, ports
 * and one protocol.
 *
 * Usually made by `PrivateAccessApplication.addSegment`, which names it after its content. The
 * body sent to Graph is the wire format the live API accepts:
 * `{"destinationHost": "10.1.0.4", "destinationType": "ip", "ports": ["22-22"], "protocol": "tcp"}`,
 * with the ports sorted so that reading them back never shows a difference.
 *
 * @see https://learn.microsoft.com/graph/api/resources/ipapplicationsegment?view=graph-rest-beta
 */
export class ApplicationSegment extends Construct {
  /**
   * The construct id a segment gets: from its destination and protocol, never its ports, so that
   * changing a segment's ports updates it in place (a PATCH) instead of replacing it. Graph rejects
   * a new segment that overlaps an existing one, so a replacement (a create at one address and a
   * destroy at another, in no set order) could fail at apply.
   *
   * @param destination the segment's destination
   * @param protocol the segment's protocol
   * @param name a fixed name to use instead of the destination
   */
  public static idFor(destination: Destination, protocol: Protocol, name?: string): string {
    const proto = protocol.replace(',', '_');
    if (name !== undefined) {
      if (typeof name !== 'string' || name.trim().length === 0 || Token.isUnresolved(name) || /[\u0000-\u001f\u007f-\u009f]/.test(name)) {
        throw new PrivateAccessError(`segment id ${q(name)} is empty, unresolved or has control characters; give a fixed name such as "database"`);
      }
      return `Segment-${proto}-${name.replace(/\//g, '_')}`;
    }
    return `Segment-${proto}-${TYPE_SLUG[destination.destinationType]}-${hostSlug(destination)}`;
  }

  /**
   * The construct id version 0.1 gave a segment without a fixed name, which included its ports;
   * a `moved` block from it keeps segments deployed with 0.1 in place.
   *
   * @param destination the segment's destination
   * @param protocol the segment's protocol
   * @param ports the segment's ports
   */
  public static legacyIdFor(destination: Destination, protocol: Protocol, ports: Port[]): string {
    const portText = sortPorts(ports)
      .map((p) => (p.isSinglePort ? `${p.fromPort}` : `${p.fromPort}-${p.toPort}`))
      .join('_');
    return `Segment-${protocol.replace(',', '_')}-${portText}-${TYPE_SLUG[destination.destinationType]}-${hostSlug(destination)}`;
  }

  /** The destination of the segment. */
  public readonly destination: Destination;

  /** The protocol of the segment. */
  public readonly protocol: Protocol;

  /** The ports of the segment, sorted. */
  public readonly ports: Port[];

  /** The msgraph resource that manages the segment. */
  public readonly resource: Resource;

  constructor(scope: Construct, id: string, props: ApplicationSegmentProps) {
    super(scope, id);
    this.destination = props.destination;
    this.protocol = props.protocol;
    this.ports = withConstructPath(this, () => checkPorts(props.protocol, props.ports));
    this.resource = segmentResource(
      this,
      props.applicationObjectId,
      { ...this.destination.toWire(), ports: this.ports.map((p) => p.toWire()), protocol: this.protocol },
      props.dependsOn,
    );
  }

  /**
   * The segment's ID in Microsoft Graph (a token). Read on demand: each read makes a Terraform
   * reference, which costs time at the scale of thousands of segments.
   */
  public get segmentId(): string {
    return this.resource.id;
  }

  /** The segment as text: `tcp/22 10.1.0.4`. */
  public toString(): string {
    const ports = this.ports.map((p) => (p.isSinglePort ? `${p.fromPort}` : `${p.fromPort}-${p.toPort}`)).join(',');
    return `${this.protocol}/${ports} ${this.destination}`;
  }
}

const TYPE_SLUG: Record<DestinationType, string> = {
  [DestinationType.IP_ADDRESS]: 'ip',
  [DestinationType.CIDR]: 'cidr',
  [DestinationType.IP_RANGE]: 'range',
  [DestinationType.FQDN]: 'fqdn',
  [DestinationType.DNS_SUFFIX]: 'suffix',
};

/**
 * The host as a readable construct id part. Host names are lower-case, so the upper-case
 * `WILDCARD` cannot collide with a real label; dots become `_`, the CIDR slash `-`, the range
 * `..` `--`.
 */
function hostSlug(destination: Destination): string {
  return destination.host
    .replace(/^\*\./, 'WILDCARD.')
    .replace(/\.\./g, '--')
    .replace(/\//g, '-')
    .replace(/\./g, '_');
}

function sortPorts(ports: readonly Port[]): Port[] {
  return [...ports].sort((a, b) => a.fromPort - b.fromPort || a.toPort - b.toPort);
}

/** Sorts the ports and rejects an empty list, a foreign protocol or overlapping ranges. */
function checkPorts(protocol: Protocol, ports: readonly Port[]): Port[] {
  if (ports.length === 0) {
    throw new PrivateAccessError('segment has no ports; give at least one, such as Port.SSH');
  }
  const foreign = ports.find((p) => p.protocol !== protocol);
  if (foreign) {
    throw new PrivateAccessError(`port ${foreign} is not on the segment's protocol ${protocol}`);
  }
  const sorted = sortPorts(ports);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    if (!prev.isUnresolved && !cur.isUnresolved && cur.fromPort <= prev.toPort) {
      throw new PrivateAccessError(`ports ${prev} and ${cur} overlap; list each port once`);
    }
  }
  return sorted;
}

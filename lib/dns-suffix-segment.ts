import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { Destination, DestinationType } from './destination';
import { PrivateAccessError } from './errors';
import { Resource } from './gen/providers/msgraph/resource';
import { q } from './private/errors';
import { segmentResource } from './private/segment-resource';

/** Properties of a `DnsSuffixSegment`. */
export interface DnsSuffixSegmentProps {
  /** The object ID of the Quick Access application the suffix belongs to. */
  readonly applicationObjectId: string;

  /** The suffix, made with `Destination.dnsSuffix('corp.contoso.com')`. */
  readonly suffix: Destination;

  /**
   * What must exist before the segment is created (the app's settings).
   *
   * @default - nothing
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A DNS suffix segment of the Quick Access app (Private DNS): clients resolve names under the
 * suffix through the connectors, as they would inside the network.
 *
 * Usually made by `QuickAccessApplication.addDnsSuffix`. The body is
 * `{"destinationHost": "corp.contoso.com", "destinationType": "dnsSuffix"}`: no ports and no
 * protocol, which Graph does not store for a suffix (it reads back `ports: []` and `protocol "0"`).
 * The msgraph provider compares only the keys that were sent, so the read-back values are no
 * difference on the next plan.
 *
 * @see https://learn.microsoft.com/entra/global-secure-access/how-to-configure-quick-access
 */
export class DnsSuffixSegment extends Construct {
  /**
   * The construct id a suffix gets: from the suffix, so that reordering suffixes moves none.
   *
   * @param suffix the suffix
   */
  public static idFor(suffix: Destination): string {
    return `DnsSuffix-${suffix.host.replace(/\./g, '_')}`;
  }

  /** The suffix. */
  public readonly suffix: Destination;

  /** The msgraph resource that manages the segment. */
  public readonly resource: Resource;

  constructor(scope: Construct, id: string, props: DnsSuffixSegmentProps) {
    super(scope, id);
    if (!(props.suffix instanceof Destination) || props.suffix.destinationType !== DestinationType.DNS_SUFFIX) {
      throw new PrivateAccessError(`${this.node.path}: ${q(props.suffix)} is not a DNS suffix; make it with Destination.dnsSuffix("corp.contoso.com")`);
    }
    this.suffix = props.suffix;
    this.resource = segmentResource(this, props.applicationObjectId, { ...this.suffix.toWire() }, props.dependsOn);
  }

  /** The segment's ID in Microsoft Graph (a token). */
  public get segmentId(): string {
    return this.resource.id;
  }

  /** The suffix as text. */
  public toString(): string {
    return `dnsSuffix ${this.suffix}`;
  }
}

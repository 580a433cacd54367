import { IConstruct } from 'constructs';
import type { AccessTest } from '../access-test';
import type { ApplicationSegment } from '../application-segment';
import { DestinationType } from '../destination';
import { Protocol } from '../port';
import type { PrivateAccessApplication } from '../private-access-application';
import type { PrivateAccessConditionalAccessPolicy } from '../private-access-conditional-access-policy';
import { findOverlaps, findWildcardCovers, Overlap, SegmentShape, TCP, UDP, WildcardCover } from './overlap';
import { perApp } from './per-app';

/** The overlaps of every segment of a cdktf App, computed once per state of the App. */
export interface SegmentOverlaps {
  /** The segments that were compared (resolved ones only), indexed as in the overlaps. */
  readonly segments: readonly ApplicationSegment[];
  /** Pairs of segments Private Access would reject: at most `MAX_REPORTED_OVERLAPS` per segment. */
  readonly overlaps: readonly Overlap[];
  /** Wildcard segments covering more specific host names. */
  readonly wildcardCovers: readonly WildcardCover[];
  /**
   * The same findings by the construct that reports them: an overlap by the parent (app) of its
   * first segment, a wildcard cover by the parent of the covered segment.
   */
  readonly byApplication: ReadonlyMap<
    IConstruct,
    { readonly overlaps: Overlap[]; readonly overlapCount: number; readonly wildcardCovers: WildcardCover[] }
  >;
}

const PROTOCOL_BITS: Record<Protocol, number> = {
  [Protocol.TCP]: TCP,
  [Protocol.UDP]: UDP,
  [Protocol.TCP_UDP]: TCP | UDP,
};

/**
 * Every Private Access app and Conditional Access policy of one cdktf App, so that validations
 * and checks that span apps (overlaps, policy coverage) need no walk of the construct tree.
 */
export class PrivateAccessRegistry {
  /** The registry of the cdktf App that `scope` belongs to. */
  public static of(scope: IConstruct): PrivateAccessRegistry {
    return perApp(REGISTRIES, scope, () => new PrivateAccessRegistry());
  }

  /** The Private Access apps, in the order they were made. */
  public readonly applications: PrivateAccessApplication[] = [];

  /** The Conditional Access policies, in the order they were made. */
  public readonly policies: PrivateAccessConditionalAccessPolicy[] = [];

  /** The access tests, in the order they were made. */
  public readonly accessTests: AccessTest[] = [];

  private segmentCount = 0;
  private cached?: { readonly signature: string; readonly result: SegmentOverlaps };

  private constructor() {}

  /** Tells the registry that an app gained a segment, so that cached overlaps are recomputed. */
  public segmentAdded(): void {
    this.segmentCount++;
  }

  /**
   * The overlaps between all segments of all apps. Segments and apps are only ever added, so the
   * result is cached until their number changes: each app's validation then costs only its own
   * findings.
   */
  public overlaps(): SegmentOverlaps {
    const signature = `${this.applications.length}:${this.segmentCount}`;
    if (this.cached?.signature === signature) {
      return this.cached.result;
    }
    const result = computeOverlaps(this.applications.flatMap((app) => app.segments));
    this.cached = { signature, result };
    return result;
  }
}

/** The overlaps between the given segments (those whose values are known at synth). */
export function computeOverlaps(segments: readonly ApplicationSegment[]): SegmentOverlaps {
  const compared: ApplicationSegment[] = [];
  const shapes: SegmentShape[] = [];
  for (const segment of segments) {
    const shape = shapeOf(segment);
    if (shape) {
      compared.push(segment);
      shapes.push(shape);
    }
  }
  const counts: number[] = [];
  const overlaps = findOverlaps(shapes, { maxPerSegment: MAX_REPORTED_OVERLAPS, counts });
  const wildcardCovers = findWildcardCovers(shapes);
  const byApplication = new Map<IConstruct, { overlaps: Overlap[]; overlapCount: number; wildcardCovers: WildcardCover[] }>();
  const entry = (segment: ApplicationSegment) => {
    const app = segment.node.scope!;
    let e = byApplication.get(app);
    if (!e) {
      e = { overlaps: [], overlapCount: 0, wildcardCovers: [] };
      byApplication.set(app, e);
    }
    return e;
  };
  overlaps.forEach((o) => {
    const e = entry(compared[o.a]);
    if (e.overlaps.length < MAX_REPORTED_OVERLAPS) {
      e.overlaps.push(o);
    }
  });
  counts.forEach((n, i) => {
    if (n > 0) {
      entry(compared[i]).overlapCount += n;
    }
  });
  wildcardCovers.forEach((c) => entry(compared[c.covered]).wildcardCovers.push(c));
  return { segments: compared, overlaps, wildcardCovers, byApplication };
}

/**
 * The overlaps reported per app (and kept per segment); the rest are counted. A thousand mutually
 * overlapping segments would otherwise be half a million messages.
 */
export const MAX_REPORTED_OVERLAPS = 20;

const REGISTRIES = new WeakMap<IConstruct, PrivateAccessRegistry>();

const SHAPES = new WeakMap<ApplicationSegment, SegmentShape | null>();

/**
 * The shape of a segment, or undefined when a token leaves it unknown until apply. Segments never
 * change, so the shape is computed once.
 */
export function shapeOf(segment: ApplicationSegment): SegmentShape | undefined {
  let shape = SHAPES.get(segment);
  if (shape === undefined) {
    shape = computeShape(segment) ?? null;
    SHAPES.set(segment, shape);
  }
  return shape ?? undefined;
}

function computeShape(segment: ApplicationSegment): SegmentShape | undefined {
  const d = segment.destination;
  if (d.isUnresolved || segment.ports.some((p) => p.isUnresolved)) {
    return undefined;
  }
  const ports = segment.ports.map((p) => [p.fromPort, p.toPort] as const);
  const protocols = PROTOCOL_BITS[segment.protocol];
  if (d.addresses) {
    return { protocols, ports, destination: { kind: 'ip', first: d.addresses.first, last: d.addresses.last } };
  }
  if (d.destinationType === DestinationType.FQDN) {
    return { protocols, ports, destination: { kind: d.isWildcard ? 'wildcard' : 'host', host: d.host } };
  }
  return undefined;
}

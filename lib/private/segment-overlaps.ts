import { IConstruct } from 'constructs';
import type { ApplicationSegment } from '../application-segment';
import { DestinationType } from '../destination';
import { Protocol } from '../port';
import { isQuickAccess } from './quick-access';
import { findOverlaps, findWildcardCovers, Overlap, SegmentShape, TCP, UDP, WildcardCover } from './overlap';

/*
 * The adapter between segment constructs and the overlap sweep of ./overlap.ts, which knows only
 * plain shapes (protocol bits, port intervals, an address interval or a host name): it turns
 * segments into shapes and the sweep's findings back into findings per app.
 */

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
  // Enterprise apps' segments must not overlap one another, nor Quick Access's one another; a
  // segment of an enterprise app may overlap one of Quick Access (the enterprise app wins), so the
  // two groups are swept apart.
  const counts: number[] = new Array<number>(compared.length).fill(0);
  const overlaps: Overlap[] = [];
  const wildcardCovers: WildcardCover[] = [];
  for (const quick of [false, true]) {
    const members = compared.map((_segment, i) => i).filter((i) => isQuickAccess(compared[i].node.scope!) === quick);
    if (members.length === 0) {
      continue;
    }
    const groupShapes = members.map((i) => shapes[i]);
    const groupCounts: number[] = [];
    for (const o of findOverlaps(groupShapes, { maxPerSegment: MAX_REPORTED_OVERLAPS, counts: groupCounts })) {
      overlaps.push({ ...o, a: members[o.a], b: members[o.b] });
    }
    groupCounts.forEach((n, i) => (counts[members[i]] = n));
    for (const c of findWildcardCovers(groupShapes)) {
      wildcardCovers.push({ ...c, wildcard: members[c.wildcard], covered: members[c.covered] });
    }
  }
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

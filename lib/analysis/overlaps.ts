/**
 * Overlapping segments, as Graph rejects them: within and across enterprise apps, and within Quick
 * Access; an enterprise app's segment may overlap a Quick Access segment (the enterprise app wins).
 * The sweep itself (`lib/private/overlap.ts`) works on shapes; this adapter feeds it the model's
 * segments and words what it finds.
 */
import { describeShared, describeTraffic } from '../private/describe';
import { findOverlaps, findWildcardCovers, SegmentShape as SweepShape } from '../private/overlap';
import { isQuickAccess, SegmentShape, showTarget } from './shapes';

/** At most this many overlaps are listed per app; the count of the rest is given. */
export const MAX_REPORTED_OVERLAPS = 20;

/** An overlap or a wildcard cover, attached to the segment it is reported on. */
export interface OverlapFinding {
  /** The segment the finding is reported on (the one of the app made first). */
  readonly segment: SegmentShape;
  /** The other segment. */
  readonly other: SegmentShape;
  /** `overlap` (Graph rejects it) or `wildcard` (a wildcard covers a name). */
  readonly kind: 'overlap' | 'wildcard';
  /** `error`, or `warning` for a wildcard covering a name of its own app. */
  readonly level: 'error' | 'warning';
  readonly message: string;
}

/** The overlaps between the given segments (all apps the analysis sees), with per-app counts. */
export function findSegmentOverlaps(
  shapes: readonly SegmentShape[],
  origin: (path: string) => string = () => '',
): { findings: OverlapFinding[]; unreported: Map<string, { rest: number; total: number; listed: number }> } {
  const findings: OverlapFinding[] = [];
  const unreported = new Map<string, { rest: number; total: number; listed: number }>();
  const where = (s: SegmentShape) => whereOf(s, origin);
  const compared = shapes.filter((s) => s.target !== undefined && s.ports !== undefined && s.protocols !== undefined);
  for (const quick of [false, true]) {
    const members = compared.filter((s) => isQuickAccess(s.app) === quick);
    if (members.length === 0) {
      continue;
    }
    const sweep: SweepShape[] = members.map((s) => ({
      protocols: s.protocols!,
      ports: s.ports!,
      destination:
        s.target!.kind === 'ip'
          ? { kind: 'ip', first: s.target!.first, last: s.target!.last }
          : s.target!.kind === 'host'
            ? { kind: 'host', host: s.target!.host }
            : { kind: 'wildcard', host: `*.${s.target!.domain}` },
    }));
    const counts: number[] = [];
    const perApp = new Map<string, number>();
    for (const o of findOverlaps(sweep, { maxPerSegment: MAX_REPORTED_OVERLAPS, counts })) {
      const [a, b] = [members[o.a], members[o.b]];
      const key = a.app.source.address;
      const listed = perApp.get(key) ?? 0;
      if (listed >= MAX_REPORTED_OVERLAPS) {
        continue;
      }
      perApp.set(key, listed + 1);
      findings.push({
        segment: a,
        other: b,
        kind: 'overlap',
        level: 'error',
        message:
          `segments ${where(a)} and ${where(b)} overlap: both send ${describeShared(o.protocols, o.ports, o)}. ` +
          'Private Access rejects overlapping segments within and across apps ("Application segment host and port already exists"): remove one, or narrow its destination or ports',
      });
    }
    const totals = new Map<string, number>();
    counts.forEach((n, i) => {
      if (n > 0) {
        const key = members[i].app.source.address;
        totals.set(key, (totals.get(key) ?? 0) + n);
      }
    });
    for (const [key, total] of totals) {
      const listed = perApp.get(key) ?? 0;
      if (total > listed) {
        unreported.set(key, { rest: total - listed, total, listed });
      }
    }
    for (const c of findWildcardCovers(sweep)) {
      const [wildcard, covered] = [members[c.wildcard], members[c.covered]];
      const sameApp = wildcard.app === covered.app;
      findings.push({
        segment: covered,
        other: wildcard,
        kind: 'wildcard',
        level: sameApp ? 'warning' : 'error',
        message: sameApp
          ? `the wildcard segment ${where(wildcard)} (${showTarget(wildcard.target!)}) already covers ${showTarget(covered.target!)} on ${describeTraffic(c.protocols, c.ports)}: the specific segment adds nothing; remove it, or narrow the wildcard`
          : `the wildcard segment ${where(wildcard)} (${showTarget(wildcard.target!)}) and ${where(covered)} both cover ${showTarget(covered.target!)} on ${describeTraffic(c.protocols, c.ports)} in different apps: ` +
            "Microsoft's Migrate2GSA converter treats such a pair as a conflict, and which app Private Access picks for the name is not documented, so who reaches it cannot be told; move the name into the wildcard's app, or narrow the wildcard",
      });
    }
  }
  return { findings, unreported };
}

function whereOf(s: SegmentShape, origin: (path: string) => string): string {
  const path = s.segment.source.path ?? s.segment.source.address;
  return `${path}${origin(path)}`;
}

import * as fc from 'fast-check';
import {
  findOverlapPairsBruteForce,
  findOverlaps,
  findWildcardCoverPairsBruteForce,
  findWildcardCovers,
  SegmentShape,
  ShapeDestination,
  TCP,
  UDP,
} from '../../lib/private/overlap';

const BASE = 0x0a000000; // 10.0.0.0

/** Destinations in a small space, so that random sets overlap often. */
const destination: fc.Arbitrary<ShapeDestination> = fc.oneof(
  fc.integer({ min: 0, max: 63 }).map((i) => ({ kind: 'ip' as const, first: BASE + i, last: BASE + i })),
  fc
    .tuple(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 0, max: 6 }))
    .map(([i, bits]) => {
      const size = 2 ** bits;
      const first = BASE + i - (i % size);
      return { kind: 'ip' as const, first, last: first + size - 1 };
    }),
  fc
    .tuple(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 0, max: 20 }))
    .map(([i, n]) => ({ kind: 'ip' as const, first: BASE + i, last: BASE + i + n })),
  fc.constantFrom('a.corp.com', 'b.corp.com', 'x.eu.corp.com', 'corp.com').map((host) => ({ kind: 'host' as const, host })),
  fc.constantFrom('*.corp.com', '*.eu.corp.com', '*.com').map((host) => ({ kind: 'wildcard' as const, host })),
);

/** Sorted, non-overlapping port ranges in a small space. */
const ports = fc
  .uniqueArray(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 6 })
  .map((cuts) => {
    const sorted = [...cuts].sort((a, b) => a - b);
    const ranges: Array<[number, number]> = [];
    for (let i = 0; i < sorted.length; i += 2) {
      ranges.push([sorted[i], sorted[i + 1] ?? sorted[i]]);
    }
    return ranges;
  });

const shape: fc.Arbitrary<SegmentShape> = fc.record({
  protocols: fc.constantFrom(TCP, UDP, TCP | UDP),
  ports,
  destination,
});

describe('overlap detection', () => {
  test('with a cap per segment, the kept pairs are the first ones and the counts are exact', () => {
    fc.assert(
      fc.property(fc.array(shape, { maxLength: 40 }), fc.integer({ min: 0, max: 3 }), (shapes, cap) => {
        const counts: number[] = [];
        const kept = findOverlaps(shapes, { maxPerSegment: cap, counts });
        const all = findOverlapPairsBruteForce(shapes);
        expect(counts.reduce((a, b) => a + b, 0)).toBe(all.length);
        shapes.forEach((_, a) => {
          const own = all.filter(([x]) => x === a);
          expect(counts[a]).toBe(own.length);
          expect(kept.filter((o) => o.a === a)).toHaveLength(Math.min(cap, own.length));
        });
      }),
      { numRuns: 300 },
    );
  });

  test('thousands of segments to one destination on distinct ports: no overlap, and no pair is compared', () => {
    const shapes: SegmentShape[] = Array.from({ length: 20000 }, (_, i) => ({
      protocols: TCP,
      ports: [[i + 1, i + 1] as const],
      destination: { kind: 'ip' as const, first: BASE, last: BASE + 2 ** 24 - 1 },
    }));
    expect(findOverlaps(shapes)).toEqual([]);
  });

  test('the sweep finds exactly the pairs the brute-force oracle finds', () => {
    fc.assert(
      fc.property(fc.array(shape, { maxLength: 40 }), (shapes) => {
        const sweep = findOverlaps(shapes).map((o) => [o.a, o.b]);
        expect(sweep).toEqual(findOverlapPairsBruteForce(shapes));
      }),
      { numRuns: 500 },
    );
  });

  test('what an overlap reports is really shared by both segments', () => {
    fc.assert(
      fc.property(fc.array(shape, { maxLength: 30 }), (shapes) => {
        for (const o of findOverlaps(shapes)) {
          for (const s of [shapes[o.a], shapes[o.b]]) {
            expect(s.protocols & o.protocols).toBe(o.protocols);
            expect(o.protocols).not.toBe(0);
            expect(s.ports.some(([f, t]) => f <= o.ports[0] && o.ports[1] <= t)).toBe(true);
            const d = s.destination;
            if (o.addresses) {
              expect(d.kind === 'ip' && d.first <= o.addresses[0] && o.addresses[1] <= d.last).toBe(true);
            } else {
              expect(d.kind !== 'ip' && d.host === o.host).toBe(true);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  test('wildcard covers agree with the brute-force oracle', () => {
    fc.assert(
      fc.property(fc.array(shape, { maxLength: 40 }), (shapes) => {
        expect(findWildcardCovers(shapes).map((c) => [c.wildcard, c.covered])).toEqual(findWildcardCoverPairsBruteForce(shapes));
      }),
      { numRuns: 500 },
    );
  });

  test('examples', () => {
    const ip = (a: number, b = a): ShapeDestination => ({ kind: 'ip', first: a, last: b });
    const shapes: SegmentShape[] = [
      { protocols: TCP, ports: [[22, 22]], destination: ip(10, 20) },
      { protocols: UDP, ports: [[22, 22]], destination: ip(15) },
      { protocols: TCP | UDP, ports: [[20, 30]], destination: ip(20, 25) },
      { protocols: TCP, ports: [[22, 22]], destination: ip(21) },
    ];
    expect(findOverlaps(shapes)).toEqual([
      { a: 0, b: 2, protocols: TCP, ports: [22, 22], addresses: [20, 20] },
      { a: 2, b: 3, protocols: TCP, ports: [22, 22], addresses: [21, 21] },
    ]);
  });
});

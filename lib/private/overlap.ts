/**
 * Overlap detection between application segments, on plain data so that it can be tested against
 * a brute-force oracle and benchmarked without constructs.
 *
 * Private Access rejects two segments, in one app or in two, that share a destination, a protocol
 * and a port ("Application segment host and port already exists"). Two segments overlap when
 * their protocols intersect, one port range of each intersects, and their destinations intersect:
 * IPv4 intervals (single address, CIDR or range, in any combination) or the same host name.
 */

/** Protocol bit of TCP. */
export const TCP = 1;
/** Protocol bit of UDP. */
export const UDP = 2;

/** Where a segment goes, reduced to what overlap detection needs. */
export type ShapeDestination =
  | { readonly kind: 'ip'; readonly first: number; readonly last: number }
  | { readonly kind: 'host'; readonly host: string }
  | { readonly kind: 'wildcard'; readonly host: string };

/** A segment reduced to what overlap detection needs. */
export interface SegmentShape {
  /** Protocol bits: `TCP`, `UDP` or both. */
  readonly protocols: number;
  /** Inclusive port ranges, each `[from, to]`. */
  readonly ports: ReadonlyArray<readonly [number, number]>;
  /** The destination. */
  readonly destination: ShapeDestination;
}

/** Two segments that overlap, with one example of what they share. */
export interface Overlap {
  /** Index of the first segment (the lower index). */
  readonly a: number;
  /** Index of the second segment. */
  readonly b: number;
  /** The protocol bits both have. */
  readonly protocols: number;
  /** A port range both cover. */
  readonly ports: readonly [number, number];
  /** The addresses both cover, for IPv4 destinations. */
  readonly addresses?: readonly [number, number];
  /** The host name both have, for host name destinations. */
  readonly host?: string;
}

/** A wildcard segment that covers a more specific host name segment on shared ports. */
export interface WildcardCover {
  /** Index of the wildcard segment. */
  readonly wildcard: number;
  /** Index of the segment whose host name the wildcard covers. */
  readonly covered: number;
  /** The protocol bits both have. */
  readonly protocols: number;
  /** A port range both cover. */
  readonly ports: readonly [number, number];
}

const HOST_SPACE = 2 ** 32;
/** Boxes are sorted as `first address * INDEX_SPACE + box index`, exact in a float64 below 2^53. */
const INDEX_SPACE = 2 ** 20;

/**
 * Finds every pair of overlapping segments, each pair once.
 *
 * Per protocol, every (segment, port range) becomes a box over (destination, port); host names are
 * mapped to points beyond the IPv4 space so that equal names meet. The boxes are sorted by their
 * first address and swept, keeping only those whose address interval is still open: O(n log n)
 * for the sort plus, per box, the boxes open at its first address (few in a real estate, where
 * most destinations are disjoint).
 */
export function findOverlaps(shapes: readonly SegmentShape[]): Overlap[] {
  const hostPoints = new Map<string, number>();
  const found = new Map<string, Overlap>();
  for (const protocol of [TCP, UDP]) {
    const lo: number[] = [];
    const hi: number[] = [];
    const from: number[] = [];
    const to: number[] = [];
    const owner: number[] = [];
    shapes.forEach((s, shape) => {
      if ((s.protocols & protocol) === 0) {
        return;
      }
      const d = s.destination;
      let first: number;
      let last: number;
      if (d.kind === 'ip') {
        [first, last] = [d.first, d.last];
      } else {
        let p = hostPoints.get(d.host);
        if (p === undefined) {
          p = HOST_SPACE + hostPoints.size;
          hostPoints.set(d.host, p);
        }
        first = last = p;
      }
      for (const [f, t] of s.ports) {
        lo.push(first);
        hi.push(last);
        from.push(f);
        to.push(t);
        owner.push(shape);
      }
    });
    const order = sortedByFirstAddress(lo);
    const open = new Int32Array(order.length);
    let openCount = 0;
    for (const box of order) {
      let kept = 0;
      for (let k = 0; k < openCount; k++) {
        const other = open[k];
        if (hi[other] < lo[box]) {
          continue;
        }
        open[kept++] = other;
        if (owner[other] !== owner[box] && from[other] <= to[box] && from[box] <= to[other]) {
          const [a, b] = owner[other] < owner[box] ? [other, box] : [box, other];
          const key = `${owner[a]}:${owner[b]}`;
          if (!found.has(key)) {
            const d = shapes[owner[a]].destination;
            found.set(key, {
              a: owner[a],
              b: owner[b],
              protocols: shapes[owner[a]].protocols & shapes[owner[b]].protocols,
              ports: [Math.max(from[a], from[b]), Math.min(to[a], to[b])],
              ...(d.kind === 'ip' ? { addresses: [Math.max(lo[a], lo[b]), Math.min(hi[a], hi[b])] as const } : { host: d.host }),
            });
          }
        }
      }
      openCount = kept;
      open[openCount++] = box;
    }
  }
  return [...found.values()].sort((x, y) => x.a - y.a || x.b - y.b);
}

/** The box indexes ordered by first address, with a native numeric sort where it is exact. */
function sortedByFirstAddress(lo: readonly number[]): number[] {
  const n = lo.length;
  if (n >= INDEX_SPACE) {
    return Array.from({ length: n }, (_, i) => i).sort((x, y) => lo[x] - lo[y]);
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    keys[i] = lo[i] * INDEX_SPACE + i;
  }
  keys.sort();
  return Array.from(keys, (k) => k % INDEX_SPACE);
}

/**
 * Finds every wildcard segment (`*.corp.contoso.com`) that covers a more specific host name
 * segment (`ssh.corp.contoso.com`, or the wildcard `*.eu.corp.contoso.com`) on a shared protocol
 * and port. Legal, but the more specific segment may not be the one that wins.
 *
 * Each host name is looked up under each of its parent domains: O(n × labels).
 */
export function findWildcardCovers(shapes: readonly SegmentShape[]): WildcardCover[] {
  const wildcards = new Map<string, number[]>();
  shapes.forEach((s, i) => {
    if (s.destination.kind === 'wildcard') {
      const suffix = s.destination.host.slice(2);
      wildcards.set(suffix, [...(wildcards.get(suffix) ?? []), i]);
    }
  });
  const covers: WildcardCover[] = [];
  if (wildcards.size === 0) {
    return covers;
  }
  shapes.forEach((s, covered) => {
    const d = s.destination;
    if (d.kind === 'ip') {
      return;
    }
    const base = d.kind === 'wildcard' ? d.host.slice(2) : d.host;
    for (let dot = base.indexOf('.'); dot >= 0; dot = base.indexOf('.', dot + 1)) {
      for (const wildcard of wildcards.get(base.slice(dot + 1)) ?? []) {
        const shared = sharedPorts(shapes[wildcard], s);
        if (shared) {
          covers.push({ wildcard, covered, protocols: shapes[wildcard].protocols & s.protocols, ports: shared });
        }
      }
    }
  });
  return covers.sort((x, y) => x.covered - y.covered || x.wildcard - y.wildcard);
}

/** A port range two segments share on a shared protocol, or undefined. */
function sharedPorts(x: SegmentShape, y: SegmentShape): readonly [number, number] | undefined {
  if ((x.protocols & y.protocols) === 0) {
    return undefined;
  }
  for (const [a, b] of x.ports) {
    for (const [c, d] of y.ports) {
      if (a <= d && c <= b) {
        return [Math.max(a, c), Math.min(b, d)];
      }
    }
  }
  return undefined;
}

/** Whether the destinations of two segments intersect (brute force). */
function destinationsMeet(x: ShapeDestination, y: ShapeDestination): boolean {
  if (x.kind === 'ip' && y.kind === 'ip') {
    return x.first <= y.last && y.first <= x.last;
  }
  return x.kind !== 'ip' && y.kind !== 'ip' && x.host === y.host;
}

/**
 * The same result as `findOverlaps`, as a set of pairs, by comparing every pair of segments:
 * O(n²). The oracle of the property tests and the baseline of `npm run bench:validate`.
 */
export function findOverlapPairsBruteForce(shapes: readonly SegmentShape[]): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let a = 0; a < shapes.length; a++) {
    for (let b = a + 1; b < shapes.length; b++) {
      if (destinationsMeet(shapes[a].destination, shapes[b].destination) && sharedPorts(shapes[a], shapes[b])) {
        pairs.push([a, b]);
      }
    }
  }
  return pairs;
}

/** The same result as `findWildcardCovers`, as pairs, by comparing every pair of segments. */
export function findWildcardCoverPairsBruteForce(shapes: readonly SegmentShape[]): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  shapes.forEach((w, wildcard) => {
    if (w.destination.kind !== 'wildcard') {
      return;
    }
    const suffix = `.${w.destination.host.slice(2)}`;
    shapes.forEach((s, covered) => {
      const d = s.destination;
      if (covered === wildcard || d.kind === 'ip') {
        return;
      }
      const base = d.kind === 'wildcard' ? d.host.slice(2) : d.host;
      if (base.endsWith(suffix) && sharedPorts(w, s)) {
        pairs.push([wildcard, covered]);
      }
    });
  });
  return pairs.sort((x, y) => x[1] - y[1] || x[0] - y[0]);
}

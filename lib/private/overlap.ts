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

/** Options of `findOverlaps`. */
export interface OverlapOptions {
  /**
   * Keep at most this many overlaps per first segment (`a`); the rest are only counted. 1,000
   * mutually overlapping segments have 499,500 pairs, and reporting each would exhaust memory.
   */
  readonly maxPerSegment?: number;
  /** Filled with the number of overlaps per first segment, kept or not (indexed like `shapes`). */
  readonly counts?: number[];
}

/**
 * Up to this many boxes open at once, comparing a box with every open one is cheapest; beyond it
 * (thousands of segments to one destination on different ports) the port trees are.
 */
const SMALL_OPEN_SET = 64;

/** The most boxes whose address intervals are open at one address, in sweep order. */
function maxOpen(order: readonly number[], lo: readonly number[], hi: readonly number[]): number {
  const ends = order.map((b) => hi[b]).sort((a, b) => a - b);
  let most = 0;
  let closed = 0;
  order.forEach((b, i) => {
    while (closed < ends.length && ends[closed] < lo[b]) {
      closed++;
    }
    most = Math.max(most, i + 1 - closed);
  });
  return most;
}

/** The port space: ports are 1-65535, the trees index 0-65535. */
const PORT_SPACE = 65536;

/**
 * Finds every pair of overlapping segments, each pair once.
 *
 * Per protocol, every (segment, port range) becomes a box over (destination, port); host names are
 * mapped to points beyond the IPv4 space so that equal names meet. The boxes are sorted by their
 * first address and swept. When few boxes are open at once, each box is compared with the open
 * ones. Otherwise the boxes whose address interval is still open are kept in two trees
 * over the port space, so that a box meets only the open boxes whose ports intersect its own:
 * a stabbing tree (each open box at the O(log P) nodes that cover its ports, searched along the
 * path to the box's first port) and a start tree (each open box at the ancestors of its first
 * port, searched over the nodes that cover the rest of the box's ports). A box that has closed is
 * dropped from a node the first time that node is searched. The sweep is O(n log n log P) plus
 * the overlaps found, also when thousands of segments share a destination on different ports.
 */
export function findOverlaps(shapes: readonly SegmentShape[], options: OverlapOptions = {}): Overlap[] {
  const maxPerSegment = options.maxPerSegment ?? Number.POSITIVE_INFINITY;
  const counts = options.counts;
  counts?.splice(0, counts.length, ...new Array<number>(shapes.length).fill(0));
  const hostPoints = new Map<string, number>();
  const found: Overlap[] = [];
  const kept = new Map<number, number>();
  for (const protocol of [TCP, UDP]) {
    const lo: number[] = [];
    const hi: number[] = [];
    const from: number[] = [];
    const to: number[] = [];
    const owner: number[] = [];
    const portIndex: number[] = [];
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
      s.ports.forEach(([f, t], i) => {
        lo.push(first);
        hi.push(last);
        from.push(f);
        to.push(t);
        owner.push(shape);
        portIndex.push(i);
      });
    });
    const meet = (box: number, other: number) => {
      if (owner[other] === owner[box] || from[other] > to[box] || from[box] > to[other]) {
        return;
      }
      const [x, y] = owner[other] < owner[box] ? [other, box] : [box, other];
      const [a, b] = [owner[x], owner[y]];
      // A pair of segments meets once per pair of intersecting port ranges and per shared
      // protocol: count it at the first such meeting only.
      if (!isFirstMeeting(shapes[a], shapes[b], portIndex[x], portIndex[y], protocol)) {
        return;
      }
      if (counts) {
        counts[a]++;
      }
      const already = kept.get(a) ?? 0;
      if (already >= maxPerSegment) {
        return;
      }
      kept.set(a, already + 1);
      const d = shapes[a].destination;
      found.push({
        a,
        b,
        protocols: shapes[a].protocols & shapes[b].protocols,
        ports: [Math.max(from[x], from[y]), Math.min(to[x], to[y])],
        ...(d.kind === 'ip' ? { addresses: [Math.max(lo[x], lo[y]), Math.min(hi[x], hi[y])] as const } : { host: d.host }),
      });
    };
    const order = sortedByFirstAddress(lo);
    if (maxOpen(order, lo, hi) <= SMALL_OPEN_SET) {
      // Few boxes share an address at a time (a real estate): compare each with the open ones.
      const open = new Int32Array(order.length);
      let openCount = 0;
      for (const box of order) {
        let kept = 0;
        for (let k = 0; k < openCount; k++) {
          const other = open[k];
          if (hi[other] >= lo[box]) {
            open[kept++] = other;
            meet(box, other);
          }
        }
        openCount = kept;
        open[openCount++] = box;
      }
      continue;
    }
    const stabbing = new PortTree();
    const starts = new PortTree();
    let current = 0;
    const isOpen = (other: number) => hi[other] >= lo[current];
    const visit = (other: number) => meet(current, other);
    for (const box of order) {
      current = box;
      stabbing.stab(from[box], isOpen, visit);
      if (to[box] > from[box]) {
        starts.range(from[box] + 1, to[box], isOpen, visit);
      }
      stabbing.insertRange(from[box], to[box], box);
      starts.insertPoint(from[box], box);
    }
  }
  return found.sort((x, y) => x.a - y.a || x.b - y.b);
}

/**
 * Whether the meeting of port range `i` of `a` and port range `j` of `b` on `protocol` is the first
 * of the pair: the lowest shared protocol, then the first intersecting (i, j) in order.
 */
function isFirstMeeting(a: SegmentShape, b: SegmentShape, i: number, j: number, protocol: number): boolean {
  const shared = a.protocols & b.protocols;
  if (protocol !== (shared & TCP ? TCP : UDP)) {
    return false;
  }
  for (let x = 0; x < a.ports.length; x++) {
    for (let y = 0; y < b.ports.length; y++) {
      if (a.ports[x][0] <= b.ports[y][1] && b.ports[y][0] <= a.ports[x][1]) {
        return x === i && y === j;
      }
    }
  }
  return false;
}

/**
 * Lists of boxes at the nodes of a complete binary tree over the port space (leaves at
 * `PORT_SPACE + port`), with lazy removal of boxes that are no longer open.
 */
class PortTree {
  private readonly nodes: Array<number[] | undefined> = new Array(2 * PORT_SPACE);

  /** Adds `box` at the nodes that exactly cover `[first, last]`. */
  public insertRange(first: number, last: number, box: number): void {
    for (let l = first + PORT_SPACE, r = last + PORT_SPACE + 1; l < r; l >>= 1, r >>= 1) {
      if (l & 1) {
        this.add(l++, box);
      }
      if (r & 1) {
        this.add(--r, box);
      }
    }
  }

  /** Adds `box` at the leaf of `port` and each of its ancestors. */
  public insertPoint(port: number, box: number): void {
    for (let n = port + PORT_SPACE; n >= 1; n >>= 1) {
      this.add(n, box);
    }
  }

  /** Visits the open boxes stored on the path from the leaf of `port` to the root. */
  public stab(port: number, isOpen: (box: number) => boolean, visit: (box: number) => void): void {
    for (let n = port + PORT_SPACE; n >= 1; n >>= 1) {
      this.scan(n, isOpen, visit);
    }
  }

  /** Visits the open boxes stored at the nodes that exactly cover `[first, last]`. */
  public range(first: number, last: number, isOpen: (box: number) => boolean, visit: (box: number) => void): void {
    for (let l = first + PORT_SPACE, r = last + PORT_SPACE + 1; l < r; l >>= 1, r >>= 1) {
      if (l & 1) {
        this.scan(l++, isOpen, visit);
      }
      if (r & 1) {
        this.scan(--r, isOpen, visit);
      }
    }
  }

  private add(node: number, box: number): void {
    (this.nodes[node] ??= []).push(box);
  }

  private scan(node: number, isOpen: (box: number) => boolean, visit: (box: number) => void): void {
    const list = this.nodes[node];
    if (!list) {
      return;
    }
    let kept = 0;
    for (let k = 0; k < list.length; k++) {
      const box = list[k];
      if (isOpen(box)) {
        list[kept++] = box;
        visit(box);
      }
    }
    list.length = kept;
  }
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

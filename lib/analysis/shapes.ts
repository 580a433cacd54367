/**
 * What the analysis computes with: the model's wire values parsed once into protocols, port
 * intervals and destinations, with what is known only at apply kept as such.
 */
import { ModelApplication, ModelApplicationKind, ModelSegment, ModelValue } from '../model/access-model';
import { describeInterval, formatIpv4, parseIpv4 } from '../private/ipv4';

/** Protocol bits. */
export const TCP = 1;
export const UDP = 2;

/** A destination: an address interval, one host name, or every name under a wildcard's domain. */
export type Target =
  | { readonly kind: 'ip'; readonly first: number; readonly last: number }
  | { readonly kind: 'host'; readonly host: string }
  | { readonly kind: 'wildcard'; readonly domain: string };

/** A port interval, both ends included. */
export type PortInterval = readonly [number, number];

/** A segment of the model, parsed. Anything undefined is known only at apply. */
export interface SegmentShape {
  readonly app: ModelApplication;
  readonly segment: ModelSegment;
  readonly protocols?: number;
  readonly ports?: PortInterval[];
  /** The ports that are known, when some others are not. */
  readonly knownPorts: PortInterval[];
  readonly target?: Target;
  /** What is known only at apply, in words. */
  readonly unknown: string[];
}

/** The text of a value: the value, or `(known at apply: <expression>)`. */
export function show(v: ModelValue | undefined): string {
  if (v === undefined) {
    return '';
  }
  return v.value !== undefined ? v.value : `(known at apply: ${v.expression})`;
}

/** The protocol bits of `tcp`, `udp` or `tcp,udp`; undefined for anything else. */
export function protocolBits(text: string | undefined): number | undefined {
  switch (text?.toLowerCase()) {
    case 'tcp':
      return TCP;
    case 'udp':
      return UDP;
    case 'tcp,udp':
    case 'udp,tcp':
      return TCP | UDP;
    default:
      return undefined;
  }
}

/** `tcp`, `udp` or `tcp,udp` from protocol bits. */
export function protocolName(bits: number): string {
  return bits === (TCP | UDP) ? 'tcp,udp' : bits === TCP ? 'tcp' : 'udp';
}

/** The interval of a wire port range (`22-22`, `2200-2299`, `22`), or undefined. */
export function portInterval(text: string | undefined): PortInterval | undefined {
  const m = text === undefined ? null : /^\s*(\d{1,5})\s*(?:-\s*(\d{1,5})\s*)?$/.exec(text);
  if (!m) {
    return undefined;
  }
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  return from >= 0 && to <= 65535 && from <= to ? [from, to] : undefined;
}

/** The destination of a wire host and type; undefined when either is unknown or malformed. */
export function targetOf(host: string | undefined, type: string | undefined): Target | undefined {
  if (host === undefined || type === undefined) {
    return undefined;
  }
  const h = host.toLowerCase().replace(/\.$/, '');
  switch (type) {
    case 'ip':
    case 'ipAddress': {
      const a = parseIpv4(h);
      return 'address' in a ? { kind: 'ip', first: a.address, last: a.address } : undefined;
    }
    case 'ipRangeCidr': {
      const [addr, prefixText] = h.split('/');
      const a = parseIpv4(addr ?? '');
      const prefix = Number(prefixText);
      if (!('address' in a) || !/^\d{1,2}$/.test(prefixText ?? '') || prefix > 32) {
        return undefined;
      }
      const size = 2 ** (32 - prefix);
      const first = a.address - (a.address % size);
      return { kind: 'ip', first, last: first + size - 1 };
    }
    case 'ipRange': {
      const [x, y] = h.split('..');
      const a = parseIpv4(x ?? '');
      const b = parseIpv4(y ?? '');
      return 'address' in a && 'address' in b && a.address <= b.address ? { kind: 'ip', first: a.address, last: b.address } : undefined;
    }
    case 'fqdn':
      return h.startsWith('*.') ? { kind: 'wildcard', domain: h.slice(2) } : { kind: 'host', host: h };
    default:
      return undefined;
  }
}

const SHAPES = new WeakMap<ModelSegment, SegmentShape>();

/** Parses a segment of an app (once: the result is kept with the segment). */
export function shapeOf(app: ModelApplication, segment: ModelSegment): SegmentShape {
  const known = SHAPES.get(segment);
  if (known && known.app === app) {
    return known;
  }
  const shape = parseShape(app, segment);
  SHAPES.set(segment, shape);
  return shape;
}

function parseShape(app: ModelApplication, segment: ModelSegment): SegmentShape {
  const unknown: string[] = [];
  const protocols = segment.protocol.value !== undefined ? protocolBits(segment.protocol.value) : undefined;
  if (protocols === undefined) {
    unknown.push(`protocol ${show(segment.protocol)}`);
  }
  const knownPorts: PortInterval[] = [];
  let portsKnown = true;
  for (const p of segment.ports) {
    const interval = p.value !== undefined ? portInterval(p.value) : undefined;
    if (interval) {
      knownPorts.push(interval);
    } else {
      portsKnown = false;
      unknown.push(`port ${show(p)}`);
    }
  }
  if (segment.ports.length === 0) {
    portsKnown = false;
    unknown.push('ports (none given)');
  }
  const target =
    segment.destinationHost.value !== undefined && segment.destinationType.value !== undefined
      ? targetOf(segment.destinationHost.value, segment.destinationType.value)
      : undefined;
  if (target === undefined) {
    unknown.push(`destination ${show(segment.destinationHost)}`);
  }
  return {
    app,
    segment,
    ...(protocols !== undefined ? { protocols } : {}),
    ...(portsKnown ? { ports: mergeIntervals(knownPorts) } : {}),
    knownPorts: mergeIntervals(knownPorts),
    ...(target ? { target } : {}),
    unknown,
  };
}

/** Sorted, merged intervals. */
export function mergeIntervals(intervals: readonly PortInterval[]): PortInterval[] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [from, to] of sorted) {
    const last = out[out.length - 1];
    if (last && from <= last[1] + 1) {
      last[1] = Math.max(last[1], to);
    } else {
      out.push([from, to]);
    }
  }
  return out;
}

/** `a` minus `b`, as merged intervals. */
export function subtractIntervals(a: readonly PortInterval[], b: readonly PortInterval[]): PortInterval[] {
  let rest: PortInterval[] = mergeIntervals(a);
  for (const [from, to] of b) {
    rest = rest.flatMap(([x, y]): PortInterval[] => {
      if (to < x || from > y) {
        return [[x, y]];
      }
      return [...(x < from ? [[x, from - 1] as PortInterval] : []), ...(y > to ? [[to + 1, y] as PortInterval] : [])];
    });
  }
  return rest;
}

/** The intersection of two sets of intervals. */
export function intersectIntervals(a: readonly PortInterval[], b: readonly PortInterval[]): PortInterval[] {
  const out: PortInterval[] = [];
  for (const [x, y] of a) {
    for (const [u, v] of b) {
      const from = Math.max(x, u);
      const to = Math.min(y, v);
      if (from <= to) {
        out.push([from, to]);
      }
    }
  }
  return mergeIntervals(out);
}

/** Whether `port` is in one of the intervals. */
export function inIntervals(port: number, intervals: readonly PortInterval[]): boolean {
  return intervals.some(([from, to]) => from <= port && port <= to);
}

/** `22`, `2200-2299`, `22, 80-81` for people. */
export function showPorts(intervals: readonly PortInterval[]): string {
  return intervals.map(([from, to]) => (from === to ? `${from}` : `${from}-${to}`)).join(', ');
}

/** The wire ranges of intervals: `22-22`. */
export function wirePorts(intervals: readonly PortInterval[]): string[] {
  return intervals.map(([from, to]) => `${from}-${to}`);
}

/** A segment for people, as the constructs print it: `tcp/22,2200-2299 10.1.0.0/24`. */
export function describeSegment(s: SegmentShape): string {
  const ports = s.segment.ports.map((p) => (p.value !== undefined ? p.value.replace(/^(\d+)-\1$/, '$1') : show(p))).join(',');
  return `${show(s.segment.protocol)}/${ports} ${s.target ? showTarget(s.target) : show(s.segment.destinationHost)}`;
}

/** A destination for people: `10.1.0.4`, `10.1.0.0/24`, `10.1.0.1..10.1.0.9`, `*.corp.contoso.com`. */
export function showTarget(t: Target): string {
  switch (t.kind) {
    case 'ip':
      return describeInterval(t.first, t.last);
    case 'host':
      return t.host;
    default:
      return `*.${t.domain}`;
  }
}

/** Whether a name target covers a host name (the same name, or under the wildcard's domain). */
export function nameCovers(t: Target, host: string): boolean {
  if (t.kind === 'host') {
    return t.host === host;
  }
  return t.kind === 'wildcard' && host.endsWith(`.${t.domain}`);
}

/** Whether an address target covers an address. */
export function addressCovers(t: Target, address: number): boolean {
  return t.kind === 'ip' && t.first <= address && address <= t.last;
}

/** Whether the app is the tenant's Quick Access app. */
export function isQuickAccess(app: ModelApplication): boolean {
  return app.kind === ModelApplicationKind.QUICK_ACCESS;
}

export { formatIpv4 };

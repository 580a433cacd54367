/**
 * `npm run bench:validate`: overlap validation at scale, against the all-pairs baseline.
 *
 * Builds an estate of 500 Private Access apps x 20 segments (10,000 segments: addresses, networks,
 * ranges and host names on TCP and UDP, as a real estate mixes them, with no overlap), then, in
 * this one process and on the same input, times:
 * - the library's analysis of the synthesized stack (its configuration read into the access model,
 *   the overlap sweep included, as `cdktf synth` runs it), and the read alone;
 * - the overlap sweep alone on the segments;
 * - the all-pairs comparison the sweep replaces.
 * Each is repeated and the median printed. Then two hard shapes, on the sweep alone:
 * - 10,000 and 40,000 valid segments to one destination (10.0.0.0/8) on distinct ports, against
 *   10,000 distinct destinations: the shape that made the previous sweep compare every pair;
 * - 1,000 and 2,000 mutually overlapping segments, reported capped (the first 20 per segment and a
 *   count): time, and the number of overlaps kept.
 * Nothing here is asserted; the numbers are the result.
 */
import * as os from 'os';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { ConnectorGroup, Destination, MsgraphProvider, Port, Principal, PrivateAccessApplication, SegmentOptions } from '../lib';
import { findOverlapPairsBruteForce, findOverlaps, SegmentShape, TCP } from '../lib/private/overlap';
import { analyse } from '../lib/analysis/analyse';
import { findSegmentOverlaps } from '../lib/analysis/overlaps';
import { shapeOf } from '../lib/analysis/shapes';
import { readStackModel } from '../lib/readers/stack-reader';

const APPS = Number(process.env.BENCH_APPS ?? 500);
const SEGMENTS = Number(process.env.BENCH_SEGMENTS ?? 20);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** The j-th segment of app i: a realistic mix, disjoint from every other segment. */
function segment(i: number, j: number): SegmentOptions {
  const net = 0x0a000000 + i * 256; // app i owns 10.x.y.0/24
  const ip = (k: number) => [net >>> 24, (net >>> 16) & 255, (net >>> 8) & 255, k].join('.');
  const ports = j % 5 === 0 ? [Port.SSH, Port.tcp(443)] : j % 7 === 0 ? [Port.tcpUdp(53)] : j % 9 === 0 ? [Port.udp(161)] : [Port.SSH];
  switch (j % 10) {
    case 0:
    case 1:
    case 2:
    case 3:
    case 4:
    case 5:
      return { destination: Destination.ipAddress(ip(j)), ports };
    case 6:
      return { destination: Destination.cidr(`${ip(128 + 16 * ((j / 10) | 0))}/28`), ports };
    case 7:
      return { destination: Destination.ipRange(ip(100 + j), ip(100 + j + 1)), ports };
    default:
      return { destination: Destination.fqdn(`host-${j}.app-${i}.corp.contoso.com`), ports };
  }
}

function estate(): { app: App; stack: TerraformStack; apps: PrivateAccessApplication[] } {
  const app = new App({ outdir: os.tmpdir(), skipValidation: true });
  const stack = new TerraformStack(app, 'estate');
  new AzureadProvider(stack, 'azuread');
  new MsgraphProvider(stack, 'msgraph');
  const group = ConnectorGroup.fromConnectorGroupId(stack, 'Connectors', '55555555-5555-5555-5555-555555555555');
  const admins = Principal.groupId('11111111-1111-1111-1111-111111111111');
  const apps: PrivateAccessApplication[] = [];
  for (let i = 0; i < APPS; i++) {
    apps.push(
      new PrivateAccessApplication(stack, `App${i}`, {
        displayName: `App ${i}`,
        connectorGroup: group,
        segments: Array.from({ length: SEGMENTS }, (_, j) => segment(i, j)),
        principals: [admins],
      }),
    );
  }
  return { app, stack, apps };
}

function time<T>(fn: () => T): [number, T] {
  const start = process.hrtime.bigint();
  const result = fn();
  return [Number(process.hrtime.bigint() - start) / 1e6, result];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(1)} ms`;

const validation: number[] = [];
const reading: number[] = [];
const sweep: number[] = [];
const allPairs: number[] = [];
let segmentCount = 0;
let found = -1;
for (let run = 0; run < RUNS; run++) {
  const { stack, apps } = estate();
  const errors = apps.flatMap((a) => a.node.validate());
  if (errors.length > 0) {
    throw new Error(`the estate is meant to be valid, but: ${errors.slice(0, 3).join('; ')}`);
  }
  const json = stack.toTerraform();
  const [r, model] = time(() => readStackModel(json, { name: 'estate' }));
  reading.push(r);
  const [v, result] = time(() => analyse({ model, validationRan: true }));
  const open = result.findings.filter((f) => f.level === 'error');
  if (open.length > 0) {
    throw new Error(`the estate is meant to be valid, but: ${open.slice(0, 3).map((f) => f.message).join('; ')}`);
  }
  validation.push(v);
  const modelShapes = model.applications.flatMap((a) => a.segments.map((s) => shapeOf(a, s)));
  segmentCount = modelShapes.length;
  sweep.push(time(() => findSegmentOverlaps(modelShapes))[0]);
  const shapes: SegmentShape[] = modelShapes.map((s) => ({
    protocols: s.protocols!,
    ports: s.ports!,
    destination: s.target!.kind === 'ip' ? { kind: 'ip', first: s.target!.first, last: s.target!.last } : s.target!.kind === 'host' ? { kind: 'host', host: s.target!.host } : { kind: 'wildcard', host: `*.${s.target!.domain}` },
  }));
  const [p, pairs] = time(() => findOverlapPairsBruteForce(shapes));
  allPairs.push(p);
  if (pairs.length !== findOverlaps(shapes).length) {
    throw new Error('the sweep and the all-pairs baseline disagree');
  }
  found = pairs.length;
}

const TEN = 0x0a000000;
/** n segments to one /8, on distinct single ports. */
const sameDestination = (n: number): SegmentShape[] =>
  Array.from({ length: n }, (_, i) => ({ protocols: TCP, ports: [[i + 1, i + 1] as const], destination: { kind: 'ip' as const, first: TEN, last: TEN + 2 ** 24 - 1 } }));
/** n segments to distinct addresses, all on port 22. */
const distinctDestinations = (n: number): SegmentShape[] =>
  Array.from({ length: n }, (_, i) => ({ protocols: TCP, ports: [[22, 22] as const], destination: { kind: 'ip' as const, first: TEN + i, last: TEN + i } }));
/** n ranges that all start at 10.0.0.0: every pair overlaps on port 22. */
const mutual = (n: number): SegmentShape[] =>
  Array.from({ length: n }, (_, i) => ({ protocols: TCP, ports: [[22, 22] as const], destination: { kind: 'ip' as const, first: TEN, last: TEN + i + 1 } }));
const sweepOf = (make: () => SegmentShape[], capped = false) => {
  const shapes = make();
  const runs = Array.from({ length: RUNS }, () => time(() => findOverlaps(shapes, capped ? { maxPerSegment: 20, counts: [] } : {})));
  return { ms: median(runs.map(([t]) => t)), kept: runs[0][1].length };
};
const same = sweepOf(() => sameDestination(10000));
const same40k = sweepOf(() => sameDestination(40000));
const distinct = sweepOf(() => distinctDestinations(10000));
const mutual1k = sweepOf(() => mutual(1000), true);
const mutual2k = sweepOf(() => mutual(2000), true);

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
process.stdout.write(
  [
    `Overlap validation: ${APPS} apps x ${SEGMENTS} segments = ${segmentCount} segments (${found} overlaps), median of ${RUNS} runs`,
    `Machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
    '',
    '| what | median |',
    '|---|---|',
    `| read of the synthesized stack into the access model | ${ms(median(reading))} |`,
    `| analysis of the model (sweep, rules, review) | ${ms(median(validation))} |`,
    `| overlap sweep alone (sort and sweep per protocol) | ${ms(median(sweep))} |`,
    `| all-pairs baseline on the same segments | ${ms(median(allPairs))} |`,
    `| all-pairs / sweep | ${(median(allPairs) / median(sweep)).toFixed(0)}x |`,
    `| all-pairs / whole validation | ${(median(allPairs) / median(validation)).toFixed(0)}x |`,
    '',
    'Hard shapes, overlap sweep alone:',
    '',
    '| shape | median | overlaps kept |',
    '|---|---|---|',
    `| 10,000 segments to one /8 on distinct ports | ${ms(same.ms)} (${(same.ms / distinct.ms).toFixed(1)}x the distinct case) | ${same.kept} |`,
    `| 40,000 segments to one /8 on distinct ports | ${ms(same40k.ms)} (${(same40k.ms / same.ms).toFixed(1)}x the 10,000) | ${same40k.kept} |`,
    `| 10,000 segments to distinct addresses | ${ms(distinct.ms)} | ${distinct.kept} |`,
    `| 1,000 mutually overlapping (499,500 pairs), capped | ${ms(mutual1k.ms)} | ${mutual1k.kept} |`,
    `| 2,000 mutually overlapping (1,999,000 pairs), capped | ${ms(mutual2k.ms)} | ${mutual2k.kept} |`,
    '',
  ].join('\n'),
);

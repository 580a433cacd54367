/**
 * One case of `npm run bench`, run in a process of its own: builds the estate one way, synthesizes
 * it and prints its measurements as JSON on the last line.
 *
 * Usage: node synth-case.js <library|raw> <apps> <segments> <outdir>
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { buildRaw, buildWithLibrary } from './estate';

const [variant, apps, segments, outdir] = process.argv.slice(2);
const size = { apps: Number(apps), segments: Number(segments) };
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

const app = new App({ outdir, skipValidation: variant === 'raw' });
let start = process.hrtime.bigint();
(variant === 'raw' ? buildRaw : buildWithLibrary)(app, size);
const construct = ms(start);
start = process.hrtime.bigint();
app.synth();
const synth = ms(start);

const json = fs.readFileSync(path.join(outdir, 'stacks', 'estate', 'cdk.tf.json'));
const tf = JSON.parse(json.toString('utf8'));
const count = (o: Record<string, Record<string, unknown>> = {}) => Object.values(o).reduce((n, v) => n + Object.keys(v).length, 0);
process.stdout.write(
  `${JSON.stringify({
    construct,
    synth,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    jsonBytes: json.length,
    resources: count(tf.resource) + count(tf.data),
  })}\n`,
);

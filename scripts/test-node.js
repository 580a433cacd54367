'use strict';
// `npm run test:node -- 22` (or 24, or no argument for every version pinned in
// scripts/runtimes.json): the fast subset of the suite (runtimes.json's `nodeSubset`: synth of the
// example and its plan review, the npm package test, which packs, installs and synthesizes the
// starter, and the CLI tests) on another Node than the machine's.
//
// The Node binary comes from the npm registry (scripts/toolchain.js `installNode`) into the cache.
// jest runs on it, and its PATH puts it first, so that everything the tests start (npm, whose
// shebang is `env node`, the build npm pack runs, the installed `entra-private-access` bin, cdktf)
// runs on it too. node_modules is the one `npm ci` installed: the suite loads no native module
// built for one Node only (the prebuilt ones it has are N-API).
const { spawnSync } = require('child_process');
const os = require('os');
const path = require('path');
const { quietMissingTerraformCliConfig } = require('./terraform-cli-config');
const { ROOT, RUNTIMES, envWithNode, installNode } = require('./toolchain');

const majors = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(RUNTIMES.node);
let status = 0;
for (const major of majors) {
  let installed;
  try {
    installed = installNode(major);
  } catch (err) {
    process.stderr.write(`test:node: cannot install Node ${major}: ${err.message}\n`);
    status = 1;
    continue;
  }
  const { node, binDir, version } = installed;
  process.stdout.write(`Running the Node subset (${RUNTIMES.nodeSubset.join(', ')}) on Node ${version} (${node})\n`);
  const env = envWithNode(binDir, quietMissingTerraformCliConfig({ ...process.env, CHECKPOINT_DISABLE: '1' }));
  // What the tests' child processes get: `node` on PATH is this one, and npm runs on it.
  const onPath = spawnSync('node', ['-p', 'process.version'], { env, encoding: 'utf8' }).stdout?.trim();
  // `npm version --json` tells the versions of the process npm runs in (not inherited npm_config_* values).
  const npmVersions = JSON.parse(spawnSync('npm', ['version', '--json'], { cwd: os.tmpdir(), env, encoding: 'utf8' }).stdout || '{}');
  if (onPath !== `v${version}` || npmVersions.node !== version) {
    process.stderr.write(`test:node: child processes would not run on Node ${version}: node on PATH is ${onPath}, npm runs on ${npmVersions.node}\n`);
    status = 1;
    continue;
  }
  process.stdout.write(`node on PATH: ${onPath}; npm ${npmVersions.npm} on node ${npmVersions.node}\n`);
  const jest = spawnSync(node, [path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci', ...RUNTIMES.nodeSubset], {
    cwd: ROOT,
    env,
    stdio: 'inherit',
  });
  const result = jest.status ?? 1;
  process.stdout.write(`The Node subset on Node ${version}: ${result === 0 ? 'passed' : 'failed'}\n`);
  status = status || result;
}
process.exit(status);

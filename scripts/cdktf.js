#!/usr/bin/env node
// Runs the project's cdktf CLI with telemetry checks off (CHECKPOINT_DISABLE=1), portably:
// `npm run synth` works the same in a pipeline, on a laptop and on a machine without network.
'use strict';
const { spawnSync } = require('child_process');
const path = require('path');
const { quietMissingTerraformCliConfig } = require('./terraform-cli-config');

const env = quietMissingTerraformCliConfig({ CHECKPOINT_DISABLE: '1', ...process.env });

const cli = path.join(path.dirname(require.resolve('cdktf-cli/package.json')), 'bundle', 'bin', 'cdktf');
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env,
});
process.exit(result.status === null ? 1 : result.status);

#!/usr/bin/env node
// Runs the project's cdktf CLI with telemetry checks off (CHECKPOINT_DISABLE=1), portably:
// `npm run synth` works the same in a pipeline, on a laptop and on a machine without network.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const env = { CHECKPOINT_DISABLE: '1', ...process.env };
// The CLI runs `terraform version`, which complains loudly when the configured CLI configuration
// file does not exist; synth needs none, so point it at an empty one in that case.
const cliConfig = env.TF_CLI_CONFIG_FILE || path.join(os.homedir(), '.terraformrc');
if (!fs.existsSync(cliConfig)) {
  env.TF_CLI_CONFIG_FILE = os.devNull;
}

const cli = path.join(path.dirname(require.resolve('cdktf-cli/package.json')), 'bundle', 'bin', 'cdktf');
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env,
});
process.exit(result.status === null ? 1 : result.status);

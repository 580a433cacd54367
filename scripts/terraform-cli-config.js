'use strict';
// cdktf's tooling (@cdktf/commons, the CLI) runs `terraform version` and logs terraform's complaint
// about a missing CLI configuration file as an ERROR. None of this project's commands needs CLI
// configuration: when the configured file does not exist, point terraform at an empty one.
const fs = require('fs');
const os = require('os');
const path = require('path');

/** Sets TF_CLI_CONFIG_FILE in `env` to the null device when the configured file is missing. */
function quietMissingTerraformCliConfig(env = process.env) {
  const configured = env.TF_CLI_CONFIG_FILE || path.join(os.homedir(), '.terraformrc');
  if (!fs.existsSync(configured)) {
    env.TF_CLI_CONFIG_FILE = os.devNull;
  }
  return env;
}

module.exports = { quietMissingTerraformCliConfig };

const fs = require('fs');
const os = require('os');
const path = require('path');

// @cdktf/commons (loaded by the bindings test) runs `terraform version` and logs terraform's
// complaint about a missing CLI configuration file as an ERROR. No test needs CLI configuration;
// when the configured file is missing, the workers inherit an empty one instead.
const cliConfig = process.env.TF_CLI_CONFIG_FILE || path.join(os.homedir(), '.terraformrc');
if (!fs.existsSync(cliConfig)) {
  process.env.TF_CLI_CONFIG_FILE = os.devNull;
}
process.env.CHECKPOINT_DISABLE = '1';

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/examples'],
  testMatch: ['**/*.test.ts'],
  // Type errors are caught once, for the whole project, by test/typecheck.test.ts; ts-jest only
  // transpiles, which keeps every other test file fast.
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json', diagnostics: false }],
  },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  testTimeout: 120000,
};

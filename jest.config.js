const { quietMissingTerraformCliConfig } = require('./scripts/terraform-cli-config');

// Set here, in the main process, so that the test workers inherit it (the bindings test loads
// @cdktf/commons, which runs terraform).
quietMissingTerraformCliConfig();
process.env.CHECKPOINT_DISABLE = '1';

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/examples'],
  testMatch: ['**/*.test.ts'],
  // The checks that need Python, Go or another Node run with `npm run test:runtimes`.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/runtimes/'],
  // Type errors are caught once, for the whole project, by test/typecheck.test.ts; ts-jest only
  // transpiles, which keeps every other test file fast.
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json', diagnostics: false }],
  },
  globalSetup: '<rootDir>/test/global-setup.js',
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  // examples/starter imports the package by name, as a user's repository does; here it is the source.
  moduleNameMapper: {
    '^cdktf-entra-private-access$': '<rootDir>/lib/index.ts',
    '^cdktf-entra-private-access/testing$': '<rootDir>/lib/testing.ts',
  },
  testTimeout: 120000,
};

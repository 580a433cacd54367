// `npm run test:apply`: the apply tests, which run the real engine and the real msgraph provider
// against the Graph emulator (test/apply/harness.ts says what is real). They are named
// *.apply-test.ts so that the default `npm test` run (jest.config.js) never picks them up.
const base = require('../../jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  rootDir: '../..',
  roots: ['<rootDir>/test/apply'],
  testMatch: ['**/*.apply-test.ts'],
  // One engine at a time per file; files run in parallel (two workers), each with its own emulators.
  maxWorkers: 2,
  globalSetup: '<rootDir>/test/apply/global-setup.js',
  testTimeout: 15 * 60_000,
};

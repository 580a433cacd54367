/**
 * `npm run test:runtimes`: the checks that need other tool chains than Node 20 (Python, Go, the
 * CDK Terrain CLI on Node 22). They build packages and install from registries, so they run one at
 * a time and are kept out of `npm test` (jest.config.js ignores this folder).
 */
const base = require('../../jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  rootDir: '../..',
  roots: ['<rootDir>/test/runtimes'],
  testPathIgnorePatterns: ['/node_modules/'],
  maxWorkers: 1,
  testTimeout: 20 * 60 * 1000,
};

/** Plan-review tests: `npm test`; snapshots are reviewed like code (`jest --ci` in pipelines). */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
};

// Fault tests (npm run test:faults): the compiled server on a throwaway MariaDB server of their own, whatever
// TEST_DATABASE_URL says, so they run once per CI run rather than in both the SQLite and the MariaDB pass.
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/e2e'],
  testRegex: 'faults\\.e2e-spec\\.ts$',
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 150000,
};

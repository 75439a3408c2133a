// The cluster suite (npm run test:cluster, a stage of .ci/run): a three-node MariaDB Galera cluster of its own
// (test/cluster/galera.sh) and two compiled app instances. Not part of `npm test`: it needs galera-4 and rsync.
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/cluster'],
  testRegex: '\\.cluster-spec\\.ts$',
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 180000,
};

// Browser tests (npm run test:browser): Debian's Chromium driven by playwright-core against the real app.
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/browser'],
  testRegex: '.*\\.browser-spec\\.ts$',
  testTimeout: 120000,
};

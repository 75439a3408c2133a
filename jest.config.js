// One configuration for unit tests (next to the code) and e2e tests (test/e2e).
// NestJS 12 ships ESM-only packages, so everything goes through @swc/jest (see TOOLCHAIN.md).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json', 'mjs'],
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|file-type|strtok3|token-types|@tokenizer|uint8array-extras|@borewit|content-disposition|cookie|@fastify/cookie)/)',
  ],
  testTimeout: 60000,
  // Not under the temp folder: CI points TMPDIR at a folder that must be empty when it ends.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  // Each run gets its own temp folder (TMPDIR) and database name prefix; the teardown removes whatever a test left.
  globalSetup: '<rootDir>/test/utils/global-setup.ts',
  globalTeardown: '<rootDir>/test/utils/global-teardown.ts',
  // The fault tests start their own MariaDB server and the compiled app: `npm run test:faults`, once per CI run.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/faults\\.e2e-spec\\.ts$'],
};

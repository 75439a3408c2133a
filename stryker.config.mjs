// `npm run test:mutation`: StrykerJS over the access, lifecycle, audit and validation code (README, Tests), in two
// parts, because a mutant in code that runs when a module loads (a transition table, a decorator's argument) is
// "static": Stryker must run every test against it. Not part of .ci/run (too slow). Reports go to reports/mutation/.
//   MUTATION_PART=units (default): the pure modules, against their unit specs; static mutants included (a full
//     unit run takes about a second).
//   MUTATION_PART=app: access, paging and the audit chain, against the fast e2e files that reach them through HTTP;
//     static mutants are left out (each would boot the application over and over), the report lists them as ignored.
const part = process.env.MUTATION_PART ?? 'units';

const PARTS = {
  units: {
    mutate: [
      'src/common/validation/unsafe-text.ts',
      'src/modules/improvement-orders/order-lifecycle.ts',
      'src/modules/contracts/subcontract.state.ts',
      'src/modules/contracts/roster.state.ts',
      'src/modules/contractors/corporate-number.ts',
      'src/modules/dashboard/csv.ts',
    ],
    ignoreStatic: false,
    timeoutMS: 10000,
  },
  app: {
    mutate: [
      'src/common/auth/**/*.ts',
      // The specs beside the code are tests, not code under test.
      '!src/**/*.spec.ts',
      'src/common/pagination/cursor.ts',
      'src/modules/audit/audit-chain.ts',
    ],
    ignoreStatic: true,
    // An e2e file boots the application in its beforeAll: room for that before a mutant counts as a timeout.
    timeoutMS: 30000,
  },
};
if (!PARTS[part]) throw new Error(`MUTATION_PART must be one of ${Object.keys(PARTS).join(', ')}`);
// The jest configuration (jest.mutation.config.js) picks its test files by the same name.
process.env.MUTATION_TESTS = part;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...PARTS[part],
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'jest.mutation.config.js', enableFindRelatedTests: false },
  coverageAnalysis: 'perTest',
  // What the sandbox copy of the project leaves out (node_modules is linked, not copied).
  ignorePatterns: ['/dist', '/data', '/data-*', '/coverage', '/test-artifacts', '/reports'],
  concurrency: 2,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${part}.html` },
  jsonReporter: { fileName: `reports/mutation/${part}.json` },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};

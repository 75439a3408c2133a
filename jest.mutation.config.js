// The tests StrykerJS runs against each mutant (`npm run test:mutation`; see stryker.config.mjs). Everything else
// (transform through @swc/jest, global setup and teardown) is the main configuration's.
//   MUTATION_TESTS=units: the unit specs next to the pure modules (lifecycles, validation, CSV, corporate number).
//   MUTATION_TESTS=app:   the unit specs of access, paging and the audit chain, and the fast e2e files that reach
//                         them through HTTP.
const base = require('./jest.config.js');

const TESTS = {
  units: [
    '<rootDir>/src/common/validation/unsafe-text.spec.ts',
    '<rootDir>/src/modules/improvement-orders/order-lifecycle.spec.ts',
    '<rootDir>/src/modules/contracts/subcontract.state.spec.ts',
    '<rootDir>/src/modules/contracts/roster.state.spec.ts',
    '<rootDir>/src/modules/contractors/corporate-number.spec.ts',
    '<rootDir>/src/modules/dashboard/csv.spec.ts',
  ],
  app: [
    '<rootDir>/src/common/auth/access.guard.spec.ts',
    '<rootDir>/src/common/pagination/cursor.spec.ts',
    '<rootDir>/src/modules/audit/audit-chain.spec.ts',
    '<rootDir>/test/e2e/users.e2e-spec.ts',
    '<rootDir>/test/e2e/audit.e2e-spec.ts',
  ],
};
const which = process.env.MUTATION_TESTS ?? 'units';
if (!TESTS[which]) throw new Error(`MUTATION_TESTS must be one of ${Object.keys(TESTS).join(', ')}`);

/** @type {import('jest').Config} */
module.exports = { ...base, testRegex: undefined, testMatch: TESTS[which] };

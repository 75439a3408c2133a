import {
  canTake,
  PENDING_STATUSES,
  SUBCONTRACT_STATUSES,
  SUBCONTRACT_TRANSITIONS,
  type SubcontractStep,
} from './subcontract.state';

/**
 * The 再委託 lifecycle, written out here apart from the code: [from, step, to, who]. `—` is "no request yet".
 * docs/design.md carries the same table.
 */
const EXPECTED: [string, SubcontractStep, string, string[]][] = [
  ['—', 'request', 'REQUESTED', ['CONTRACTOR', 'OFFICER', 'ADMIN']],
  ['—', 'requestRegistered', 'REGISTERED', ['OFFICER', 'ADMIN']],
  ['REQUESTED', 'register', 'REGISTERED', ['OFFICER', 'ADMIN']],
  ['REQUESTED', 'reject', 'REJECTED', ['OFFICER', 'ADMIN']],
  ['REQUESTED', 'withdraw', 'WITHDRAWN', ['CONTRACTOR', 'OFFICER', 'ADMIN']],
  ['REGISTERED', 'approve', 'APPROVED', ['OFFICER', 'ADMIN']],
  ['REGISTERED', 'reject', 'REJECTED', ['OFFICER', 'ADMIN']],
  ['REGISTERED', 'withdraw', 'WITHDRAWN', ['CONTRACTOR', 'OFFICER', 'ADMIN']],
];

describe('subcontract lifecycle', () => {
  it('should allow exactly the transitions of the table written apart, to the same state, for the same roles', () => {
    const actual: [string, SubcontractStep, string, string[]][] = [];
    for (const [step, t] of Object.entries(SUBCONTRACT_TRANSITIONS) as [
      SubcontractStep,
      (typeof SUBCONTRACT_TRANSITIONS)[SubcontractStep],
    ][]) {
      for (const from of t.from ?? ['—']) actual.push([from, step, t.to, [...t.roles].sort()]);
    }
    const sort = (rows: typeof actual) =>
      rows
        .map(([a, b, c, d]): [string, string, string, string[]] => [a, b, c, [...d].sort()])
        .sort((x, y) => `${x[0]} ${x[1]}`.localeCompare(`${y[0]} ${y[1]}`));
    expect(sort(actual)).toEqual(sort(EXPECTED));
  });

  it('should answer canTake for every (state, step) pair exactly as the table says', () => {
    const steps = Object.keys(SUBCONTRACT_TRANSITIONS) as SubcontractStep[];
    for (const status of [null, ...SUBCONTRACT_STATUSES]) {
      for (const step of steps) {
        const allowed = EXPECTED.some(([from, s]) => s === step && from === (status ?? '—'));
        expect({ status, step, allowed: canTake(step, status) }).toEqual({ status, step, allowed });
      }
    }
  });

  it('should leave APPROVED, REJECTED and WITHDRAWN final', () => {
    for (const status of ['APPROVED', 'REJECTED', 'WITHDRAWN'] as const) {
      expect(
        Object.keys(SUBCONTRACT_TRANSITIONS).filter((s) => canTake(s as SubcontractStep, status)),
      ).toEqual([]);
    }
  });

  it('should name each step in messages as the table written apart says', () => {
    expect(
      Object.fromEntries(Object.entries(SUBCONTRACT_TRANSITIONS).map(([step, t]) => [step, t.label])),
    ).toEqual({
      request: '再委託の承認の申請',
      requestRegistered: '再委託の承認の申請（登録済みの事業者）',
      register: '再委託先の登録',
      approve: '再委託の承認',
      reject: '再委託の不承認',
      withdraw: '再委託の申請の取下げ',
    });
  });

  it('should count as pending exactly the states a request can still be withdrawn from', () => {
    const withdrawable = SUBCONTRACT_STATUSES.filter((s) => canTake('withdraw', s));
    expect([...PENDING_STATUSES].sort()).toEqual(['REGISTERED', 'REQUESTED']);
    expect([...PENDING_STATUSES].sort()).toEqual([...withdrawable].sort());
  });
});

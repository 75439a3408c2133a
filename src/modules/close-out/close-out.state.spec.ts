import {
  canTakeCloseOutStep,
  checkCloseOutStep,
  CLOSE_OUT_STATUSES,
  CLOSE_OUT_TRANSITIONS,
  OUTSTANDING_CLOSE_OUT,
  WITH_CONTRACTOR,
  type CloseOutStep,
} from './close-out.state';

/** The close-out lifecycle, written out apart from the code: [from, step, to, who]; `—` is "none yet". */
const EXPECTED: [string, CloseOutStep, string, string[]][] = [
  ['—', 'open', 'OWED', ['ADMIN', 'OFFICER']],
  ['OWED', 'submit', 'SUBMITTED', ['CONTRACTOR']],
  ['RETURNED', 'submit', 'SUBMITTED', ['CONTRACTOR']],
  ['SUBMITTED', 'sendBack', 'RETURNED', ['ADMIN', 'OFFICER']],
  ['SUBMITTED', 'confirm', 'CONFIRMED', ['ADMIN', 'OFFICER']],
];

describe('close-out lifecycle', () => {
  it('should allow exactly the transitions of the table written apart, to the same state, for the same roles', () => {
    const actual: [string, CloseOutStep, string, string[]][] = [];
    for (const [step, t] of Object.entries(CLOSE_OUT_TRANSITIONS) as [
      CloseOutStep,
      (typeof CLOSE_OUT_TRANSITIONS)[CloseOutStep],
    ][]) {
      for (const from of t.from ?? ['—']) actual.push([from, step, t.to, [...t.roles].sort()]);
    }
    const key = (r: (typeof actual)[number]) => `${r[0]} ${r[1]}`;
    expect(actual.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      [...EXPECTED].sort((a, b) => key(a).localeCompare(key(b))),
    );
  });

  it('should answer every (state, step, role) exactly as the table says, a wrong role before a wrong state', () => {
    const steps = Object.keys(CLOSE_OUT_TRANSITIONS) as CloseOutStep[];
    for (const status of CLOSE_OUT_STATUSES) {
      for (const step of steps) {
        const row = EXPECTED.find(([from, s]) => s === step && from === status);
        expect({ status, step, allowed: canTakeCloseOutStep(step, status) }).toEqual({
          status,
          step,
          allowed: row !== undefined,
        });
        for (const role of ['ADMIN', 'OFFICER', 'AUDITOR', 'CONTRACTOR'] as const) {
          const roles = EXPECTED.find(([, s]) => s === step)?.[3] ?? [];
          const check = checkCloseOutStep(step, status, role);
          const expected = !roles.includes(role) ? 'role' : row ? 'ok' : 'state';
          expect({ status, step, role, got: check.ok ? 'ok' : check.reason }).toEqual({
            status,
            step,
            role,
            got: expected,
          });
        }
      }
    }
  });

  it('should leave CONFIRMED final, and count as outstanding every other state', () => {
    expect(
      (Object.keys(CLOSE_OUT_TRANSITIONS) as CloseOutStep[]).filter((s) =>
        canTakeCloseOutStep(s, 'CONFIRMED'),
      ),
    ).toEqual([]);
    expect([...OUTSTANDING_CLOSE_OUT].sort()).toEqual(['OWED', 'RETURNED', 'SUBMITTED']);
    expect([...WITH_CONTRACTOR].sort()).toEqual(['OWED', 'RETURNED']);
  });
});

import { CONTRACT_STATUSES } from './contract.entity';
import {
  AWAITING_CLOSE_OUT,
  canTakeContractStep,
  CONTRACT_TRANSITIONS,
  type ContractStep,
} from './contract-lifecycle';

/** The contract lifecycle, written out apart from the code: [from, step, to, who]. docs/design.md has the same. */
const EXPECTED: [string, ContractStep, string, string[]][] = [
  ['DRAFT', 'approve', 'ACTIVE', ['ADMIN', 'OFFICER']],
  ['ACTIVE', 'end', 'ENDED', ['ADMIN', 'OFFICER']],
  ['ACTIVE', 'terminate', 'TERMINATED', ['ADMIN', 'OFFICER']],
  ['ENDED', 'close', 'CLOSED', ['ADMIN', 'OFFICER']],
  ['TERMINATED', 'close', 'CLOSED', ['ADMIN', 'OFFICER']],
];

describe('contract lifecycle', () => {
  it('should allow exactly the transitions of the table written apart, to the same state, for the same roles', () => {
    const actual: [string, ContractStep, string, string[]][] = [];
    for (const [step, t] of Object.entries(CONTRACT_TRANSITIONS) as [
      ContractStep,
      (typeof CONTRACT_TRANSITIONS)[ContractStep],
    ][]) {
      for (const from of t.from) actual.push([from, step, t.to, [...t.roles].sort()]);
    }
    const key = (r: (typeof actual)[number]) => `${r[0]} ${r[1]}`;
    expect(actual.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      [...EXPECTED].sort((a, b) => key(a).localeCompare(key(b))),
    );
  });

  it('should answer every (state, step) pair exactly as the table says, and leave CLOSED final', () => {
    const steps = Object.keys(CONTRACT_TRANSITIONS) as ContractStep[];
    for (const status of CONTRACT_STATUSES) {
      for (const step of steps) {
        const allowed = EXPECTED.some(([from, s]) => s === step && from === status);
        expect({ status, step, allowed: canTakeContractStep(step, status) }).toEqual({
          status,
          step,
          allowed,
        });
      }
    }
    expect(steps.filter((s) => canTakeContractStep(s, 'CLOSED'))).toEqual([]);
  });

  it('should count as awaiting a close-out exactly the states a contract can be closed from', () => {
    expect([...AWAITING_CLOSE_OUT].sort()).toEqual(['ENDED', 'TERMINATED']);
  });
});

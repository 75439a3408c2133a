import { ORDER_STATUSES, type OrderStatus } from './improvement-order.entity';
import { checkTransition, ORDER_TRANSITIONS, type OrderAction } from './order-lifecycle';

describe('improvement order lifecycle', () => {
  const allowed: [OrderAction, OrderStatus, OrderStatus][] = [
    ['submitPlan', 'ISSUED', 'PLAN_SUBMITTED'],
    ['acceptPlan', 'PLAN_SUBMITTED', 'IN_PROGRESS'],
    ['rejectPlan', 'PLAN_SUBMITTED', 'ISSUED'],
    ['reportCompletion', 'IN_PROGRESS', 'COMPLETION_REPORTED'],
    ['verifyAccepted', 'COMPLETION_REPORTED', 'CLOSED'],
    ['verifyNotAccepted', 'COMPLETION_REPORTED', 'IN_PROGRESS'],
    ['withdraw', 'ISSUED', 'WITHDRAWN'],
    ['withdraw', 'PLAN_SUBMITTED', 'WITHDRAWN'],
    ['withdraw', 'IN_PROGRESS', 'WITHDRAWN'],
    ['withdraw', 'COMPLETION_REPORTED', 'WITHDRAWN'],
  ];

  it('should allow exactly the transitions of DESIGN.md, and refuse every other (action, state) pair', () => {
    for (const action of Object.keys(ORDER_TRANSITIONS) as OrderAction[]) {
      const role = ORDER_TRANSITIONS[action].roles[0];
      for (const status of ORDER_STATUSES) {
        const expected = allowed.find(([a, from]) => a === action && from === status);
        const result = checkTransition(action, status, role);
        if (expected)
          expect(result).toEqual({ ok: true, transition: expect.objectContaining({ to: expected[2] }) });
        else expect(result).toEqual({ ok: false, reason: 'state' });
      }
    }
  });

  it('should give the contractor the plan and completion, and the administrator everything else', () => {
    expect(checkTransition('submitPlan', 'ISSUED', 'ADMIN')).toEqual({ ok: false, reason: 'role' });
    expect(checkTransition('verifyAccepted', 'COMPLETION_REPORTED', 'CONTRACTOR')).toEqual({
      ok: false,
      reason: 'role',
    });
    expect(checkTransition('acceptPlan', 'PLAN_SUBMITTED', 'OFFICER')).toEqual({ ok: false, reason: 'role' });
    expect(checkTransition('withdraw', 'CLOSED', 'ADMIN')).toEqual({ ok: false, reason: 'state' });
    expect(checkTransition('withdraw', 'WITHDRAWN', 'ADMIN')).toEqual({ ok: false, reason: 'state' });
  });
});

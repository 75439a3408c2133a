import { ORDER_STATUSES, type OrderStatus } from './improvement-order.entity';
import { checkTransition, isOpen, ORDER_TRANSITIONS, type OrderAction } from './order-lifecycle';

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

  // Written out apart from the code: who takes each step, the timeline event it writes and its name in messages
  // (the test above takes each step's role from the code's own table, so it alone cannot catch a wrong role).
  it('should give each step the roles, the timeline event and the name of the table written apart', () => {
    const expected: Record<OrderAction, [string[], string, string]> = {
      submitPlan: [['CONTRACTOR'], 'PLAN_SUBMITTED', '改善計画書の提出'],
      acceptPlan: [['ADMIN'], 'PLAN_ACCEPTED', '改善計画の承認'],
      rejectPlan: [['ADMIN'], 'PLAN_REJECTED', '改善計画の差戻し'],
      reportCompletion: [['CONTRACTOR'], 'COMPLETION_REPORTED', '完了報告'],
      verifyAccepted: [['ADMIN'], 'VERIFIED_ACCEPTED', '改善の確認（完了）'],
      verifyNotAccepted: [['ADMIN'], 'VERIFIED_NOT_ACCEPTED', '改善の確認（再対応）'],
      withdraw: [['ADMIN'], 'WITHDRAWN', '改善指示の取下げ'],
    };
    const actual = Object.fromEntries(
      Object.entries(ORDER_TRANSITIONS).map(([action, t]) => [action, [[...t.roles], t.event, t.label]]),
    );
    expect(actual).toEqual(expected);
  });

  it('should count as open exactly the states an order can still be withdrawn from', () => {
    expect(ORDER_STATUSES.filter(isOpen)).toEqual([
      'ISSUED',
      'PLAN_SUBMITTED',
      'IN_PROGRESS',
      'COMPLETION_REPORTED',
    ]);
  });
});

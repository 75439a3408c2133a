import type { Role } from '../users/user.entity';
import type { OrderEventType } from './improvement-order-event.entity';
import type { OrderStatus } from './improvement-order.entity';

export type OrderAction =
  | 'submitPlan'
  | 'acceptPlan'
  | 'rejectPlan'
  | 'reportCompletion'
  | 'verifyAccepted'
  | 'verifyNotAccepted'
  | 'withdraw';

export interface Transition {
  from: readonly OrderStatus[];
  to: OrderStatus;
  /** Who may take this step (DESIGN.md's table). */
  roles: readonly Role[];
  /** The timeline event it writes. */
  event: OrderEventType;
  /** Japanese name of the step, for messages. */
  label: string;
}

const OPEN: readonly OrderStatus[] = ['ISSUED', 'PLAN_SUBMITTED', 'IN_PROGRESS', 'COMPLETION_REPORTED'];

/**
 * The improvement order's lifecycle, exactly as DESIGN.md's table: the contractor's plan (改善計画書) → the
 * administrator accepts it or sends it back → the contractor's completion report (完了報告書) with evidence →
 * the administrator verifies it (closed) or not (back to work); the administrator may withdraw an open order.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderAction, Transition>> = {
  submitPlan: {
    from: ['ISSUED'],
    to: 'PLAN_SUBMITTED',
    roles: ['CONTRACTOR'],
    event: 'PLAN_SUBMITTED',
    label: '改善計画書の提出',
  },
  acceptPlan: {
    from: ['PLAN_SUBMITTED'],
    to: 'IN_PROGRESS',
    roles: ['ADMIN'],
    event: 'PLAN_ACCEPTED',
    label: '改善計画の承認',
  },
  rejectPlan: {
    from: ['PLAN_SUBMITTED'],
    to: 'ISSUED',
    roles: ['ADMIN'],
    event: 'PLAN_REJECTED',
    label: '改善計画の差戻し',
  },
  reportCompletion: {
    from: ['IN_PROGRESS'],
    to: 'COMPLETION_REPORTED',
    roles: ['CONTRACTOR'],
    event: 'COMPLETION_REPORTED',
    label: '完了報告',
  },
  verifyAccepted: {
    from: ['COMPLETION_REPORTED'],
    to: 'CLOSED',
    roles: ['ADMIN'],
    event: 'VERIFIED_ACCEPTED',
    label: '改善の確認（完了）',
  },
  verifyNotAccepted: {
    from: ['COMPLETION_REPORTED'],
    to: 'IN_PROGRESS',
    roles: ['ADMIN'],
    event: 'VERIFIED_NOT_ACCEPTED',
    label: '改善の確認（再対応）',
  },
  withdraw: { from: OPEN, to: 'WITHDRAWN', roles: ['ADMIN'], event: 'WITHDRAWN', label: '改善指示の取下げ' },
};

export function isOpen(status: OrderStatus): boolean {
  return OPEN.includes(status);
}

export type TransitionCheck = { ok: true; transition: Transition } | { ok: false; reason: 'role' | 'state' };

/** Whether `role` may take `action` from `status`: a wrong role is refused before a wrong state. */
export function checkTransition(action: OrderAction, status: OrderStatus, role: Role): TransitionCheck {
  const transition = ORDER_TRANSITIONS[action];
  if (!transition.roles.includes(role)) return { ok: false, reason: 'role' };
  if (!transition.from.includes(status)) return { ok: false, reason: 'state' };
  return { ok: true, transition };
}

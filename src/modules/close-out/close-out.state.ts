import type { Role } from '../users/user.entity';

export const CLOSE_OUT_STATUSES = ['OWED', 'SUBMITTED', 'RETURNED', 'CONFIRMED'] as const;
export type CloseOutStatus = (typeof CLOSE_OUT_STATUSES)[number];

export type CloseOutStep = 'open' | 'submit' | 'sendBack' | 'confirm';

export interface CloseOutTransition {
  /** null: the step creates the close-out. */
  from: readonly CloseOutStatus[] | null;
  to: CloseOutStatus;
  roles: readonly Role[];
  /** Japanese name of the step, for messages. */
  label: string;
}

const STAFF: readonly Role[] = ['OFFICER', 'ADMIN'];

/**
 * 返還・廃棄報告 (特記事項 情報資産の返還及び消去・消去証明書の提出; MIC guideline item 9). Ending or terminating the
 * contract opens it (OWED, due `returnDays` after that day); the contractor submits its report with a section for
 * itself and for each APPROVED sub-contractor, each with its 消去証明書; the officer confirms it — which closes the
 * contract in the same transaction — or sends it back with a reason, and the contractor submits again.
 */
export const CLOSE_OUT_TRANSITIONS: Readonly<Record<CloseOutStep, CloseOutTransition>> = {
  open: { from: null, to: 'OWED', roles: STAFF, label: '返還・廃棄報告の求め（契約の終了・解除）' },
  submit: {
    from: ['OWED', 'RETURNED'],
    to: 'SUBMITTED',
    roles: ['CONTRACTOR'],
    label: '返還・廃棄報告の提出',
  },
  sendBack: { from: ['SUBMITTED'], to: 'RETURNED', roles: STAFF, label: '返還・廃棄報告の差戻し' },
  confirm: { from: ['SUBMITTED'], to: 'CONFIRMED', roles: STAFF, label: '返還・廃棄報告の確認' },
};

/** Whether `step` may be taken from `status` (ignoring who takes it). */
export function canTakeCloseOutStep(step: CloseOutStep, status: CloseOutStatus | null): boolean {
  const from = CLOSE_OUT_TRANSITIONS[step].from;
  return from === null ? status === null : status !== null && from.includes(status);
}

export type CloseOutCheck =
  { ok: true; transition: CloseOutTransition } | { ok: false; reason: 'role' | 'state' };

/** Whether `role` may take `step` from `status`: a wrong role is refused before a wrong state. */
export function checkCloseOutStep(step: CloseOutStep, status: CloseOutStatus, role: Role): CloseOutCheck {
  const transition = CLOSE_OUT_TRANSITIONS[step];
  if (!transition.roles.includes(role)) return { ok: false, reason: 'role' };
  if (!canTakeCloseOutStep(step, status)) return { ok: false, reason: 'state' };
  return { ok: true, transition };
}

/** Still with someone to act: the contractor (OWED, RETURNED) or the officer (SUBMITTED). */
export const OUTSTANDING_CLOSE_OUT: readonly CloseOutStatus[] = ['OWED', 'SUBMITTED', 'RETURNED'];
/** The contractor still owes the report (reminders go out; certificates can be attached). */
export const WITH_CONTRACTOR: readonly CloseOutStatus[] = CLOSE_OUT_TRANSITIONS.submit.from ?? [];

import type { Role } from '../users/user.entity';

export const SUBCONTRACT_STATUSES = ['REQUESTED', 'REGISTERED', 'APPROVED', 'REJECTED', 'WITHDRAWN'] as const;
export type SubcontractStatus = (typeof SUBCONTRACT_STATUSES)[number];

export type SubcontractStep =
  'request' | 'requestRegistered' | 'register' | 'approve' | 'reject' | 'withdraw';

export interface SubcontractTransition {
  /** null: the step creates the request. */
  from: readonly SubcontractStatus[] | null;
  to: SubcontractStatus;
  roles: readonly Role[];
  /** Japanese name of the step, for messages. */
  label: string;
}

const STAFF: readonly Role[] = ['OFFICER', 'ADMIN'];

/**
 * 再委託 (特記事項 再委託の制限 第1項ただし書・第2項; MIC guideline item 8): the contractor files the written request,
 * naming a sub-contractor the body may not have registered yet; the officer registers it (a new contractor record,
 * or the existing one with the same 法人番号) and only then can approve, since an approval must name a company the
 * body knows. A refusal needs no registration (a request can be refused for its lead time alone). Both decisions
 * issue a notice (承認通知書 / 不承認通知書). Until decided, the contractor may withdraw its request.
 */
export const SUBCONTRACT_TRANSITIONS: Readonly<Record<SubcontractStep, SubcontractTransition>> = {
  request: { from: null, to: 'REQUESTED', roles: ['CONTRACTOR', ...STAFF], label: '再委託の承認の申請' },
  // An officer entering a request received on paper names a company already registered.
  requestRegistered: {
    from: null,
    to: 'REGISTERED',
    roles: STAFF,
    label: '再委託の承認の申請（登録済みの事業者）',
  },
  register: { from: ['REQUESTED'], to: 'REGISTERED', roles: STAFF, label: '再委託先の登録' },
  approve: { from: ['REGISTERED'], to: 'APPROVED', roles: STAFF, label: '再委託の承認' },
  reject: { from: ['REQUESTED', 'REGISTERED'], to: 'REJECTED', roles: STAFF, label: '再委託の不承認' },
  withdraw: {
    from: ['REQUESTED', 'REGISTERED'],
    to: 'WITHDRAWN',
    roles: ['CONTRACTOR', ...STAFF],
    label: '再委託の申請の取下げ',
  },
};

/** Whether `step` may be taken from `status` (ignoring who takes it). */
export function canTake(step: SubcontractStep, status: SubcontractStatus | null): boolean {
  const from = SUBCONTRACT_TRANSITIONS[step].from;
  return from === null ? status === null : status !== null && from.includes(status);
}

/** Requests still waiting for a decision: they count against duplicates and may be withdrawn. */
export const PENDING_STATUSES: readonly SubcontractStatus[] = ['REQUESTED', 'REGISTERED'];

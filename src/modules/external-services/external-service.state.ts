import type { Role } from '../users/user.entity';
import type { ExternalServiceStatus } from './external-service.entity';

export type ExternalServiceStep =
  | 'register'
  | 'edit'
  | 'apply'
  | 'approve'
  | 'reject'
  | 'reviewContinue'
  | 'reviewSuspend'
  | 'end'
  | 'confirmErasure';

export interface ExternalServiceTransition {
  /** null: the step creates the service. */
  from: readonly ExternalServiceStatus[] | null;
  /** null: the step leaves the status as it is. */
  to: ExternalServiceStatus | null;
  roles: readonly Role[];
  /** Japanese name of the step, for messages. */
  label: string;
}

const STAFF: readonly Role[] = ['OFFICER', 'ADMIN'];
const IN_USE: readonly ExternalServiceStatus[] = ['APPROVED', 'SUSPENDED'];

/**
 * 外部サービスの利用 (Article 6(6)(イ)): an officer registers a service and applies for its use; the administrator
 * approves it with conditions (the selection rules in external-service.rules.ts must pass) or rejects it; the
 * administrator reviews an approved service periodically, and the review either continues the use (the rules are
 * checked again) or suspends it; a suspended service is continued again by a later review. The use ends (ENDING)
 * and the service is ENDED once the erasure of the body's data is confirmed. Editing: everything while DRAFT or
 * APPLIED (the administrator may ask for a missing fact, e.g. the ISMAP registration, before deciding); while in
 * use only what is monitored (ISMAP, 約款, certifications, fallback, manager, interval).
 */
export const EXTERNAL_SERVICE_TRANSITIONS: Readonly<Record<ExternalServiceStep, ExternalServiceTransition>> =
  {
    register: { from: null, to: 'DRAFT', roles: STAFF, label: '外部サービスの登録' },
    edit: { from: ['DRAFT', 'APPLIED', ...IN_USE], to: null, roles: STAFF, label: '登録内容の変更' },
    apply: { from: ['DRAFT'], to: 'APPLIED', roles: ['OFFICER'], label: '利用の申請' },
    approve: { from: ['APPLIED'], to: 'APPROVED', roles: ['ADMIN'], label: '利用の承認' },
    reject: { from: ['APPLIED'], to: 'REJECTED', roles: ['ADMIN'], label: '利用の不承認' },
    reviewContinue: { from: IN_USE, to: 'APPROVED', roles: ['ADMIN'], label: '定期見直し（利用継続）' },
    reviewSuspend: { from: IN_USE, to: 'SUSPENDED', roles: ['ADMIN'], label: '定期見直し（利用停止）' },
    end: { from: IN_USE, to: 'ENDING', roles: STAFF, label: '利用の終了' },
    confirmErasure: { from: ['ENDING'], to: 'ENDED', roles: STAFF, label: 'データ消去の確認' },
  };

/** Whether `step` may be taken from `status` (ignoring who takes it). */
export function canTake(step: ExternalServiceStep, status: ExternalServiceStatus | null): boolean {
  const from = EXTERNAL_SERVICE_TRANSITIONS[step].from;
  return from === null ? status === null : status !== null && from.includes(status);
}

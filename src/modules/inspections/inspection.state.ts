import type { Role } from '../users/user.entity';
import type { InspectionStatus } from './inspection.entity';

export type InspectionStep = 'plan' | 'record' | 'conduct' | 'report' | 'cancel';

export interface InspectionTransition {
  /** null: the step creates the inspection. */
  from: readonly InspectionStatus[] | null;
  /** null: the step leaves the state as it is (recording results). */
  to: InspectionStatus | null;
  roles: readonly Role[];
  /** Japanese name of the step, for messages and the audit log. */
  label: string;
}

const STAFF: readonly Role[] = ['OFFICER', 'ADMIN'];

/**
 * 立入検査・書面監査 (特記事項 監査及び検査): the body's staff plan an inspection, record what they found item by
 * item (while planned and once conducted), record the day it was conducted, and report it to the contractor by the
 * 検査結果通知書; a planned inspection may be cancelled. A reported inspection never changes.
 */
export const INSPECTION_TRANSITIONS: Readonly<Record<InspectionStep, InspectionTransition>> = {
  plan: { from: null, to: 'PLANNED', roles: STAFF, label: '検査の計画' },
  record: { from: ['PLANNED', 'CONDUCTED'], to: null, roles: STAFF, label: '検査結果の記録' },
  conduct: { from: ['PLANNED'], to: 'CONDUCTED', roles: STAFF, label: '検査の実施の記録' },
  report: { from: ['CONDUCTED'], to: 'REPORTED', roles: STAFF, label: '検査結果の通知' },
  cancel: { from: ['PLANNED'], to: 'CANCELLED', roles: STAFF, label: '検査の中止' },
};

/** Whether `step` may be taken from `status` (ignoring who takes it). */
export function canTake(step: InspectionStep, status: InspectionStatus | null): boolean {
  const from = INSPECTION_TRANSITIONS[step].from;
  return from === null ? status === null : status !== null && from.includes(status);
}

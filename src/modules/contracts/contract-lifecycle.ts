import type { Role } from '../users/user.entity';
import type { ContractStatus } from './contract.entity';

export type ContractStep = 'approve' | 'end' | 'terminate' | 'close';

export interface ContractTransition {
  from: readonly ContractStatus[];
  to: ContractStatus;
  roles: readonly Role[];
  /** Japanese name of the step, for messages. */
  label: string;
}

const STAFF: readonly Role[] = ['OFFICER', 'ADMIN'];

/**
 * The contract's lifecycle. A draft is approved (特記事項 issued) and becomes ACTIVE; an ACTIVE contract ends at the
 * end of its term (ENDED) or is terminated early under the contract (TERMINATED). Either way the contractor then
 * owes its 返還・廃棄報告 (close-out); the contract becomes CLOSED only when the officer confirms that report, in the
 * same transaction (close-out.service.ts) — there is no other way to close it.
 */
export const CONTRACT_TRANSITIONS: Readonly<Record<ContractStep, ContractTransition>> = {
  approve: { from: ['DRAFT'], to: 'ACTIVE', roles: STAFF, label: '承認' },
  end: { from: ['ACTIVE'], to: 'ENDED', roles: STAFF, label: '終了' },
  terminate: { from: ['ACTIVE'], to: 'TERMINATED', roles: STAFF, label: '解除' },
  close: { from: ['ENDED', 'TERMINATED'], to: 'CLOSED', roles: STAFF, label: '完結（返還・廃棄報告の確認）' },
};

/** Whether `step` may be taken from `status` (ignoring who takes it). */
export function canTakeContractStep(step: ContractStep, status: ContractStatus): boolean {
  return CONTRACT_TRANSITIONS[step].from.includes(status);
}

/** Ended or terminated and not yet closed: the contractor's 返還・廃棄報告 is outstanding. */
export const AWAITING_CLOSE_OUT: readonly ContractStatus[] = CONTRACT_TRANSITIONS.close.from;

/** Over: the contract no longer runs (workers, roster and sub-contracting are frozen). */
export function isOver(status: ContractStatus): boolean {
  return status === 'ENDED' || status === 'TERMINATED' || status === 'CLOSED';
}

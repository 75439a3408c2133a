import type { Role } from '../users/user.entity';
import type { SnsAccountStatus } from './sns-account.entity';

export type SnsAccountStep = 'register' | 'edit' | 'activate' | 'suspend' | 'close';

export interface SnsAccountTransition {
  /** null: the step creates the account. */
  from: readonly SnsAccountStatus[] | null;
  /** null: the step leaves the state as it is (editing the register). */
  to: SnsAccountStatus | null;
  roles: readonly Role[];
  /** Only the account's 責任者 (or ADMIN) may take the step. */
  managerOnly: boolean;
  /** Japanese name of the step, for messages and the audit log. */
  label: string;
}

const STAFF: readonly Role[] = ['OFFICER', 'ADMIN'];

/**
 * The account register (第6条第6号ウ): an OFFICER drafts and keeps the entry up to date; the account's 責任者 or
 * an ADMIN activates it (only with a 責任者, two-factor authentication and a listing on the body's website),
 * suspends it (a takeover suspends it too, see SnsIncidents) and reactivates or closes it. A closed account never
 * changes.
 */
export const SNS_ACCOUNT_TRANSITIONS: Readonly<Record<SnsAccountStep, SnsAccountTransition>> = {
  register: { from: null, to: 'DRAFT', roles: STAFF, managerOnly: false, label: 'アカウントの登録' },
  edit: {
    from: ['DRAFT', 'ACTIVE', 'SUSPENDED'],
    to: null,
    roles: STAFF,
    managerOnly: false,
    label: '登録内容の変更',
  },
  activate: {
    from: ['DRAFT', 'SUSPENDED'],
    to: 'ACTIVE',
    roles: STAFF,
    managerOnly: true,
    label: 'アカウントの運用開始',
  },
  suspend: {
    from: ['ACTIVE'],
    to: 'SUSPENDED',
    roles: STAFF,
    managerOnly: true,
    label: 'アカウントの運用停止',
  },
  close: {
    from: ['DRAFT', 'ACTIVE', 'SUSPENDED'],
    to: 'CLOSED',
    roles: STAFF,
    managerOnly: true,
    label: 'アカウントの廃止',
  },
};

/** Whether `step` may be taken from `status` (ignoring who takes it). */
export function canTakeAccountStep(step: SnsAccountStep, status: SnsAccountStatus | null): boolean {
  const from = SNS_ACCOUNT_TRANSITIONS[step].from;
  return from === null ? status === null : status !== null && from.includes(status);
}

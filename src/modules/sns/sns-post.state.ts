import type { Role } from '../users/user.entity';
import type { SnsPostStatus } from './sns-post.entity';

export type SnsPostStep = 'draft' | 'submit' | 'approve' | 'return' | 'publish' | 'correct' | 'delete';

/** Who in the account takes the step: a 発信担当, the 責任者 (or ADMIN), or either. */
export type SnsPostParty = 'POSTER' | 'MANAGER';

export interface SnsPostTransition {
  from: readonly SnsPostStatus[] | null;
  to: SnsPostStatus;
  roles: readonly Role[];
  party: SnsPostParty;
  label: string;
}

const STAFF: readonly Role[] = ['OFFICER', 'ADMIN'];

/**
 * A post of an official account: a 発信担当 drafts and submits it (only 機密性1), the 責任者 approves it or sends it
 * back (in a disaster, a designated person approves at once, recorded as such), the 発信担当 records where and when
 * it was published, and a published post is corrected or deleted with a reason.
 */
export const SNS_POST_TRANSITIONS: Readonly<Record<SnsPostStep, SnsPostTransition>> = {
  draft: { from: null, to: 'DRAFT', roles: STAFF, party: 'POSTER', label: '投稿案の作成' },
  submit: {
    from: ['DRAFT', 'RETURNED'],
    to: 'SUBMITTED',
    roles: STAFF,
    party: 'POSTER',
    label: '承認の申請',
  },
  approve: { from: ['SUBMITTED'], to: 'APPROVED', roles: STAFF, party: 'MANAGER', label: '投稿の承認' },
  return: { from: ['SUBMITTED'], to: 'RETURNED', roles: STAFF, party: 'MANAGER', label: '投稿案の差戻し' },
  publish: { from: ['APPROVED'], to: 'PUBLISHED', roles: STAFF, party: 'POSTER', label: '投稿の記録' },
  correct: {
    from: ['PUBLISHED', 'CORRECTED'],
    to: 'CORRECTED',
    roles: STAFF,
    party: 'POSTER',
    label: '投稿の訂正',
  },
  delete: {
    from: ['PUBLISHED', 'CORRECTED'],
    to: 'DELETED',
    roles: STAFF,
    party: 'POSTER',
    label: '投稿の削除',
  },
};

export function canTakePostStep(step: SnsPostStep, status: SnsPostStatus | null): boolean {
  const from = SNS_POST_TRANSITIONS[step].from;
  return from === null ? status === null : status !== null && from.includes(status);
}

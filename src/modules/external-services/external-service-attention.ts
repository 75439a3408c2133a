import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { addDays } from '../../common/clock';
import type { ExternalService } from './external-service.entity';
import { ismapLapsed } from './external-service.rules';

/** The 約款 is read again this many months after it was last checked (yearly by default). */
export const TERMS_RECHECK_MONTHS = 12;
/** ISMAP validity ending within this many days counts as expiring (the first reminder's step). */
export const ISMAP_EXPIRING_DAYS = 60;
/** Statuses in which the service is used, and so watched. */
export const IN_USE_STATUSES = ['APPROVED', 'SUSPENDED'] as const;

export type AttentionKind =
  'ISMAP_EXPIRED' | 'ISMAP_EXPIRING' | 'TERMS_RECHECK_DUE' | 'REVIEW_OVERDUE' | 'ERASURE_PENDING';

/** How the register, the dashboard and the CSV name each kind. */
export const ATTENTION_WORDS: Readonly<Record<AttentionKind, string>> = {
  ISMAP_EXPIRED: 'ISMAP期限切れ',
  ISMAP_EXPIRING: 'ISMAP期限間近',
  TERMS_RECHECK_DUE: '約款再確認期限超過',
  REVIEW_OVERDUE: '見直し期限超過',
  ERASURE_PENDING: '消去未確認',
};

type Facts = Pick<
  ExternalService,
  | 'status'
  | 'confidentialityClass'
  | 'model'
  | 'dataLocation'
  | 'ismapKind'
  | 'ismapValidUntil'
  | 'ismapRenewalPending'
  | 'alternativeEvaluation'
  | 'contractForm'
  | 'termsUrl'
  | 'termsCheckedOn'
  | 'nextReviewOn'
>;

/** The day the 約款 is due to be read again: a year after the last check; null when it is not a 約款 service. */
export function termsRecheckDue(
  s: Pick<Facts, 'contractForm' | 'model' | 'termsUrl' | 'termsCheckedOn'>,
): string | null {
  const terms = s.contractForm === 'TERMS' || s.model === 'TERMS' || Boolean(s.termsUrl);
  if (!terms || !s.termsCheckedOn) return null;
  const [y, m, d] = s.termsCheckedOn.split('-').map(Number);
  const year = y + Math.floor((m - 1 + TERMS_RECHECK_MONTHS) / 12);
  const month = ((m - 1 + TERMS_RECHECK_MONTHS) % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * What a service needs done on `today` (a Japan date): in use — ISMAP past its validity (no renewal pending) or
 * ending within 60 days, the 約款 re-check or the periodic review past due; ended — the erasure not yet confirmed.
 */
export function attentionOf(s: Facts, today: string): AttentionKind[] {
  const out: AttentionKind[] = [];
  if ((IN_USE_STATUSES as readonly string[]).includes(s.status)) {
    if (ismapLapsed(s, today)) out.push('ISMAP_EXPIRED');
    else if (
      s.ismapKind &&
      s.ismapValidUntil &&
      !s.ismapRenewalPending &&
      s.ismapValidUntil <= addDays(today, ISMAP_EXPIRING_DAYS)
    )
      out.push('ISMAP_EXPIRING');
    const recheck = termsRecheckDue(s);
    if (recheck !== null && recheck < today) out.push('TERMS_RECHECK_DUE');
    if (s.nextReviewOn && s.nextReviewOn < today) out.push('REVIEW_OVERDUE');
  }
  if (s.status === 'ENDING') out.push('ERASURE_PENDING');
  return out;
}

export const ATTENTION_KINDS: readonly AttentionKind[] = [
  'ISMAP_EXPIRED',
  'ISMAP_EXPIRING',
  'TERMS_RECHECK_DUE',
  'REVIEW_OVERDUE',
  'ERASURE_PENDING',
];

/** `YYYY-MM-DD` a whole number of months earlier, kept to the month's last day. */
function monthsBefore(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * Limits a query on ExternalService (alias `s`) to the services needing `kind` of action on `today`, the same
 * conditions as attentionOf() in SQL, so a filtered list and the dashboard's count agree.
 */
export function whereAttention<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  kind: AttentionKind,
  today: string,
): SelectQueryBuilder<T> {
  const inUse = { inUse: [...IN_USE_STATUSES] };
  switch (kind) {
    case 'ISMAP_EXPIRED':
      return qb
        .andWhere('s.status IN (:...inUse)', inUse)
        .andWhere('s.ismapKind IS NOT NULL AND s.ismapValidUntil < :today', { today })
        .andWhere('s.ismapRenewalPending = :no', { no: false });
    case 'ISMAP_EXPIRING':
      return qb
        .andWhere('s.status IN (:...inUse)', inUse)
        .andWhere('s.ismapKind IS NOT NULL AND s.ismapValidUntil >= :today AND s.ismapValidUntil <= :until', {
          today,
          until: addDays(today, ISMAP_EXPIRING_DAYS),
        })
        .andWhere('s.ismapRenewalPending = :no', { no: false });
    case 'TERMS_RECHECK_DUE':
      // Due a year after the last check: overdue when that check was before this day a year ago.
      return qb
        .andWhere('s.status IN (:...inUse)', inUse)
        .andWhere("(s.contractForm = 'TERMS' OR s.model = 'TERMS' OR s.termsUrl IS NOT NULL)")
        .andWhere('s.termsCheckedOn < :checkedBefore', {
          checkedBefore: monthsBefore(today, TERMS_RECHECK_MONTHS),
        });
    case 'REVIEW_OVERDUE':
      return qb.andWhere('s.status IN (:...inUse)', inUse).andWhere('s.nextReviewOn < :today', { today });
    case 'ERASURE_PENDING':
      return qb.andWhere("s.status = 'ENDING'");
    default: {
      const never: never = kind;
      throw new Error(`unknown attention ${String(never)}`);
    }
  }
}

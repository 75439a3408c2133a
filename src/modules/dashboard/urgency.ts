import type { CursorField } from '../../common/pagination/cursor';
import type { DashboardCounts } from './dto/dashboard.dto';

/**
 * The order of the dashboard's contractors: those that need the body to act first, the most urgent at the top,
 * so that the first page is the work list and nobody has to read 5,000 rows (the CSV has them all). Ranked by,
 * each most first: orders flagged for measures under the contract, overdue orders and self-assessments,
 * expired certifications, open findings, certifications ending within 60 days; then by reading (五十音順) and id,
 * which makes the order total, so a page's last key is a keyset cursor.
 */
export type Rankable = Pick<
  DashboardCounts,
  | 'escalatedOrders'
  | 'overdueOrders'
  | 'overdueAssessments'
  | 'expiredCertifications'
  | 'openFindings'
  | 'expiringCertifications'
> & { id: string; reading: string };

/** What a cursor of the dashboard holds: the five counts ranked on, the reading and the id. */
export const URGENCY_CURSOR: readonly CursorField[] = [
  'integer',
  'integer',
  'integer',
  'integer',
  'integer',
  'text',
  'id',
];

export type UrgencyKey = (string | number)[];

export function urgencyKey(r: Rankable): UrgencyKey {
  return [
    r.escalatedOrders,
    r.overdueOrders + r.overdueAssessments,
    r.expiredCertifications,
    r.openFindings,
    r.expiringCertifications,
    r.reading,
    r.id,
  ];
}

const COUNTS = 5;

/** Negative when `a` comes first: the counts larger first, then reading and id in ascending code-point order. */
export function byUrgency(a: UrgencyKey, b: UrgencyKey): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (i < COUNTS) return (b[i] as number) - (a[i] as number);
    return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

/** Anything to act on, that is one of the ranked counts above zero (open orders on time are work in progress). */
export function needsAttention(key: UrgencyKey): boolean {
  return key.slice(0, COUNTS).some((n) => (n as number) > 0);
}

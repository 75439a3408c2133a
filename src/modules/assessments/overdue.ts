/**
 * What an overdue self-assessment is, in one place: still with the contractor (OPEN, or RETURNED for
 * correction) and due before today in Japan. The assessment list's `overdue` filter (ホーム's 期限を過ぎている事項)
 * and the dashboard's count both use this condition, so the figure and the list it links to always agree.
 */
export const OVERDUE_ASSESSMENT_STATUSES = ['OPEN', 'RETURNED'] as const;

/** The SQL condition for the assessment alias `alias`; bind `:today` (YYYY-MM-DD, Japan time). */
export function overdueAssessmentCondition(alias: string): string {
  const statuses = OVERDUE_ASSESSMENT_STATUSES.map((s) => `'${s}'`).join(', ');
  return `${alias}.status IN (${statuses}) AND ${alias}.dueDate < :today`;
}

/** The same rule for one row already read. */
export function isOverdueAssessment(a: { status: string; dueDate: string }, today: string): boolean {
  return (OVERDUE_ASSESSMENT_STATUSES as readonly string[]).includes(a.status) && a.dueDate < today;
}

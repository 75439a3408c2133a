/**
 * When a reminder is due. Each step of a schedule such as [7, 3, 1] ("7, 3 and 1 days before") covers the days
 * from just after the next step up to itself: with 7/3/1, 7 covers 4–7 days left, 3 covers 2–3, and 1 covers
 * 1 and the due day itself. So a reminder missed on its exact day (job down, contract approved late) is still
 * sent on the next run, two steps never fire on the same day, and a step already sent is kept to one by its
 * dedupe key.
 */
export type ReminderStep = number | 'overdue';

/** Whole days from `today` to `date` (both YYYY-MM-DD); negative when the date has passed. */
export function daysUntil(today: string, date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/**
 * The step a date `daysLeft` away is in, or null when no reminder is due yet (or, without `overdue`, any
 * more). `steps` are days before the date, in any order.
 */
export function reminderStep(
  daysLeft: number,
  steps: readonly number[],
  options: { overdue: boolean } = { overdue: false },
): ReminderStep | null {
  if (daysLeft < 0) return options.overdue ? 'overdue' : null;
  const covering = steps.filter((step) => daysLeft <= step);
  return covering.length === 0 ? null : Math.min(...covering);
}

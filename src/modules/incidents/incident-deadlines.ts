import { addDays, todayInJapan } from '../../common/clock';

/**
 * The contractor's deadlines under the 事故発生時の報告 clause, both counted from when the contractor learned of the
 * incident (`detectedAt`):
 * - 第1項 the first report within `reportHours` hours: a period in hours runs from the moment itself
 *   (民法第139条), so it ends exactly `reportHours` hours after detection;
 * - 第2項 the written report within `writtenReportDays` days: a period in days leaves out the first day (民法第140条)
 *   and ends when its last day ends (第141条), so the report is due by the end of (detection date in Japan +
 *   `writtenReportDays`).
 */
export function firstReportDueAt(detectedAt: Date, reportHours: number): Date {
  return new Date(detectedAt.getTime() + reportHours * 3_600_000);
}

export function writtenReportDueDate(detectedAt: Date, writtenReportDays: number): string {
  return addDays(todayInJapan(detectedAt), writtenReportDays);
}

/** A moment's whole minute (seconds dropped), as the pages and the 受付通知書 print it (「6時55分」). */
const minuteOf = (at: Date): number => Math.floor(at.getTime() / 60_000);

/**
 * Whole minutes a report came after its deadline, 0 when on time, counted between the times as printed (each
 * truncated to its minute): due 3時55分 and received 6時55分 is 「3時間」, whatever the seconds, so a reader checking
 * the arithmetic of a notice finds it right.
 */
export function minutesLate(dueAt: Date, at: Date): number {
  return Math.max(0, minuteOf(at) - minuteOf(dueAt));
}

/** Days a report filed at `at` came after the day it was due (Japan dates), 0 when on time. */
export function daysLate(dueDate: string, at: Date): number {
  const filedOn = todayInJapan(at);
  if (filedOn <= dueDate) return 0;
  return Math.round((Date.parse(`${filedOn}T00:00:00Z`) - Date.parse(`${dueDate}T00:00:00Z`)) / 86_400_000);
}

/** 「3時間5分」: a number of minutes in words. */
export function durationText(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  return [days ? `${days}日` : '', hours ? `${hours}時間` : '', mins ? `${mins}分` : ''].join('') || '0分';
}

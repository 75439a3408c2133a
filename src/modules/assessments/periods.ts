import { addDays } from '../../common/clock';
import type { AssessmentFrequency } from '../contracts/contract.entity';

export const MONTHS_PER_PERIOD: Record<AssessmentFrequency, number> = {
  MONTHLY: 1,
  QUARTERLY: 3,
  SEMIANNUAL: 6,
  ANNUAL: 12,
};

export interface Period {
  start: string;
  end: string;
  due: string;
}

/**
 * The assessment periods of a contract that have begun by `asOf`: consecutive periods of the contract's
 * frequency counted from its start date, the last one cut at the contract's end. Each is due `dueDays` after
 * its end. Month arithmetic clamps to the month's last day (a contract starting 31 January has its second
 * monthly period start on 28/29 February... then 31 March, always counted from the start date).
 */
export function periodsUpTo(
  contract: { startDate: string; endDate: string; assessmentFrequency: AssessmentFrequency },
  asOf: string,
  dueDays: number,
): Period[] {
  const months = MONTHS_PER_PERIOD[contract.assessmentFrequency];
  const periods: Period[] = [];
  for (let k = 0; ; k++) {
    const start = addMonths(contract.startDate, k * months);
    if (start > contract.endDate || start > asOf) break;
    const nextStart = addMonths(contract.startDate, (k + 1) * months);
    const naturalEnd = addDays(nextStart, -1);
    const end = naturalEnd < contract.endDate ? naturalEnd : contract.endDate;
    periods.push({ start, end, due: addDays(end, dueDays) });
  }
  return periods;
}

/** 'YYYY-MM-DD' plus whole months, clamped to the last day of the target month. */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

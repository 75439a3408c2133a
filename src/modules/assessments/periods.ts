import { addDays } from '../../common/clock';
import { fiscalYearOf } from '../../common/dates/wareki';
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

/** The later of two 'YYYY-MM-DD' dates. */
function later(a: string, b: string): string {
  return a > b ? a : b;
}

export interface GenerationDates {
  /** Generate what has begun by this day; due dates are counted from it at the earliest. */
  asOf: string;
  /** The day the contract was approved (Japan time): nothing is asked for a period that ended before it. */
  approvedOn: string;
  /** Days after the period's end (REPORT) or its start (CHECKLIST) that it is due. */
  dueDays: number;
}

/**
 * The 定期報告 periods of a contract: its frequency's periods that have begun by `asOf` and had not ended when
 * the contract was approved. Each is due `dueDays` after its end — and never sooner than `dueDays` after the
 * day it is created, so a report generated late is not overdue on the day it appears.
 */
export function reportPeriods(
  contract: { startDate: string; endDate: string; assessmentFrequency: AssessmentFrequency },
  { asOf, approvedOn, dueDays }: GenerationDates,
): Period[] {
  return periodsUpTo(contract, asOf, dueDays)
    .filter((p) => p.end >= approvedOn)
    .map((p) => ({ ...p, due: later(p.due, addDays(asOf, dueDays)) }));
}

/**
 * The annual CHECKLIST periods: each fiscal year (1 April – 31 March) of the contract's term, cut to the term,
 * that has begun by `asOf` and had not ended at approval. A checklist confirms that the measures are in place
 * now, so it is due `dueDays` after the day it is created (never before the contract's approval).
 */
export function checklistPeriods(
  contract: { startDate: string; endDate: string },
  { asOf, approvedOn, dueDays }: GenerationDates,
): Period[] {
  const periods: Period[] = [];
  for (let fy = fiscalYearOf(contract.startDate); ; fy++) {
    const start = later(`${fy}-04-01`, contract.startDate);
    if (start > contract.endDate || start > asOf) break;
    const fyEnd = `${fy + 1}-03-31`;
    const end = fyEnd < contract.endDate ? fyEnd : contract.endDate;
    if (end < approvedOn) continue;
    periods.push({ start, end, due: addDays(later(asOf, approvedOn), dueDays) });
  }
  return periods;
}

/** Built once: constructing an Intl formatter costs more than a whole primary-key read (profiled under load). */
const JAPAN_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The body works on Japan time: "today" for due dates and expiry is the calendar date in Asia/Tokyo. */
export function todayInJapan(now: Date = new Date()): string {
  return JAPAN_DATE.format(now);
}

/** Adds days to a 'YYYY-MM-DD' date. */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A real calendar date in 'YYYY-MM-DD' form (2026-02-30 is not one). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * 和暦 (Japanese era) formatting for documents. Dates travel as `YYYY-MM-DD` strings (see STYLE.md, Database),
 * so everything here is computed in UTC and never depends on the server's time zone.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Japan switched to the Gregorian calendar on 明治6年1月1日; earlier dates have no faithful 和暦 rendering here. */
const FIRST_SUPPORTED_DATE = '1873-01-01';

const eraFormat = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  era: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  timeZone: 'UTC',
});

/** One-letter abbreviations used in fiscal-year labels (R8 = 令和8年度). */
const ERA_LETTERS: Readonly<Record<string, string>> = {
  明治: 'M',
  大正: 'T',
  昭和: 'S',
  平成: 'H',
  令和: 'R',
};

interface EraDate {
  era: string;
  /** 1 for the first year (元年). */
  year: number;
  month: number;
  day: number;
}

/** Parses a strict `YYYY-MM-DD` calendar date; throws TypeError when malformed or not a real date. */
function parseIsoDate(isoDate: string): Date {
  if (typeof isoDate !== 'string') {
    throw new TypeError(`Expected a YYYY-MM-DD date string, got ${typeof isoDate}`);
  }
  const match = ISO_DATE.exec(isoDate);
  if (!match) {
    throw new TypeError(`Malformed date "${isoDate}": expected YYYY-MM-DD`);
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2026-02-30 over to March; a round trip detects impossible days and months.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new TypeError(`Malformed date "${isoDate}": no such calendar day`);
  }
  if (isoDate < FIRST_SUPPORTED_DATE) {
    throw new RangeError(
      `Date "${isoDate}" is before ${FIRST_SUPPORTED_DATE} (Japan's adoption of the Gregorian calendar)`,
    );
  }
  return date;
}

function toEraDate(date: Date): EraDate {
  const parts = eraFormat.formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string => {
    const found = parts.find((p) => p.type === type);
    if (!found) throw new Error(`Intl did not return a ${type} part for the Japanese calendar`);
    return found.value;
  };
  const yearText = part('year');
  // ICU versions differ: some print the first year of an era as 「元」, others as 「1」.
  const year = yearText === '元' ? 1 : Number(yearText);
  if (!Number.isInteger(year) || year < 1) throw new Error(`Unexpected era year "${yearText}"`);
  return { era: part('era'), year, month: Number(part('month')), day: Number(part('day')) };
}

/** `2026-04-01` → `令和8年4月1日`; the first year of an era is always 「元年」 (`2019-05-01` → `令和元年5月1日`). */
export function formatWareki(isoDate: string): string {
  const { era, year, month, day } = toEraDate(parseIsoDate(isoDate));
  return `${era}${year === 1 ? '元' : year}年${month}月${day}日`;
}

/** The era name in force on the date (`2026-04-01` → `令和`), e.g. for a blank 「令和　　年　　月　　日」 line. */
export function eraNameOf(isoDate: string): string {
  return toEraDate(parseIsoDate(isoDate)).era;
}

/** Japanese fiscal year (年度), which starts on 1 April: `2027-03-31` → 2026, `2027-04-01` → 2027. */
export function fiscalYearOf(isoDate: string): number {
  const date = parseIsoDate(isoDate);
  const year = date.getUTCFullYear();
  return date.getUTCMonth() >= 3 ? year : year - 1;
}

/** The fiscal year (年度) the date falls in, in full: `2026-04-01` … `2027-03-31` → `令和8年度`, FY2019 → `令和元年度`. */
export function formatFiscalYear(isoDate: string): string {
  const { era, year } = toEraDate(new Date(Date.UTC(fiscalYearOf(isoDate), 11, 31)));
  return `${era}${year === 1 ? '元' : year}年度`;
}

/**
 * Short label of the fiscal year the date falls in; every date from 2026-04-01 to 2027-03-31 → `R8`.
 * A fiscal year is named after the era in force at the end of its calendar year, which matches usage across
 * era changes: FY2019 is 令和元年度 (R1) although 1 April 2019 was still 平成, FY1988 is 昭和63年度 (S63).
 */
export function fiscalYearEraLabel(isoDate: string): string {
  const fiscalYear = fiscalYearOf(isoDate);
  const { era, year } = toEraDate(new Date(Date.UTC(fiscalYear, 11, 31)));
  const letter = ERA_LETTERS[era];
  if (letter === undefined) throw new RangeError(`No abbreviation known for the era 「${era}」`);
  return `${letter}${year}`;
}

/*
 * Column values of raw query rows (getRawMany, DataSource.query), which TypeORM does not convert: the MySQL pool
 * (timezone 'Z', dateStrings off) answers Dates, SQLite the strings TypeORM stored, in UTC.
 */

/** A DATETIME column: SQLite stores 'YYYY-MM-DD HH:MM:SS.mmm'. */
export function rawInstant(value: Date | string): Date {
  return value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
}

/** A DATE column as 'YYYY-MM-DD' (MySQL's Date is midnight UTC). */
export function rawDate(value: Date | string): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : value.slice(0, 10);
}

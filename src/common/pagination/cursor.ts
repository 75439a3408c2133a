import { InvalidInputError } from '../errors/domain-error';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 50;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

/**
 * Keyset pagination: the cursor carries the sort key and id of the last row of the previous page, so page
 * 1,000 costs what page 1 costs. Opaque to clients (base64url JSON); a tampered cursor answers 400.
 */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/**
 * What each position of a list's cursor holds: a timestamp (canonical ISO, within what a DATETIME column takes),
 * a calendar date, a row id (UUID), a small non-negative integer (a sequence or a rank), or a short text (a
 * reading such as フリガナ).
 */
export type CursorField = 'timestamp' | 'date' | 'id' | 'integer' | 'text';

const CHECKS: Record<CursorField, (v: unknown) => boolean> = {
  timestamp: (v) =>
    typeof v === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v) &&
    !Number.isNaN(Date.parse(v)) &&
    new Date(v).toISOString() === v &&
    v >= '1970-01-01' &&
    v < '9999-12-31',
  date: (v) =>
    typeof v === 'string' &&
    /^\d{4}-\d{2}-\d{2}$/.test(v) &&
    new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v,
  id: (v) =>
    typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u.test(v),
  integer: (v) => Number.isSafeInteger(v) && (v as number) >= 0,
  // A sort key such as a company's reading (フリガナ): a string no longer than the columns it comes from.
  text: (v) => typeof v === 'string' && [...v].length <= 200,
};

/**
 * The previous page's last key, checked field by field against what the list's cursor holds: a cursor that was
 * tampered with, or taken from another list, answers 400 REQUEST.INVALID_CURSOR before it reaches a query.
 */
export function decodeCursor(
  cursor: string | undefined,
  fields: readonly CursorField[],
): (string | number)[] | null {
  if (cursor === undefined || cursor === '') return null;
  try {
    if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) throw new Error('shape');
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      !Array.isArray(parsed) ||
      parsed.length !== fields.length ||
      !fields.every((f, i) => CHECKS[f](parsed[i]))
    ) {
      throw new Error('shape');
    }
    return parsed as (string | number)[];
  } catch {
    throw new InvalidInputError('REQUEST.INVALID_CURSOR', 'ページ指定（cursor）が正しくありません。');
  }
}

/** Fetches one row more than asked to know whether another page exists. */
export function toPage<T, R>(
  rows: T[],
  limit: number,
  map: (row: T) => R,
  cursorOf: (row: T) => (string | number)[],
): Page<R> {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  return {
    items: items.map(map),
    nextCursor: hasMore ? encodeCursor(cursorOf(items[items.length - 1])) : null,
  };
}

/** Timestamps in cursors: the canonical ISO form, turned back into a Date for the query. */
export function cursorDate(value: string | number): Date {
  const date = new Date(value);
  if (typeof value !== 'string' || Number.isNaN(date.getTime())) {
    throw new InvalidInputError('REQUEST.INVALID_CURSOR', 'ページ指定（cursor）が正しくありません。');
  }
  return date;
}

import { DomainError } from '../errors/domain-error';
import { cursorDate, decodeCursor, encodeCursor, toPage } from './cursor';

const ID = '0b9f6a1e-3c2d-4e5f-8a7b-1c2d3e4f5a6b';
const raw = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

function refusal(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a domain error';
  }
  return undefined;
}

describe('paging cursor', () => {
  it('should read back what it wrote, field by field', () => {
    const values = ['2026-04-01T09:30:00.000Z', '2026-04-01', ID, 42];
    expect(decodeCursor(encodeCursor(values), ['timestamp', 'date', 'id', 'integer'])).toEqual(values);
  });

  it('should treat an absent or empty cursor as the first page', () => {
    expect(decodeCursor(undefined, ['id'])).toBeNull();
    expect(decodeCursor('', ['id'])).toBeNull();
  });

  it.each([
    ['a timestamp without milliseconds', ['2026-04-01T09:30:00Z'], ['timestamp']],
    ['a timestamp that is not canonical (month 13)', ['2026-13-01T09:30:00.000Z'], ['timestamp']],
    ['a timestamp before 1970', ['1969-12-31T23:59:59.000Z'], ['timestamp']],
    ['a timestamp beyond what DATETIME holds', ['9999-12-31T00:00:00.000Z'], ['timestamp']],
    ['a timestamp given as a number', [1_700_000_000_000], ['timestamp']],
    ['a date that does not exist', ['2026-02-30'], ['date']],
    ['a date with a time', ['2026-02-01T00:00:00.000Z'], ['date']],
    ['an id in upper case', [ID.toUpperCase()], ['id']],
    ['an id with a suffix', [`${ID}0`], ['id']],
    ['an id with a prefix', [`x${ID}`], ['id']],
    ['a negative integer', [-1], ['integer']],
    ['a fractional integer', [1.5], ['integer']],
    ['an integer given as a string', ['3'], ['integer']],
    ['too few fields', [ID], ['id', 'integer']],
    ['too many fields', [ID, 1, 2], ['id', 'integer']],
    ['an object instead of a list', { 0: ID }, ['id']],
  ] as const)('should refuse %s with REQUEST.INVALID_CURSOR', (_what, value, fields) => {
    expect(refusal(() => decodeCursor(raw(value), fields))).toBe('REQUEST.INVALID_CURSOR');
  });

  it('should refuse text that is not base64url JSON, and a cursor longer than 400 characters', () => {
    expect(refusal(() => decodeCursor('not+base64/', ['id']))).toBe('REQUEST.INVALID_CURSOR');
    expect(refusal(() => decodeCursor(Buffer.from('[1,').toString('base64url'), ['integer']))).toBe(
      'REQUEST.INVALID_CURSOR',
    );
    expect(refusal(() => decodeCursor('A'.repeat(401), ['id']))).toBe('REQUEST.INVALID_CURSOR');
  });

  it('should fetch one row more than the page and point the cursor at the last row shown', () => {
    const rows = [1, 2, 3].map((n) => ({ n }));
    const page = toPage(
      rows,
      2,
      (r) => r.n * 10,
      (r) => [r.n],
    );
    expect(page.items).toEqual([10, 20]);
    expect(decodeCursor(page.nextCursor ?? undefined, ['integer'])).toEqual([2]);
    expect(
      toPage(
        rows,
        3,
        (r) => r.n,
        (r) => [r.n],
      ).nextCursor,
    ).toBeNull();
  });

  it('should turn a cursor timestamp back into its instant, and refuse a number', () => {
    expect(cursorDate('2026-04-01T09:30:00.000Z').toISOString()).toBe('2026-04-01T09:30:00.000Z');
    expect(refusal(() => cursorDate(5))).toBe('REQUEST.INVALID_CURSOR');
    expect(refusal(() => cursorDate('yesterday'))).toBe('REQUEST.INVALID_CURSOR');
  });
});

import { japaneseDate, japaneseDateTime } from './view-helpers';

/** One look for dates on every page (issue 15): 和暦 for a date, 和暦 and the time in Japan for a moment. */
describe('the date helpers of the pages', () => {
  it('should print a date in 和暦, the first year of an era as 元年', () => {
    expect(japaneseDate('2026-12-05')).toBe('令和8年12月5日');
    expect(japaneseDate('2019-05-01')).toBe('令和元年5月1日');
  });

  it('should print the day in Japan of a timestamp, not its UTC day', () => {
    // 2026-12-04T15:30Z is 00:30 on 5 December in Japan.
    expect(japaneseDate('2026-12-04T15:30:00.000Z')).toBe('令和8年12月5日');
    expect(japaneseDateTime('2026-12-04T15:30:00.000Z')).toBe('令和8年12月5日 00:30');
    expect(japaneseDateTime('2026-12-05T05:03:00.000Z')).toBe('令和8年12月5日 14:03');
    expect(japaneseDateTime(new Date('2026-12-05T05:03:00.000Z'))).toBe('令和8年12月5日 14:03');
  });

  it('should print a bare date given as a moment as a date, and nothing for anything else', () => {
    expect(japaneseDateTime('2026-12-05')).toBe('令和8年12月5日');
    expect(japaneseDate('2026-02-30')).toBe('');
    expect(japaneseDate('')).toBe('');
    expect(japaneseDate(undefined)).toBe('');
    expect(japaneseDateTime('not a date')).toBe('');
  });
});

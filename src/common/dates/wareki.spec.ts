import { eraNameOf, fiscalYearEraLabel, fiscalYearOf, formatWareki } from './wareki';

describe('formatWareki', () => {
  it.each([
    ['2026-04-01', '令和8年4月1日'],
    ['2027-03-31', '令和9年3月31日'],
    ['2019-05-01', '令和元年5月1日'],
    ['2019-12-31', '令和元年12月31日'],
    ['2020-01-01', '令和2年1月1日'],
    ['2019-04-30', '平成31年4月30日'],
    ['1989-01-07', '昭和64年1月7日'],
    ['1989-01-08', '平成元年1月8日'],
    ['2028-02-29', '令和10年2月29日'],
  ])('should format %s as %s', (iso, expected) => {
    expect(formatWareki(iso)).toBe(expected);
  });

  it('should print 元年 even when ICU prints the first year as 1', () => {
    const spy = jest.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts').mockReturnValue([
      { type: 'era', value: '令和' },
      { type: 'year', value: '1' },
      { type: 'literal', value: '年' },
      { type: 'month', value: '5' },
      { type: 'literal', value: '月' },
      { type: 'day', value: '1' },
      { type: 'literal', value: '日' },
    ]);
    try {
      expect(formatWareki('2019-05-01')).toBe('令和元年5月1日');
    } finally {
      spy.mockRestore();
    }
  });

  it('should not depend on the process time zone', () => {
    // Parsing `YYYY-MM-DD` as local midnight would shift the day west of UTC.
    const original = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      expect(formatWareki('2026-04-01')).toBe('令和8年4月1日');
    } finally {
      process.env.TZ = original;
    }
  });

  it.each([
    '2026-4-1',
    '2026/04/01',
    '20260401',
    '2026-04-01T00:00:00Z',
    ' 2026-04-01',
    '2026-02-30',
    '2026-13-01',
    '2026-00-10',
    '',
  ])('should reject the malformed date %j with a TypeError', (bad) => {
    expect(() => formatWareki(bad)).toThrow(TypeError);
  });

  it('should reject a non-string with a TypeError', () => {
    expect(() => formatWareki(20260401 as unknown as string)).toThrow(TypeError);
  });

  it('should refuse dates before the Gregorian calendar was adopted in Japan', () => {
    expect(() => formatWareki('1872-12-31')).toThrow(RangeError);
  });
});

describe('eraNameOf', () => {
  it('should name the era in force on the date', () => {
    expect(eraNameOf('2019-04-30')).toBe('平成');
    expect(eraNameOf('2019-05-01')).toBe('令和');
  });
});

describe('fiscalYearOf', () => {
  it.each([
    ['2026-04-01', 2026],
    ['2027-03-31', 2026],
    ['2027-04-01', 2027],
    ['2026-01-15', 2025],
    ['2026-12-31', 2026],
  ])('should put %s in fiscal year %i', (iso, fy) => {
    expect(fiscalYearOf(iso)).toBe(fy);
  });

  it('should reject a malformed date with a TypeError', () => {
    expect(() => fiscalYearOf('2026-04-31')).toThrow(TypeError);
  });
});

describe('fiscalYearEraLabel', () => {
  it.each([
    ['2026-04-01', 'R8'],
    ['2026-12-31', 'R8'],
    ['2027-03-31', 'R8'],
    ['2027-04-01', 'R9'],
    ['2026-03-31', 'R7'],
    ['2019-04-01', 'R1'],
    ['2019-05-01', 'R1'],
    ['2020-03-31', 'R1'],
    ['2019-03-31', 'H30'],
    ['1989-03-31', 'S63'],
    ['1989-04-01', 'H1'],
  ])('should label %s as %s', (iso, label) => {
    expect(fiscalYearEraLabel(iso)).toBe(label);
  });

  it('should reject a malformed date with a TypeError', () => {
    expect(() => fiscalYearEraLabel('R8')).toThrow(TypeError);
  });
});

import { addMonths, periodsUpTo } from './periods';

describe('assessment periods', () => {
  const fiscalYear = { startDate: '2026-04-01', endDate: '2027-03-31' };

  it('should cut a fiscal year into quarters that have begun, each due 14 days after its end', () => {
    expect(periodsUpTo({ ...fiscalYear, assessmentFrequency: 'QUARTERLY' }, '2026-10-01', 14)).toEqual([
      { start: '2026-04-01', end: '2026-06-30', due: '2026-07-14' },
      { start: '2026-07-01', end: '2026-09-30', due: '2026-10-14' },
      { start: '2026-10-01', end: '2026-12-31', due: '2027-01-14' },
    ]);
  });

  it('should give a whole fiscal year one annual period, and nothing before the start', () => {
    expect(periodsUpTo({ ...fiscalYear, assessmentFrequency: 'ANNUAL' }, '2027-12-31', 14)).toEqual([
      { start: '2026-04-01', end: '2027-03-31', due: '2027-04-14' },
    ]);
    expect(periodsUpTo({ ...fiscalYear, assessmentFrequency: 'ANNUAL' }, '2026-03-31', 14)).toEqual([]);
  });

  it('should cut the last period at the end of the contract', () => {
    const periods = periodsUpTo(
      { startDate: '2026-04-01', endDate: '2026-11-15', assessmentFrequency: 'SEMIANNUAL' },
      '2030-01-01',
      7,
    );
    expect(periods).toEqual([
      { start: '2026-04-01', end: '2026-09-30', due: '2026-10-07' },
      { start: '2026-10-01', end: '2026-11-15', due: '2026-11-22' },
    ]);
  });

  it('should count months from the start date and clamp to the end of shorter months', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-01-31', 2)).toBe('2026-03-31');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    const monthly = periodsUpTo(
      { startDate: '2026-01-31', endDate: '2026-12-31', assessmentFrequency: 'MONTHLY' },
      '2026-04-30',
      14,
    );
    expect(monthly.map((p) => [p.start, p.end])).toEqual([
      ['2026-01-31', '2026-02-27'],
      ['2026-02-28', '2026-03-30'],
      ['2026-03-31', '2026-04-29'],
      ['2026-04-30', '2026-05-30'],
    ]);
  });
});

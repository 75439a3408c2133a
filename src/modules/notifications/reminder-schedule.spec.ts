import { daysUntil, reminderStep } from './reminder-schedule';

describe('reminder schedule', () => {
  it('should count calendar days across months and years', () => {
    expect(daysUntil('2026-07-07', '2026-07-14')).toBe(7);
    expect(daysUntil('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysUntil('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysUntil('2026-07-15', '2026-07-14')).toBe(-1);
  });

  it('should put each day before the due date into exactly one step of 7, 3 and 1', () => {
    const steps = [7, 3, 1];
    const byDay = [10, 8, 7, 6, 5, 4, 3, 2, 1, 0, -1, -30].map((d) => [
      d,
      reminderStep(d, steps, { overdue: true }),
    ]);
    expect(byDay).toEqual([
      [10, null],
      [8, null],
      [7, 7],
      [6, 7],
      [5, 7],
      [4, 7],
      [3, 3],
      [2, 3],
      [1, 1],
      [0, 1],
      [-1, 'overdue'],
      [-30, 'overdue'],
    ]);
  });

  it('should stop after the date when the schedule has no overdue step', () => {
    expect(reminderStep(61, [60, 30])).toBeNull();
    expect(reminderStep(60, [30, 60])).toBe(60);
    expect(reminderStep(31, [60, 30])).toBe(60);
    expect(reminderStep(30, [60, 30])).toBe(30);
    expect(reminderStep(0, [60, 30])).toBe(30);
    expect(reminderStep(-1, [60, 30])).toBeNull();
  });
});

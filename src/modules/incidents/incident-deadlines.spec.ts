import {
  daysLate,
  durationText,
  firstReportDueAt,
  minutesLate,
  writtenReportDueDate,
} from './incident-deadlines';

describe('the 事故発生時の報告 clause’s deadlines', () => {
  it('should end the first report’s hours at the very moment (民法第139条)', () => {
    const detected = new Date('2026-12-05T14:20:00+09:00');
    expect(firstReportDueAt(detected, 2).toISOString()).toBe(
      new Date('2026-12-05T16:20:00+09:00').toISOString(),
    );
  });

  it('should leave the day of detection out of the written report’s days (民法第140条), in Japan time', () => {
    // 23:30 in Japan on 5 December is still the 5th there, though it is the 5th 14:30 UTC.
    expect(writtenReportDueDate(new Date('2026-12-05T23:30:00+09:00'), 7)).toBe('2026-12-12');
    // 00:30 in Japan on the 6th is the 5th in UTC: Japan's date counts.
    expect(writtenReportDueDate(new Date('2026-12-06T00:30:00+09:00'), 7)).toBe('2026-12-13');
  });

  it('should count lateness in whole minutes between the printed (minute) times, and in days of Japan time', () => {
    const due = new Date('2026-12-05T16:20:00+09:00');
    expect(minutesLate(due, new Date('2026-12-05T16:20:00+09:00'))).toBe(0);
    // Printed 16時20分 both: on time, as the reader sees it.
    expect(minutesLate(due, new Date('2026-12-05T16:20:59+09:00'))).toBe(0);
    expect(minutesLate(due, new Date('2026-12-05T16:21:00+09:00'))).toBe(1);
    expect(minutesLate(due, new Date('2026-12-05T19:25:00+09:00'))).toBe(185);
    // The review's case: due 3時55分 (with seconds), received 6時55分 (with more seconds) is 3時間, not 3時間1分.
    const dueWithSeconds = new Date('2026-12-05T03:55:12+09:00');
    const received = new Date('2026-12-05T06:55:47+09:00');
    expect(minutesLate(dueWithSeconds, received)).toBe(180);
    expect(durationText(minutesLate(dueWithSeconds, received))).toBe('3時間');
    expect(minutesLate(due, new Date('2026-12-05T16:19:59+09:00'))).toBe(0);
    expect(daysLate('2026-12-12', new Date('2026-12-12T23:59:00+09:00'))).toBe(0);
    expect(daysLate('2026-12-12', new Date('2026-12-13T00:01:00+09:00'))).toBe(1);
    expect(daysLate('2026-12-12', new Date('2026-12-15T10:00:00+09:00'))).toBe(3);
  });

  it('should put a duration in words', () => {
    expect(durationText(185)).toBe('3時間5分');
    expect(durationText(60)).toBe('1時間');
    expect(durationText(1441)).toBe('1日1分');
    expect(durationText(0)).toBe('0分');
  });
});

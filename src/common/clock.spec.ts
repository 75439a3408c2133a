import { todayInJapan } from './clock';

describe('todayInJapan', () => {
  const intl = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });

  it.each([
    ['2026-03-31T14:59:59.999Z', '2026-03-31'],
    ['2026-03-31T15:00:00.000Z', '2026-04-01'],
    ['2026-12-31T15:00:00.000Z', '2027-01-01'],
    ['2028-02-28T15:00:00.000Z', '2028-02-29'],
  ])('should turn %s into the date in Japan, %s', (instant, expected) => {
    expect(todayInJapan(new Date(instant))).toBe(expected);
  });

  it('should agree with the Asia/Tokyo time zone of Intl every 7 hours over ten years', () => {
    const start = Date.UTC(2020, 0, 1);
    for (let t = start; t < start + 10 * 366 * 86_400_000; t += 7 * 3_600_000) {
      const at = new Date(t);
      expect(todayInJapan(at)).toBe(intl.format(at));
    }
  });
});

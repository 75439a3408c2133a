import { byUrgency, needsAttention, urgencyKey, type Rankable } from './urgency';

const row = (id: string, reading: string, counts: Partial<Rankable> = {}): Rankable => ({
  id,
  reading,
  escalatedOrders: 0,
  overdueOrders: 0,
  overdueAssessments: 0,
  expiredCertifications: 0,
  openFindings: 0,
  expiringCertifications: 0,
  ...counts,
});

describe('dashboard urgency order', () => {
  it('should rank escalated, overdue, expired, findings, expiring, then reading and id', () => {
    const rows = [
      row('00000000-0000-4000-8000-000000000007', 'ア'),
      row('00000000-0000-4000-8000-000000000006', 'イ', { expiringCertifications: 3 }),
      row('00000000-0000-4000-8000-000000000005', 'ウ', { openFindings: 1 }),
      row('00000000-0000-4000-8000-000000000004', 'エ', { expiredCertifications: 1, openFindings: 9 }),
      // Overdue orders and overdue self-assessments count together.
      row('00000000-0000-4000-8000-000000000003', 'オ', { overdueOrders: 1, overdueAssessments: 1 }),
      row('00000000-0000-4000-8000-000000000002', 'カ', { overdueAssessments: 1, expiredCertifications: 5 }),
      row('00000000-0000-4000-8000-000000000001', 'キ', { escalatedOrders: 1 }),
      row('00000000-0000-4000-8000-000000000000', 'ア'),
    ];
    const sorted = [...rows].map(urgencyKey).sort(byUrgency);
    expect(sorted.map((k) => k[5])).toEqual(['キ', 'オ', 'カ', 'エ', 'ウ', 'イ', 'ア', 'ア']);
    // Same counts and reading: the id decides, so the order is total and a key is a cursor.
    expect(sorted[6][6]).toBe('00000000-0000-4000-8000-000000000000');
    expect(byUrgency(sorted[3], sorted[3])).toBe(0);
  });

  it('should say a contractor needs attention when any ranked count is above zero', () => {
    expect(needsAttention(urgencyKey(row('x', 'ア')))).toBe(false);
    for (const key of [
      'escalatedOrders',
      'overdueOrders',
      'overdueAssessments',
      'expiredCertifications',
      'openFindings',
      'expiringCertifications',
    ] as const) {
      expect(needsAttention(urgencyKey(row('x', 'ア', { [key]: 1 })))).toBe(true);
    }
  });
});

import {
  commissionDueDates,
  commissionGrounds,
  COMMISSION_GROUND_LABELS,
  COMMISSION_RULES,
} from './commission-rules';

const none = {
  kind: 'LEAK',
  persons: 0,
  sensitive: false,
  myNumber: false,
  financialHarm: false,
  unlawfulPurpose: false,
};

describe('the body’s report to the 個人情報保護委員会 (個人情報保護法 第68条)', () => {
  it('should call for none without personal information, or with 100 persons and nothing else', () => {
    expect(commissionGrounds(null)).toEqual([]);
    expect(commissionGrounds({ ...none, persons: 100 })).toEqual([]);
  });

  it('should name each ground that applies, in a fixed order', () => {
    expect(commissionGrounds({ ...none, persons: 101 })).toEqual(['OVER_THRESHOLD']);
    expect(commissionGrounds({ ...none, sensitive: true })).toEqual(['SENSITIVE']);
    expect(commissionGrounds({ ...none, financialHarm: true })).toEqual(['FINANCIAL_HARM']);
    expect(commissionGrounds({ ...none, myNumber: true })).toEqual(['MY_NUMBER']);
    expect(
      commissionGrounds({ ...none, kind: 'UNAUTHORIZED_ACCESS', persons: 500, sensitive: true }),
    ).toEqual(['SENSITIVE', 'UNLAWFUL_PURPOSE', 'OVER_THRESHOLD']);
  });

  it('should take 不正アクセス and マルウェア as a suspected unlawful purpose, and one reported as such', () => {
    expect(commissionGrounds({ ...none, kind: 'MALWARE' })).toEqual(['UNLAWFUL_PURPOSE']);
    expect(commissionGrounds({ ...none, kind: 'LOSS', unlawfulPurpose: true })).toEqual(['UNLAWFUL_PURPOSE']);
  });

  it('should count the day the body learned of it as day 1, with 60 days for the 確報 where the purpose was unlawful', () => {
    expect(COMMISSION_RULES).toMatchObject({
      promptReportDays: 5,
      finalReportDays: 30,
      finalReportDaysUnlawful: 60,
    });
    expect(commissionDueDates('2027-01-30', ['SENSITIVE'])).toEqual({
      PROMPT: '2027-02-03',
      FINAL: '2027-02-28',
    });
    expect(commissionDueDates('2027-01-30', ['UNLAWFUL_PURPOSE'])).toEqual({
      PROMPT: '2027-02-03',
      FINAL: '2027-03-30',
    });
  });

  it('should word each ground so a legal officer sees which rule to confirm, each label standing alone', () => {
    // The 100-person threshold is in the 施行規則 (第43条第4号 for 行政機関等), not in the Act's 第68条 itself.
    expect(COMMISSION_GROUND_LABELS.OVER_THRESHOLD).toBe(
      '本人の数が100人を超える（個人情報の保護に関する法律第68条第1項、同法施行規則第43条第4号）',
    );
    expect(COMMISSION_GROUND_LABELS.MY_NUMBER).toBe(
      '特定個人情報が含まれる（番号法及び特定個人情報の漏えい等に関する報告等に関する規則に該当するかを確認してください。）',
    );
    for (const label of Object.values(COMMISSION_GROUND_LABELS)) expect(label).not.toContain('同項');
  });
});

import { loadSelectionCatalogue } from './selection-catalogue';
import { certificationFlags, describeMissing, missingItems } from './selection-review';
import * as path from 'path';

const contract = { startDate: '2026-04-01', workLocations: ['本庁舎3階電算室'] };
const isms = {
  type: 'ISMS' as const,
  validFrom: '2025-04-01',
  validUntil: '2028-03-31',
  scope: '本社及び本庁舎３階　電算室における運用保守業務',
};

describe('the selection review', () => {
  it('should flag a certification that has expired or not yet begun on the start date', () => {
    expect(certificationFlags({ ...isms, validUntil: '2026-03-31' }, contract)).toEqual([
      {
        code: 'EXPIRED',
        message: '契約の開始日（令和8年4月1日）には有効期限（令和8年3月31日）を過ぎている。',
      },
    ]);
    // Valid through the start date itself: no flag.
    expect(certificationFlags({ ...isms, validUntil: '2026-04-01' }, contract)).toEqual([]);
    expect(certificationFlags({ ...isms, validFrom: '2026-04-02' }, contract).map((f) => f.code)).toEqual([
      'NOT_YET_VALID',
    ]);
  });

  it('should match the work place in the scope ignoring width and spaces, and flag a scope without it', () => {
    expect(certificationFlags(isms, contract)).toEqual([]);
    expect(certificationFlags({ ...isms, scope: '本社における受託開発業務' }, contract)).toEqual([
      {
        code: 'SCOPE_MISSING_SITE',
        message: '適用範囲に作業場所（「本庁舎3階電算室」）が含まれていない。',
      },
    ]);
    expect(certificationFlags({ ...isms, scope: null }, contract).map((f) => f.code)).toEqual([
      'SCOPE_NOT_RECORDED',
    ]);
    // A プライバシーマーク covers the business as a whole: no scope to check.
    expect(certificationFlags({ ...isms, type: 'PRIVACY_MARK', scope: null }, contract)).toEqual([]);
  });

  it('should list what a selection lacks, and say it in Japanese', () => {
    const catalogue = loadSelectionCatalogue(path.resolve('templates/selection'));
    const applicable = catalogue.criteria.filter((c) => c.code !== 'CLOUD_ISMAP');
    expect(missingItems(null, applicable)).toEqual([
      'method',
      'criteria.SECURITY_CERTIFICATION',
      'criteria.NO_SUSPENSION',
      'criteria.ORGANIZATION_AND_STAFF',
      'criteria.PAST_INCIDENTS',
      'reason',
    ]);
    const partial = {
      method: 'OPEN_TENDER' as const,
      reason: '  ',
      criteria: applicable.slice(1).map((c) => ({ code: c.code, met: true, note: null, evidence: null })),
    };
    const missing = missingItems(partial, applicable);
    expect(missing).toEqual(['criteria.SECURITY_CERTIFICATION', 'reason']);
    expect(describeMissing(missing, applicable)).toBe(
      '確認項目「情報セキュリティに関する第三者認証」、選定理由',
    );
  });
});

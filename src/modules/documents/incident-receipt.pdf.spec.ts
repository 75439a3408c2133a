import { renderIncidentReceiptPdf } from './incident-receipt.pdf';
import { incidentReceiptFixture } from './testing/incident-receipt.fixture';
import { assertNoOrphanLines } from './testing/pdf-pages';
import { pdfText, squash } from './testing/pdf-tools';

const textOf = (pdf: Buffer): string => squash(pdfText(pdf, 'plain').join('\n'));

describe('事故報告受付通知書 (PDF)', () => {
  it('should print the header, the report received, the late first report, the written report due and the contact', () => {
    const pdf = renderIncidentReceiptPdf(incidentReceiptFixture());
    const text = textOf(pdf);
    for (const expected of [
      '置広情第42号',
      '令和8年12月7日',
      '代表取締役 髙橋 一郎　様',
      '情報セキュリティ管理者　米沢 一郎',
      '（公印省略）',
      '事故の報告の受付について（通知）',
      '（以下「特記事項」という。）第18条第1項の規定に基づき令和8年12月5日19時25分に乙から報告のあった事故について',
      '事故の種類誤送信・誤送付',
      '乙が知った日時令和8年12月5日14時20分',
      '報告を受けた日時令和8年12月5日19時25分',
      '誤送信先からは、同日中に削除した旨の報告を受けている。',
      '対象となった情報住民3名分の氏名、住所及び税額（納税通知書の発送データ）',
      '個人情報含まれる',
      '本人の数3人（見込みを含む。）',
      '要配慮個人情報含まれない',
      '特定個人情報含まれない',
      '講じた措置（報告時点）誤送信先に削除を依頼し、削除した旨の報告を受けた。',
      '送信先の確認の手順を見直すまで、電子メールによる送付を停止した。',
      '特記事項第18条第1項の規定により、第一報の期限は、乙が事故又はそのおそれを知った時から2時間以内（令和8年12月5日16時20分まで）である。この報告は、その期限を3時間5分経過して行われた。',
      '特記事項第18条第2項の規定により、令和8年12月12日（乙が事故又はそのおそれを知った時から7日以内）までに、事故の原因、被害の範囲、講じた措置及び再発防止策を記載した報告書を甲に提出すること。',
      '特記事項第18条第3項の規定により、直ちに被害の拡大の防止',
      '電話0238-88-0000',
      '以上',
    ])
      expect({ expected, found: text.includes(squash(expected)) }).toEqual({ expected, found: true });
    expect(text).not.toContain('発生日時');
    expect(text).not.toContain(squash('乙が事故を知った'));
    assertNoOrphanLines(pdf);
  });

  it('should say when no personal information and no measure were reported', () => {
    const base = incidentReceiptFixture().incident;
    const text = textOf(
      renderIncidentReceiptPdf(
        incidentReceiptFixture({
          incident: { ...base, personalInfo: null, containment: null },
        }),
      ),
    );
    expect(text).toContain(squash('個人情報含まれない'));
    expect(text).not.toContain(squash('本人の数'));
    expect(text).toContain(squash('講じた措置（報告時点）報告なし'));
  });

  it('should say the report came in time, and that the written report is already in', () => {
    const text = textOf(
      renderIncidentReceiptPdf(
        incidentReceiptFixture({
          firstReport: { hours: 2, dueAt: '令和8年12月5日16時20分', lateBy: null },
          writtenReport: { days: 7, dueDate: '2026-12-12', submitted: true },
        }),
      ),
    );
    expect(text).toContain(squash('この報告は、その期限内に行われた。'));
    expect(text).toContain(squash('第18条第2項に規定する報告書は、既に提出を受けている。'));
  });

  it('should give the same bytes for the same input, and refuse an input without a summary', () => {
    expect(
      renderIncidentReceiptPdf(incidentReceiptFixture()).equals(
        renderIncidentReceiptPdf(incidentReceiptFixture()),
      ),
    ).toBe(true);
    expect(() =>
      renderIncidentReceiptPdf(
        incidentReceiptFixture({ incident: { ...incidentReceiptFixture().incident, summary: ' ' } }),
      ),
    ).toThrow('帳票の入力が正しくありません。');
  });
});

import { renderExternalServiceApplicationPdf } from './external-service-application.pdf';
import { renderExternalServicePermitPdf } from './external-service-permit.pdf';
import { renderExternalServiceRegisterPdf } from './external-service-register.pdf';
import { assertNoOrphanLines, readPdfPages } from './testing/pdf-pages';
import { pdfText, squash } from './testing/pdf-tools';
import {
  externalServiceApplicationFixture,
  externalServiceFactsFixture,
  externalServicePermitFixture,
  externalServiceRefusalFixture,
  externalServiceRegisterFixture,
} from './testing/external-service.fixture';

const textOf = (pdf: Buffer): string => squash(pdfText(pdf, 'plain').join('\n'));

function expectAll(text: string, expected: string[]): void {
  for (const e of expected)
    expect({ expected: e, found: text.includes(squash(e)) }).toEqual({ expected: e, found: true });
}

describe('外部サービス利用申請書 (PDF)', () => {
  it('should print the header, the policy article and every part of the service as applied for', () => {
    const text = textOf(renderExternalServiceApplicationPdf(externalServiceApplicationFixture()));
    expectAll(text, [
      '置広情第41号',
      '令和8年6月1日',
      '情報セキュリティ管理者　南陽 次郎　様',
      '申請者　長井 花子',
      '外部サービス利用申請書',
      '情報セキュリティ基本方針第6条第6号イ及びこれに基づく外部サービスの利用に関する規定により、下記のとおり外部サービスの利用を申請します。',
      'サービスの名称おきたまWeb会議サービス',
      '法人番号7000012050002',
      '取り扱う情報の格付機密性2まで',
      '個人情報を取り扱う（特定個人情報を含まない。）',
      'データの保存場所日本国内（東京リージョン及び大阪リージョン）',
      '確認の結果秘密の保持：適',
      '一方的な変更がないこと：否',
      'ISMAP（登録番号 C22-0123-2、令和9年3月31日まで有効。令和8年5月20日確認）',
      '外部サービス管理者長井 花子',
      '見直しの間隔12か月',
      '以上',
    ]);
  });

  it('should say so where there is no ISMAP registration and no 約款', () => {
    const text = textOf(
      renderExternalServiceApplicationPdf(
        externalServiceApplicationFixture({
          documentNumber: null,
          service: externalServiceFactsFixture({
            ismap: null,
            terms: null,
            alternativeEvaluation: '提供者の監査報告書（SOC2 Type2）により、管理策の運用を確認した。',
          }),
        }),
      ),
    );
    expectAll(text, [
      'ISMAP等の登録登録なし',
      '約款による利用ではない（個別契約による。）',
      '代替の評価提供者の監査報告書',
    ]);
    expect(text).not.toContain('置広情第');
  });
});

describe('外部サービス利用許可通知書 / 不許可通知書 (PDF)', () => {
  it('should print the approval with the standard conditions and the decider’s own', () => {
    const text = textOf(renderExternalServicePermitPdf(externalServicePermitFixture()));
    expectAll(text, [
      '置広情第45号',
      '長井 花子　様',
      '情報セキュリティ管理者　南陽 次郎',
      '（公印省略）',
      '外部サービスの利用の許可について（通知）',
      '令和8年6月1日付け置広情第41号で申請のあった外部サービス（おきたまWeb会議サービス）の利用については',
      '下記の条件を付して許可します。',
      '1許可する外部サービス',
      '2利用の条件',
      '(1)本サービスでは、1に記載した利用の目的の範囲内で、機密性2までの情報に限り取り扱うこと。',
      'ISMAPの登録の有効期限（令和9年3月31日）を管理し',
      '令和9年6月10日までに利用の継続について見直しを受けること。以後も、12か月ごとに同様とする。',
      '利用を終了するときは、本サービスに保存した情報の消去を確認し、その結果を報告すること。',
      '(8)録画機能は、会議の参加者全員の同意を得た場合に限り用いること。',
      '3根拠',
      '電話0238-88-0000',
      '以上',
    ]);
  });

  it('should print the reason and the prohibition of a refusal, and no conditions', () => {
    const text = textOf(renderExternalServicePermitPdf(externalServiceRefusalFixture()));
    expectAll(text, [
      '外部サービスの利用の不許可について（通知）',
      '許可しないこととしたので、下記のとおり通知します。',
      '2許可しない理由',
      '利用の条件が一方的に変更されるおそれを否定できない。',
      'この外部サービスには、本組合の情報を保存し、又は処理させてはならない。',
    ]);
    expect(text).not.toContain('利用の条件(1)');
  });

  it('should refuse a refusal without a reason before rendering', () => {
    let thrown: unknown;
    try {
      renderExternalServicePermitPdf({ ...externalServiceRefusalFixture(), note: null });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'DOCUMENT.INVALID_INPUT' });
  });

  it('should give the same bytes for the same input, and start no page with a lone line when long', () => {
    const a = renderExternalServicePermitPdf(externalServicePermitFixture());
    expect(renderExternalServicePermitPdf(externalServicePermitFixture()).equals(a)).toBe(true);
    const long = renderExternalServicePermitPdf(
      externalServicePermitFixture({
        note: Array.from(
          { length: 12 },
          (_, i) => `追加の条件${i + 1}として、利用の状況を四半期ごとに報告すること。`,
        ).join('\n'),
      }),
    );
    expect(readPdfPages(long).length).toBeGreaterThan(1);
    assertNoOrphanLines(long);
    assertNoOrphanLines(renderExternalServiceApplicationPdf(externalServiceApplicationFixture()));
  });
});

describe('外部サービス台帳 (PDF)', () => {
  it('should print when it was made, the filters, the count and one row per service with what needs action', () => {
    const text = textOf(renderExternalServiceRegisterPdf(externalServiceRegisterFixture()));
    expectAll(text, [
      '令和8年12月6日9時05分現在',
      '外部サービス台帳',
      '抽出条件すべて',
      '件数3件',
      'おきたまWeb会議サービス',
      'ISMAP C21-0007-1',
      '※ISMAP期',
      '登録なし',
      'この台帳は、令和8年12月6日9時05分現在の登録内容を、請求に応じて出力したものである。',
      '以上',
    ]);
  });

  it('should say that nothing matched, and keep the header on every page of a long register', () => {
    expect(textOf(renderExternalServiceRegisterPdf(externalServiceRegisterFixture({ rows: [] })))).toContain(
      squash('該当する外部サービスはない。'),
    );
    const base = externalServiceRegisterFixture();
    const pdf = renderExternalServiceRegisterPdf({
      ...base,
      rows: Array.from({ length: 15 }, () => base.rows).flat(),
    });
    const pages = pdfText(pdf, 'plain');
    expect(pages.length).toBeGreaterThan(2);
    for (const page of pages) expect(squash(page)).toContain(squash('ISMAP等'));
  });
});

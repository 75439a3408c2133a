import { writeFileSync } from 'node:fs';
import { renderContractorSelectionPdf } from './contractor-selection.pdf';
import { assertNoOrphanLines, readPdfPages } from './testing/pdf-pages';
import { contractorSelectionFixture as fixture } from './testing/contractor-selection.fixture';
import { pdfText, squash } from './testing/pdf-tools';

describe('委託先選定調書 (PDF)', () => {
  it('should print the contract, the contractor, the method, each criterion with its result, note and flags, the reason and the decision', () => {
    const pdf = renderContractorSelectionPdf(fixture());
    if (process.env.SELECTION_PDF_OUT) writeFileSync(process.env.SELECTION_PDF_OUT, pdf);
    const text = squash(pdfText(pdf, 'plain').join('\n'));
    for (const expected of [
      '置広情第31号',
      '令和8年3月25日',
      '委託先選定調書',
      '住民情報システム運用保守業務委託の委託先を、下記のとおり選定した。',
      '契約期間令和8年4月1日から令和9年3月31日まで',
      '作業場所置賜広域行政事務組合本庁舎3階電算室及び乙の本社（山形県長井市）',
      '名称株式会社置賜データサービス',
      '法人番号7000012050002',
      '3選定の方法指名競争入札',
      '(1)情報セキュリティに関する第三者認証　適合',
      '確認資料ISMS 登録証（IS 500002）の写し',
      '有効期限（令和8年3月31日）を過ぎている。',
      'クラウドサービスの利用あり',
      '(4)過去の事故の状況　不適合',
      '再発防止策として送信前の複数人確認が導入されたことを確認した。',
      '5選定理由',
      '業務の履行に支障はないと判断した。',
      '決定者情報政策係長　長井 花子',
      '決定日令和8年3月20日',
      '契約の承認令和8年3月25日（総務課長　南陽 次郎）',
      '以上',
    ])
      expect({ expected, found: text.includes(squash(expected)) }).toEqual({ expected, found: true });
    expect(text).not.toMatch(/[０-９]/u);
    // An empty note prints no row (「記載なし」 would read as "nothing was found"); flags are in である調.
    expect(text).not.toContain('記載なし');
    expect(text).not.toMatch(/ています|ません/u);
    assertNoOrphanLines(readPdfPages(pdf));
  });

  it('should give the same bytes for the same input', () => {
    expect(renderContractorSelectionPdf(fixture()).equals(renderContractorSelectionPdf(fixture()))).toBe(
      true,
    );
  });

  it('should refuse an input without a reason', () => {
    expect(() => renderContractorSelectionPdf(fixture({ reason: ' ' }))).toThrow(/帳票の入力/);
  });
});

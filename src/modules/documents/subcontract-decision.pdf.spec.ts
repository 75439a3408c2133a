import { renderSubcontractDecisionPdf } from './subcontract-decision.pdf';
import { assertNoOrphanLines, readPdfPages } from './testing/pdf-pages';
import { pdfText, squash } from './testing/pdf-tools';
import {
  subcontractDecisionFixture,
  subcontractRejectionFixture,
} from './testing/subcontract-decision.fixture';

const textOf = (pdf: Buffer): string => squash(pdfText(pdf, 'plain').join('\n'));

describe('再委託承認通知書 / 不承認通知書 (PDF)', () => {
  it('should print the 公文書 header, the request, the conditions, the 根拠 and the contact of an approval', () => {
    const text = textOf(renderSubcontractDecisionPdf(subcontractDecisionFixture()));
    for (const expected of [
      '置広情第27号',
      '令和8年6月15日',
      '株式会社置賜データサービス',
      '代表取締役 髙橋 一郎　様',
      '総務課長　南陽 次郎',
      '（公印省略）',
      '再委託の承認について（通知）',
      '令和8年5月29日付けで申請のあった再委託については',
      '第16条第1項ただし書の規定により、下記のとおり承認します。',
      '再委託先米沢データ印刷株式会社',
      '法人番号7000012050002',
      '再委託元長井システム開発株式会社（承認済みの再委託先）',
      '山﨑 花子（封入封緘作業責任者）',
      '開始予定日令和8年7月1日',
      '(1)特記事項第16条第3項の規定により',
      '(4)作業の開始及び終了の都度',
      '3根拠情報セキュリティに関する特記事項　第16条第1項ただし書（再委託の制限）',
      '電話0238-88-0000',
      '以上',
    ])
      expect({ expected, found: text.includes(squash(expected)) }).toEqual({ expected, found: true });
  });

  it('should print the reason and the prohibition of a refusal, and no conditions', () => {
    const text = textOf(renderSubcontractDecisionPdf(subcontractRejectionFixture()));
    expect(text).toContain(squash('再委託の不承認について（通知）'));
    expect(text).toContain(squash('の規定による承認をしないこととしたので、下記のとおり通知します。'));
    expect(text).toContain(squash('2承認しない理由'));
    expect(text).toContain(squash('研修の受講状況が示されていない。'));
    expect(text).toContain(
      squash('乙は、この申請に係る再委託先に本業務の全部又は一部を行わせてはならない。'),
    );
    expect(text).not.toContain('承認の条件');
  });

  it('should fall back to the clause by name where the signed text names no article, and print no seal line when the seal is used', () => {
    const text = textOf(
      renderSubcontractDecisionPdf(
        subcontractDecisionFixture({ authority: null, sealOmitted: false, documentNumber: null }),
      ),
    );
    expect(text).toContain(
      squash('（以下「特記事項」という。）の再委託の制限に関する規定により、下記のとおり承認します。'),
    );
    expect(text).not.toContain('公印省略');
    expect(text).not.toContain('第16条');
  });

  it('should give the same bytes for the same input, and other bytes for another number', () => {
    const a = renderSubcontractDecisionPdf(subcontractDecisionFixture());
    expect(renderSubcontractDecisionPdf(subcontractDecisionFixture()).equals(a)).toBe(true);
    expect(
      renderSubcontractDecisionPdf(subcontractDecisionFixture({ documentNumber: '置広情第29号' })).equals(a),
    ).toBe(false);
  });

  it('should start no page with a lone line, even with thirty workers and a long reason', () => {
    const long = subcontractRejectionFixture();
    const pdf = renderSubcontractDecisionPdf({
      ...long,
      note: `${long.note}\n`.repeat(4),
      request: {
        ...long.request,
        workers: Array.from({ length: 30 }, (_, i) => ({ name: `従事者 ${i + 1}`, role: '封入封緘作業' })),
      },
    });
    expect(readPdfPages(pdf).length).toBeGreaterThan(1);
    assertNoOrphanLines(pdf);
  });

  it('should refuse a refusal without a reason before rendering', () => {
    let thrown: unknown;
    try {
      renderSubcontractDecisionPdf({ ...subcontractRejectionFixture(), note: null });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'DOCUMENT.INVALID_INPUT' });
    expect((thrown as { details?: unknown }).details).toEqual([
      { path: 'note', problem: 'must be a non-empty string' },
    ]);
  });
});

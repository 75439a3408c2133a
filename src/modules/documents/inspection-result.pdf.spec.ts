import { renderInspectionResultPdf } from './inspection-result.pdf';
import { plainQuestion } from './japanese-format';
import { inspectionResultFixture } from './testing/inspection-result.fixture';
import { assertNoOrphanLines } from './testing/pdf-pages';
import { pdfText, squash } from './testing/pdf-tools';

const textOf = (pdf: Buffer): string => squash(pdfText(pdf, 'plain').join('\n'));

describe('検査結果通知書 (PDF)', () => {
  it('should print the header, the inspection, the result per article, the nonconformities and what follows', () => {
    const pdf = renderInspectionResultPdf(inspectionResultFixture());
    const text = textOf(pdf);
    for (const expected of [
      '置広情第31号',
      '令和8年7月10日',
      '代表取締役 髙橋 一郎　様',
      '情報セキュリティ管理者　米沢 一郎',
      '（公印省略）',
      '情報セキュリティに関する検査の結果について（通知）',
      '特記事項第19条第1項の規定に基づき、令和8年7月1日に立入検査を実施しましたので',
      '種別立入検査',
      '場所山形県長井市ままの上5番1号 受託者作業室',
      '検査員長井 花子、米沢 一郎',
      '事前の通知なし（特記事項第19条第3項の規定による。）',
      '特記事項　第14条（外部記録媒体の管理）　適合1件、不適合1件',
      '特記事項　第9条（作業場所の特定）　適合1件、不適合0件、未確認1件',
      '（総評）作業場所の入退室管理は適切に行われていたが',
      '(1)第14条第2項（外部記録媒体の管理）',
      // The catalogue's polite question, stated plainly in the record; what was found, so labelled.
      '検査項目外部記録媒体を持ち出すときは、管理台帳に記録しているか。',
      '確認した事実令和8年6月中に持ち出した USB メモリ2点について',
      '(2)第19条第4項（監査及び検査）',
      '4推奨事項',
      '(1)第5条（秘密の保持）',
      '特記事項第20条第1項の規定に基づき、甲から別途改善を指示することがある。',
      '電話0238-88-0000',
      '以上',
    ])
      expect({ expected, found: text.includes(squash(expected)) }).toEqual({ expected, found: true });
    assertNoOrphanLines(pdf);
    expect(text).not.toContain('ますか。');
    expect(text).not.toContain('確認事項');
  });

  it('should print the counts of each article on a line of their own, and keep a heading with its first item', () => {
    const pages = pdfText(renderInspectionResultPdf(inspectionResultFixture()), 'plain').map((p) =>
      p.split('\n').map(squash),
    );
    const lines = pages.flat();
    const at = lines.indexOf(squash('特記事項　第9条（作業場所の特定）'));
    expect(lines[at + 1]).toBe(squash('適合1件、不適合0件、未確認1件'));
    // The heading, its lead sentence and item (1) open the same page.
    const page = pages.find((p) => p.includes(squash('3適合していない事項')));
    expect(page).toBeDefined();
    const heading = page?.indexOf(squash('3適合していない事項')) ?? -1;
    expect(page?.[heading + 2]).toBe(squash('(1)第14条第2項（外部記録媒体の管理）'));
  });

  it('should say no nonconformity was found and drop the recommendations when there are none', () => {
    const text = textOf(
      renderInspectionResultPdf(
        inspectionResultFixture({
          nonconformities: [],
          recommendations: [],
          inspection: {
            ...inspectionResultFixture().inspection,
            kind: 'DOCUMENT',
            place: null,
            announced: true,
          },
        }),
      ),
    );
    expect(text).toContain(squash('特記事項の定めに適合していない事項は認められなかった。'));
    expect(text).toContain(squash('に書面監査を実施しました'));
    expect(text).toContain(squash('事前の通知あり'));
    expect(text).not.toContain('推奨事項');
    expect(text).not.toContain(squash('場所山形'));
    expect(text).toContain(squash('4今後の対応引き続き、特記事項の定めを遵守すること。'));
  });

  it('should give the same bytes for the same input, and refuse an input without inspectors', () => {
    expect(
      renderInspectionResultPdf(inspectionResultFixture()).equals(
        renderInspectionResultPdf(inspectionResultFixture()),
      ),
    ).toBe(true);
    expect(() =>
      renderInspectionResultPdf(
        inspectionResultFixture({ inspection: { ...inspectionResultFixture().inspection, inspectors: [] } }),
      ),
    ).toThrow('帳票の入力が正しくありません。');
  });
});

describe('plainQuestion', () => {
  it('should state the catalogue polite questions in plain form, and keep any other ending', () => {
    expect(plainQuestion('管理台帳に記録していますか。')).toBe('管理台帳に記録しているか。');
    expect(plainQuestion('従事者の変更がありましたか。')).toBe('従事者の変更があったか。');
    expect(plainQuestion('研修を実施しましたか。')).toBe('研修を実施したか。');
    expect(plainQuestion('記録しているか。')).toBe('記録しているか。');
  });
});

import { InvalidInputError } from '../../common/errors/domain-error';
import { assertNoOrphanLines, bodyLines, readPdfPages } from './testing/pdf-pages';
import { pdfFonts, pdfText, squash } from './testing/pdf-tools';
import { workerRosterFixture } from './testing/worker-roster.fixture';
import type { WorkerRosterInput } from './worker-roster';
import { acknowledgementText, renderWorkerRosterPdf } from './worker-roster.pdf';

/** A roster long enough for several pages: the fixture's three entries over and over. */
function longRoster(): WorkerRosterInput {
  const base = workerRosterFixture();
  return workerRosterFixture({
    workers: Array.from({ length: 45 }, (_, i) => ({ ...base.workers[i % 3], name: `従事者 ${i + 1}号` })),
  });
}

describe('従事者名簿 (PDF)', () => {
  const pdf = renderWorkerRosterPdf(workerRosterFixture());
  const text = squash(pdfText(pdf, 'plain').join(''));

  it('should print the heading block: title, as-of date in 和暦, contract, parties, places and the 受理 state', () => {
    for (const expected of [
      '令和8年12月5日現在',
      '従事者名簿',
      '契約番号R8-情政-0012',
      '件名住民情報システム運用保守業務委託',
      '契約期間令和8年4月1日から令和9年3月31日まで',
      '委託者（甲）置賜広域行政事務組合',
      '受託者（乙）株式会社置賜データサービス',
      '作業場所置賜広域行政事務組合本庁舎3階電算室及び乙の米沢開発センター（山形県米沢市）',
      '受理の状況変更あり・未受理（令和8年11月30日、契約担当が第3版を受理した後に変更）',
      '従事者数3名',
    ]) {
      expect(text).toContain(squash(expected));
    }
  });

  it('should print one row per worker with employer, tier, type, role, place and the dates in 和暦', () => {
    const [page] = readPdfPages(pdf);
    const rows = bodyLines(page).map((l) => squash(l.text));
    // Each row's first line: number, name, employer, type, role, place, training, pledge, 受理.
    expect(rows).toContain(
      squash('1 置賜 花子 株式会社置賜データ 従業員・ 業務責任者 置賜広域行政事務 令和8年 令和8年 受理済み'),
    );
    for (const expected of [
      '（受託者）',
      '派遣元：株式会社米沢',
      '（再委託先・第2次）',
      '個人事業',
      '未受講',
      '未提出',
      '4月10日',
      '12月31日',
      '5月20日',
      '未受理',
      '最後の受理の後に、1名の従事者が名簿から削除されている。',
      '以上',
    ]) {
      expect(text).toContain(squash(expected));
    }
    expect(text).toContain('R8-情政-0012第5版照合番号abababababababab');
  });

  it('should word the acknowledgement for every state', () => {
    const base = workerRosterFixture();
    expect(
      acknowledgementText({ ...base, acknowledgement: { ...base.acknowledgement, status: 'ACKNOWLEDGED' } }),
    ).toBe('受理済み（令和8年11月30日、契約 担当が第3版を受理）');
    expect(
      acknowledgementText({
        ...base,
        acknowledgement: { status: 'UNACKNOWLEDGED', date: null, by: null, revision: null },
      }),
    ).toBe('未受理（甲による受理はまだ行われていない。）');
  });

  it('should give the same bytes for the same roster', () => {
    expect(renderWorkerRosterPdf(workerRosterFixture()).equals(pdf)).toBe(true);
  });

  it('should embed every font, as a subset with a Unicode map', () => {
    const fonts = pdfFonts(pdf);
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual([
      'NotoSerifJP-Regular',
      'NotoSerifJP-SemiBold',
    ]);
    for (const font of fonts) expect(font).toMatchObject({ embedded: true, subset: true, unicode: true });
  });

  it('should repeat the table heading on every page and keep each row whole, with no orphan line', () => {
    const pages = readPdfPages(renderWorkerRosterPdf(longRoster()));
    const textOf = (lines: { text: string }[]): string => squash(lines.map((l) => l.text).join(''));
    const tablePages = pages.filter((p) => /従事者\d+号/.test(textOf(p.lines)));
    expect(tablePages.length).toBeGreaterThanOrEqual(3);
    for (const page of tablePages) {
      expect(textOf(bodyLines(page))).toContain('番号氏名所属する事業者雇用形態役割作業場所');
    }
    for (const page of pages) {
      expect(squash(page.lines.at(-1)?.text ?? '')).toContain(`${page.number}/${pages.length}`);
    }
    const all = pages.map((p) => textOf(p.lines)).join('');
    for (let n = 1; n <= 45; n++) expect(all).toContain(`従事者${n}号`);
    assertNoOrphanLines(pages);
    // The notes and 「以上」 stay together on the last page.
    const last = textOf(pages.at(-1)?.lines ?? []);
    expect(last).toContain('備考');
    expect(last).toContain('以上');
  });

  it('should print an empty roster as such', () => {
    const empty = squash(
      pdfText(renderWorkerRosterPdf(workerRosterFixture({ workers: [] })), 'plain').join(''),
    );
    expect(empty).toContain('従事者数0名');
    expect(empty).toContain('従事者は登録されていない。');
    expect(empty).not.toContain('番号氏名');
  });

  it('should refuse malformed input with DOCUMENT.INVALID_INPUT naming the fields', () => {
    const bad = workerRosterFixture({ asOf: '2026-02-30', contentSha256: 'xyz' });
    bad.workers[0] = { ...bad.workers[0], name: '改行\nを含む' };
    expect(() => renderWorkerRosterPdf(bad)).toThrow(InvalidInputError);
    try {
      renderWorkerRosterPdf(bad);
    } catch (error) {
      const paths = ((error as InvalidInputError).details as { path: string }[]).map((p) => p.path);
      expect(paths).toEqual(expect.arrayContaining(['asOf', 'contentSha256', 'workers[0].name']));
    }
  });
});

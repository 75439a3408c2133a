import { DomainError } from '../../common/errors/domain-error';
import { DocumentRenderer } from './document-renderer.service';
import type { ImprovementNoticeInput } from './improvement-notice';
import { FREE_STANDING_NOTE, NOTICE_SUBJECT, renderImprovementNoticePdf } from './improvement-notice.pdf';
import { pdfFonts, pdfText, squash } from './testing/pdf-tools';
import {
  legacyImprovementNoticeInput,
  sampleImprovementNoticeInput,
} from './testing/improvement-notice.fixture';

const FORBIDDEN_LINE_START = /^[。、，．」』）〕】・：；？！ー々]/u;
const PAGE_NUMBER = /^(\d+)\/(\d+)$/;

/** Physical lines of every page, without whitespace. */
function layoutLines(pages: string[]): string[] {
  return pages
    .join('\n')
    .split('\n')
    .map(squash)
    .filter((l) => l !== '');
}

/**
 * The whole text in reading order, without whitespace and page numbers. The notice is one column whose labels
 * (「１」, 「点検項目」) share their line with the text they label, so its physical lines, top to bottom, are the
 * reading order; pdftotext's plain mode instead guesses columns from gaps such as U+3000 and reads a column
 * of section numbers apart from the headings.
 */
function readingText(pdf: Buffer): string {
  return layoutLines(pdfText(pdf, 'layout'))
    .filter((line) => !PAGE_NUMBER.test(line))
    .join('');
}

/** The lines between two headings. */
function sectionLines(all: string[], from: string, to: string): string[] {
  return all.slice(all.indexOf(from) + 1, all.indexOf(to));
}

function trailerId(pdf: Buffer): string {
  const match = /\/ID \[<([0-9a-f]+)> <([0-9a-f]+)>\]/.exec(pdf.toString('latin1'));
  if (!match) throw new Error('no /ID in the trailer');
  return match[1];
}

function expectInvalid(input: ImprovementNoticeInput, code: string, path?: string): void {
  try {
    renderImprovementNoticePdf(input);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(code);
    if (path !== undefined) {
      expect((error as DomainError).details).toEqual(
        expect.arrayContaining([expect.objectContaining({ path })]),
      );
    }
    return;
  }
  throw new Error('expected the input to be rejected');
}

describe('renderImprovementNoticePdf', () => {
  const input = sampleImprovementNoticeInput();
  let pdf: Buffer;
  let text: string;
  let layout: string[];
  let lines: string[];

  beforeAll(() => {
    pdf = renderImprovementNoticePdf(input);
    layout = pdfText(pdf, 'layout');
    text = readingText(pdf);
    lines = layoutLines(layout);
  });

  it('should use realistic input: two findings, 髙 﨑 𠮷 in the names, a two-paragraph description', () => {
    expect(input.findings).toHaveLength(2);
    expect(input.contractor.name + input.contractor.representativeName).toMatch(/髙.*﨑.*𠮷/u);
    expect(input.description.split('\n')).toHaveLength(2);
  });

  it('should produce an A4 PDF', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain('/MediaBox [0 0 595.28 841.89]');
  });

  it('should print the 文書番号 and the issue date in 和暦 at the top right', () => {
    const first = layout[0].split('\n').filter((l) => l.trim() !== '');
    expect(first[0].trim()).toBe('置広情第12号');
    expect(first[1].trim()).toBe('令和8年6月15日');
    // Right-aligned: far from the left margin, and ending where the issuer's lines end.
    expect(first[0].search(/\S/)).toBeGreaterThan(30);
    expect(first[1].search(/\S/)).toBeGreaterThan(30);
  });

  it('should address the contractor and its representative with 様, then the signer with 公印省略', () => {
    const at = (line: string): number => lines.indexOf(line);
    expect(at('株式会社髙﨑データサービス')).toBe(2);
    expect(at('代表取締役𠮷田髙志様')).toBe(3);
    expect(at('置賜広域行政事務組合')).toBe(4);
    expect(at('情報セキュリティ管理者髙橋一郎')).toBe(5);
    expect(at('（公印省略）')).toBe(6);
    const page1 = layout[0].split('\n');
    const issuerLine = page1.find((l) => squash(l) === '情報セキュリティ管理者髙橋一郎') ?? '';
    const addresseeLine = page1.find((l) => l.trim() === '株式会社髙﨑データサービス') ?? '';
    expect(issuerLine.search(/\S/)).toBeGreaterThan(addresseeLine.search(/\S/) + 20);
    // Without the seal omitted and without a name, the 職名 alone and no seal line.
    const sealed = layoutLines(
      pdfText(
        renderImprovementNoticePdf(sampleImprovementNoticeInput({ sealOmitted: false, issuerName: ' ' })),
        'layout',
      ),
    );
    expect(sealed[5]).toBe('情報セキュリティ管理者');
    expect(sealed).not.toContain('（公印省略）');
  });

  it('should print the 件名 centered on a line of its own', () => {
    expect(lines).toContain(NOTICE_SUBJECT);
    // Centered like 「記」: the single character falls within the subject's span, near its middle.
    const page1 = layout[0].split('\n');
    const start = (line: string): number => (page1.find((l) => l.trim() === line) ?? '').search(/\S/);
    const subject = start(NOTICE_SUBJECT);
    expect(subject).toBeGreaterThan(5);
    expect(start('記')).toBeGreaterThan(subject + NOTICE_SUBJECT.length / 2);
    expect(start('記')).toBeLessThan(subject + NOTICE_SUBJECT.length * 1.5);
  });

  it('should cite the contract, the paragraphs not met and the authorising paragraph in the covering text', () => {
    expect(text).toContain(
      '置賜広域行政事務組合（以下「甲」という。）と貴社（以下「乙」という。）とが締結した住民情報システム運用保守業務委託の契約' +
        '（契約番号置広第８－００１２号。以下「本契約」という。）に付した情報セキュリティに関する特記事項',
    );
    expect(text).toContain(
      '特記事項第3条（従事者名簿及び誓約書）及び第10条（複製及び持出しの制限）の定めに適合していないことを認めました',
    );
    expect(text).toContain('ついては、特記事項第20条第1項の規定に基づき、下記のとおり改善を指示します。');
  });

  it('should print the seven numbered sections in order, between 記 and 以上', () => {
    const order = [
      '記',
      '1指示の根拠',
      '2適合していない事項',
      '3確認した事実',
      '4改善を求める事項',
      '5改善期限',
      '6改善計画書の提出',
      '7問い合わせ先',
      '以上',
    ].map((l) => lines.indexOf(l));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('should cite the authorising article 第n条第1項 as the 根拠, apart from the articles not met', () => {
    expect(text).toContain(
      '1指示の根拠情報セキュリティに関する特記事項第20条第1項（改善の指示）2適合していない事項',
    );
    const notMet = sectionLines(lines, '2適合していない事項', '3確認した事実');
    expect(notMet).toEqual([
      '特記事項第3条（従事者名簿及び誓約書）',
      '特記事項第10条（複製及び持出しの制限）',
    ]);
    // The authorising article is never listed as one not met.
    expect(notMet.join('')).not.toContain('第20条');
  });

  it('should state how the facts were found (the assessment, its year and its submission) and each finding', () => {
    const [roster, media] = input.findings;
    expect(text).toContain(
      '3確認した事実乙が提出した令和8年度の自己点検（令和8年6月1日提出）の内容を甲が確認した結果、次の事実を認めた。',
    );
    expect(text).toContain(
      `(1)第3条（従事者名簿及び誓約書）点検項目${squash(roster.question)}` +
        `乙の回答一部実施乙の説明${squash(roster.comment ?? '')}甲の所見${squash(roster.reviewNote ?? '')}重要度中程度`,
    );
    const [comment1, comment2] = (media.comment ?? '').split('\n');
    expect(text).toContain(
      `(2)第10条（複製及び持出しの制限）点検項目${squash(media.question)}乙の回答実施していない` +
        `乙の説明${squash(comment1)}${squash(comment2)}甲の所見${squash(media.reviewNote ?? '')}重要度重大`,
    );
    expect(text).not.toContain('NOT_IMPLEMENTED');
    expect(text).not.toContain(FREE_STANDING_NOTE);
    expect(text).not.toContain('重大度');
  });

  it('should name a 定期報告 by its period, and several assessments joined with 及び', () => {
    const notice = renderImprovementNoticePdf(
      sampleImprovementNoticeInput({
        sources: [
          {
            kind: 'CHECKLIST',
            periodStart: '2026-04-01',
            periodEnd: '2027-03-31',
            submittedDate: '2026-06-01',
          },
          { kind: 'REPORT', periodStart: '2026-04-01', periodEnd: '2026-06-30', submittedDate: null },
        ],
      }),
    );
    expect(readingText(notice)).toContain(
      '乙が提出した令和8年度の自己点検（令和8年6月1日提出）及び令和8年4月1日から令和8年6月30日までの期間に係る定期報告の内容を甲が確認した結果',
    );
  });

  it('should translate every answer into Japanese and print an unanswered item as 未回答', () => {
    // YES / NO are the answers of a 定期報告 (REPORT) item.
    const answers = ['IMPLEMENTED', 'PARTIAL', 'NOT_IMPLEMENTED', 'NOT_APPLICABLE', 'YES', 'NO', null];
    const finding = input.findings[0];
    const notice = renderImprovementNoticePdf(
      sampleImprovementNoticeInput({
        findings: answers.map((answer) => ({
          ...finding,
          answer,
          comment: null,
          reviewNote: null,
          severity: null,
        })),
      }),
    );
    const printed = layoutLines(pdfText(notice, 'layout')).filter((l) => l.startsWith('乙の回答'));
    expect(printed).toEqual([
      '乙の回答実施している',
      '乙の回答一部実施',
      '乙の回答実施していない',
      '乙の回答該当しない',
      '乙の回答はい',
      '乙の回答いいえ',
      '乙の回答未回答',
    ]);
    const body = readingText(notice);
    expect(body).not.toContain('乙の説明');
    expect(body).not.toContain('甲の所見');
  });

  it('should cite the paragraphs not met 「第n条第m項及び第k項」 in the covering text, the list and each finding', () => {
    const [roster, media] = input.findings;
    const notice = renderImprovementNoticePdf(
      sampleImprovementNoticeInput({
        basis: [
          { articleNo: 10, title: '複製及び持出しの制限', paragraphs: [3, 1, 3] },
          { articleNo: 3, title: '従事者名簿及び誓約書', paragraphs: [2] },
        ],
        findings: [
          { ...roster, basis: 2 },
          { ...media, basis: 3 },
        ],
      }),
    );
    const body = readingText(notice);
    expect(body).toContain(
      '特記事項第3条第2項（従事者名簿及び誓約書）及び第10条第1項及び第3項（複製及び持出しの制限）の定めに適合していない',
    );
    const notMet = sectionLines(
      layoutLines(pdfText(notice, 'layout')),
      '2適合していない事項',
      '3確認した事実',
    );
    expect(notMet).toEqual([
      '特記事項第3条第2項（従事者名簿及び誓約書）',
      '特記事項第10条第1項及び第3項（複製及び持出しの制限）',
    ]);
    expect(body).toContain(`(1)第3条第2項（従事者名簿及び誓約書）点検項目${squash(roster.question)}`);
    expect(body).toContain(`(2)第10条第3項（複製及び持出しの制限）点検項目${squash(media.question)}`);
  });

  it('should print the facts the administrator found for an order without findings', () => {
    const facts =
      '令和8年7月1日に実施した立入検査において、作業場所の入退室の記録が作成されていないことを確認した。\n' +
      '乙の担当者も、記録を作成していないことを認めた。';
    const notice = renderImprovementNoticePdf(
      sampleImprovementNoticeInput({
        findings: [],
        sources: [],
        facts,
        basis: [{ articleNo: 5, title: '作業場所', paragraphs: [3] }],
      }),
    );
    const body = readingText(notice);
    expect(body).toContain(`3確認した事実${squash(facts.replace('\n', ''))}4改善を求める事項`);
    expect(body).not.toContain('点検項目');
    expect(body).not.toContain(FREE_STANDING_NOTE);
    expect(body).toContain('特記事項第5条第3項（作業場所）の定めに適合していない');
  });

  it('should print the order title and each paragraph of the description', () => {
    const [first, second] = input.description.split('\n');
    expect(text).toContain(
      `4改善を求める事項指示番号R8-改善-0001項目${input.title}内容${squash(first)}${squash(second)}5改善期限`,
    );
    // The label and its value stand apart (the label column once fitted only two characters).
    const line = pdfText(pdf, 'plain')
      .join('\n')
      .split('\n')
      .find((l) => l.includes('指示番号'));
    expect(line).toMatch(/指示番号 +R8-改善-0001/u);
  });

  it('should print the due date in 和暦, the completion report under its paragraph, and the 重要度', () => {
    expect(text).toContain(
      '令和8年8月31日までに改善を完了し、特記事項第20条第4項の規定により、改善の内容を示す資料を添えて、完了報告書により甲に報告すること。',
    );
    expect(text).toContain('本指示の重要度は「重大」である。');
  });

  it('should set the plan deadline as the contract words it: from the day the order is received', () => {
    expect(text).toContain(
      '特記事項第20条第2項の規定により、本指示を受けた日から14日以内に、次の事項を記載した改善計画書を甲に提出し、その承認を受けること。',
    );
    expect(text).not.toContain('本書の日付から');
    expect(text).toContain('(1)不適合の原因（根本的な原因を含む。）');
    expect(text).toContain('(2)是正措置');
    expect(text).toContain('(3)再発防止策');
    expect(text).toContain('(4)完了予定日');
    expect(text).toContain('同様の不適合が本契約の他の業務、他の作業場所及び再委託先');
    const week = renderImprovementNoticePdf(sampleImprovementNoticeInput({ planDueDays: 7 }));
    expect(readingText(week)).toContain('本指示を受けた日から7日以内に');
  });

  it('should print the contact, leaving out what is not given', () => {
    expect(lines).toContain('担当課・係置賜広域行政事務組合総務課情報政策係');
    expect(lines).toContain('担当者佐藤恵');
    expect(lines).toContain('電話0238-00-1234');
    expect(lines).toContain('電子メールjoho-seisaku@okitama-kouiki.example.jp');
    const notice = renderImprovementNoticePdf(
      sampleImprovementNoticeInput({ contact: { department: '総務課', name: '佐藤　恵', phone: '  ' } }),
    );
    const printed = layoutLines(pdfText(notice, 'layout'));
    expect(printed).toContain('担当課・係総務課');
    expect(printed.some((l) => l.startsWith('電話') || l.startsWith('電子メール'))).toBe(false);
  });

  it('should number its sections and items in half-width digits (公用文作成の考え方)', () => {
    expect(text).not.toMatch(/（[０-９]+）/u);
    expect(text).not.toMatch(
      /[０-９](?:指示の根拠|適合していない事項|確認した事実|改善を求める事項|改善期限|改善計画書の提出|問い合わせ先)/u,
    );
  });

  it('should still render a notice recorded before the 公文書 fields: its order number, the generic 根拠', () => {
    const legacy = readingText(renderImprovementNoticePdf(legacyImprovementNoticeInput()));
    expect(legacy.startsWith('R8-改善-0001令和8年6月15日')).toBe(true);
    expect(legacy).toContain('1指示の根拠情報セキュリティに関する特記事項の改善の指示に関する規定');
    expect(legacy).toContain('本書の日付から14日以内（令和8年6月29日まで）に');
    expect(legacy).toContain('乙が提出した自己点検の結果を甲が確認したところ、次の事実を認めた。');
    expect(legacy).not.toContain('公印省略');
    const freeStanding = readingText(
      renderImprovementNoticePdf(
        legacyImprovementNoticeInput({ findings: [], basis: [{ articleNo: 19, title: '監査及び検査' }] }),
      ),
    );
    expect(freeStanding).toContain(`3確認した事実${FREE_STANDING_NOTE}4改善を求める事項`);
  });

  it('should number every page 「n / N」 and break lines by the Japanese rules', () => {
    const many = renderImprovementNoticePdf(
      sampleImprovementNoticeInput({
        findings: Array.from({ length: 12 }, () => ({ ...input.findings[1] })),
      }),
    );
    const pages = pdfText(many, 'layout');
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const pageSet of [layout, pages]) {
      pageSet.forEach((page, i) => {
        const pageLines = page
          .split('\n')
          .map(squash)
          .filter((l) => l !== '');
        expect(pageLines.at(-1)).toBe(`${i + 1}/${pageSet.length}`);
      });
      for (const line of pageSet.join('\n').split('\n'))
        expect(line.trim()).not.toMatch(FORBIDDEN_LINE_START);
    }
    expect(readingText(many).match(/乙の回答実施していない/gu)).toHaveLength(12);
  });

  it('should embed every font, as a subset with a Unicode map', () => {
    const fonts = pdfFonts(pdf);
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual([
      'NotoSerifJP-Regular',
      'NotoSerifJP-SemiBold',
    ]);
    for (const font of fonts) {
      expect(font).toMatchObject({ embedded: true, subset: true, unicode: true });
    }
  });

  it('should give byte-identical PDFs for the same input, whatever its key order, basis order or line endings', () => {
    expect(renderImprovementNoticePdf(sampleImprovementNoticeInput()).equals(pdf)).toBe(true);
    const { contractor, contact, basis, ...rest } = input;
    const reordered = {
      ...Object.fromEntries(Object.entries(rest).reverse()),
      contact: {
        phone: contact.phone,
        email: contact.email,
        name: contact.name,
        department: contact.department,
      },
      basis: [...basis].reverse().map(({ title, articleNo }) => ({ title, articleNo })),
      contractor: { representativeName: contractor.representativeName, name: contractor.name },
      description: input.description.replace('\n', '\r\n\r\n'),
      note: 'ignored',
    } as unknown as ImprovementNoticeInput;
    expect(renderImprovementNoticePdf(reordered).equals(pdf)).toBe(true);
  });

  it('should write no clock time and derive the document ID from the input', () => {
    expect(pdf.toString('latin1')).not.toMatch(/CreationDate|ModDate/);
    expect(trailerId(pdf)).toMatch(/^[0-9a-f]{32}$/);
    const other = renderImprovementNoticePdf(sampleImprovementNoticeInput({ orderNumber: 'R8-改善-0002' }));
    expect(trailerId(other)).not.toBe(trailerId(pdf));
  });

  it('should reject a character the font cannot print', () => {
    expectInvalid(sampleImprovementNoticeInput({ title: '媒体管理😀' }), 'DOCUMENT.UNSUPPORTED_CHARACTER');
  });

  it.each<[string, (i: ImprovementNoticeInput) => void, string]>([
    ['a malformed issue date', (i) => (i.issuedDate = '2026-6-15'), 'issuedDate'],
    ['an impossible due date', (i) => (i.dueDate = '2026-02-30'), 'dueDate'],
    ['a due date before the issue date', (i) => (i.dueDate = '2026-06-14'), 'dueDate'],
    ['a plan due after the improvement', (i) => (i.planDueDays = 90), 'planDueDays'],
    ['a plan due in no days', (i) => (i.planDueDays = 0), 'planDueDays'],
    ['a fractional number of days', (i) => (i.planDueDays = 1.5), 'planDueDays'],
    ['an unknown severity', (i) => (i.severity = 'CRITICAL' as 'HIGH'), 'severity'],
    ['a line break in the title', (i) => (i.title += '\n続き'), 'title'],
    ['a tab in the description', (i) => (i.description += '\t'), 'description'],
    ['an empty order number', (i) => (i.orderNumber = ' '), 'orderNumber'],
    ['a lone surrogate', (i) => (i.contractor.name = '株式会社\ud842'), 'contractor.name'],
    ['no basis', (i) => (i.basis = []), 'basis'],
    ['the same basis article twice', (i) => (i.basis[1].articleNo = 10), 'basis[1].articleNo'],
    ['a finding outside the basis', (i) => (i.findings[0].articleNo = 5), 'findings[0].articleNo'],
    ['an unknown answer', (i) => (i.findings[1].answer = 'MAYBE'), 'findings[1].answer'],
    ['a lower-case answer', (i) => (i.findings[1].answer = 'yes'), 'findings[1].answer'],
    ['a paragraph 0 in the basis', (i) => (i.basis[0].paragraphs = [1, 0]), 'basis[0].paragraphs'],
    ['a fractional finding paragraph', (i) => (i.findings[0].basis = 1.5), 'findings[0].basis'],
    ['an unknown finding severity', (i) => (i.findings[1].severity = 'URGENT'), 'findings[1].severity'],
    ['an e-mail address without @', (i) => (i.contact.email = 'joho.example.jp'), 'contact.email'],
    [
      'a missing contact',
      (i) => (i.contact = null as unknown as ImprovementNoticeInput['contact']),
      'contact',
    ],
  ])('should reject %s', (_, mutate, path) => {
    const bad = sampleImprovementNoticeInput(); // a fresh copy: nested objects and findings included
    mutate(bad);
    expectInvalid(bad, 'DOCUMENT.INVALID_INPUT', path);
  });

  it('should accept line breaks as paragraph separators in the description, comments and notes', () => {
    const ok = sampleImprovementNoticeInput({ description: '一段落目。\r\n\r\n　二段落目。\n' });
    ok.findings[0].reviewNote = '所見一。\n所見二。';
    const body = readingText(renderImprovementNoticePdf(ok));
    expect(body).toContain('内容一段落目。二段落目。5改善期限');
    expect(body).toContain('甲の所見所見一。所見二。重要度');
  });
});

describe('DocumentRenderer.renderImprovementNotice', () => {
  const renderer = new DocumentRenderer({ maxThreads: 1, maxQueue: 2 });

  afterAll(async () => {
    await renderer.onApplicationShutdown();
  });

  it('should return from a worker thread the same bytes as in-thread rendering', async () => {
    const input = sampleImprovementNoticeInput();
    const fromWorker = await renderer.renderImprovementNotice(input);
    expect(Buffer.isBuffer(fromWorker)).toBe(true);
    expect(fromWorker.equals(renderImprovementNoticePdf(input))).toBe(true);
    const free = sampleImprovementNoticeInput({ findings: [] });
    expect((await renderer.renderImprovementNotice(free)).equals(renderImprovementNoticePdf(free))).toBe(
      true,
    );
  });

  it('should reject invalid input in the calling thread and pass on the worker’s own refusals with their code', async () => {
    await expect(
      renderer.renderImprovementNotice(sampleImprovementNoticeInput({ dueDate: '2026-13-01' })),
    ).rejects.toMatchObject({ code: 'DOCUMENT.INVALID_INPUT' });
    const error: unknown = await renderer
      .renderImprovementNotice(sampleImprovementNoticeInput({ title: '媒体管理😀' }))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'INVALID', code: 'DOCUMENT.UNSUPPORTED_CHARACTER' });
    expect(renderer.pending).toBe(0);
  });
});

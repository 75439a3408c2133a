import { DomainError } from '../../common/errors/domain-error';
import { splitItems } from '../../common/text/paragraph-items';
import { SPECIAL_PROVISIONS_TITLE, renderSpecialProvisionsPdf } from './special-provisions.pdf';
import { type SpecialProvisionsInput, specialProvisionsContentSha256 } from './special-provisions';
import { bodyLines, readPdfPages } from './testing/pdf-pages';
import { pdfFonts, pdfText, squash } from './testing/pdf-tools';
import {
  approvedSpecialProvisionsInput,
  sampleSpecialProvisionsInput,
} from './testing/special-provisions.fixture';

const FORBIDDEN_LINE_START = /^[。、，．」』）〕】・：；？！ー々]/u;
const PAGE_NUMBER = /^(\d+)\/(\d+)/;
const FULL_WIDTH_DIGIT = /[０-９]/u;

/** Page text without what every page repeats (page number, footer, draft mark), so flowed text reads on. */
function bodyText(pages: string[]): string {
  return pages
    .map((page) =>
      page
        .split('\n')
        .filter((line) => !PAGE_NUMBER.test(squash(line)) && squash(line) !== '案')
        .join('\n'),
    )
    .join('\n');
}

function trailerId(pdf: Buffer): string {
  const match = /\/ID \[<([0-9a-f]+)> <([0-9a-f]+)>\]/.exec(pdf.toString('latin1'));
  if (!match) throw new Error('no /ID in the trailer');
  return match[1];
}

function expectInvalid(input: SpecialProvisionsInput, code: string, path?: string): void {
  try {
    renderSpecialProvisionsPdf(input);
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

describe('renderSpecialProvisionsPdf', () => {
  const draftInput = sampleSpecialProvisionsInput({ draft: true });
  const finalInput = approvedSpecialProvisionsInput();
  let draft: Buffer;
  let final: Buffer;
  let draftPages: string[];
  let finalPages: string[];
  let draftLayout: string[];
  let finalLayout: string[];

  beforeAll(() => {
    draft = renderSpecialProvisionsPdf(draftInput);
    final = renderSpecialProvisionsPdf(finalInput);
    draftPages = pdfText(draft, 'plain');
    finalPages = pdfText(final, 'plain');
    draftLayout = pdfText(draft, 'layout');
    finalLayout = pdfText(final, 'layout');
  });

  it('should use realistic input: 20 articles, no 案 in the text, 髙 﨑 𠮷 in the names', () => {
    expect(draftInput.articles).toHaveLength(20);
    expect(JSON.stringify(finalInput)).not.toContain('案');
    expect(draftInput.contractor.name + draftInput.contractor.representativeName).toMatch(/髙.*﨑|﨑.*髙/u);
    expect(draftInput.contractor.representativeName).toContain('𠮷');
  });

  it('should produce an A4 PDF', () => {
    expect(draft.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(draft.toString('latin1')).toContain('/MediaBox [0 0 595.28 841.89]');
  });

  it('should print the title, followed by （案） on a draft only', () => {
    expect(squash(draftPages[0])).toContain(`${SPECIAL_PROVISIONS_TITLE}（案）`);
    expect(squash(finalPages[0])).toContain(SPECIAL_PROVISIONS_TITLE);
    expect(squash(finalPages[0])).not.toContain(`${SPECIAL_PROVISIONS_TITLE}（案）`);
  });

  it('should define 甲, 乙, 本契約 and 本業務 in the 前文, before the first article, with the period in 和暦', () => {
    for (const pages of [draftPages, finalPages]) {
      const text = squash(bodyText(pages));
      const preamble =
        '置賜広域行政事務組合（以下「甲」という。）と株式会社髙﨑データサービス（以下「乙」という。）とは、' +
        '甲と乙とが締結する次の契約（以下「本契約」という。）に基づき乙が行う業務（以下「本業務」という。）の' +
        '実施に伴う情報セキュリティの確保について、本契約の特記事項として、次のとおり定める。';
      expect(text).toContain(preamble);
      const firstArticle = text.indexOf('第1条（');
      for (const term of ['「甲」', '「乙」', '「本契約」', '「本業務」']) {
        expect(text.indexOf(term)).toBeLessThan(firstArticle);
        expect(text.split(`以下${term}という`)).toHaveLength(2); // defined once
      }
      expect(text).toContain('契約番号置広第8-0012号');
      expect(text).toContain('件名住民情報システム運用保守業務委託');
      expect(text).toContain('契約期間令和8年4月1日から令和9年3月31日まで');
    }
  });

  it('should print half-width numerals only (公用文作成の考え方, 令和4年)', () => {
    for (const pages of [draftPages, finalPages]) expect(pages.join('')).not.toMatch(FULL_WIDTH_DIGIT);
  });

  it('should print every article heading 「第n条（…）」 on a line of its own', () => {
    for (const layout of [draftLayout, finalLayout]) {
      const lines = layout
        .join('\n')
        .split('\n')
        .map((l) => l.trim());
      for (const article of draftInput.articles) {
        expect(lines).toContain(`第${article.articleNo}条（${article.title}）`);
      }
    }
  });

  it('should print every paragraph exactly, numbered 2, 3, … from the second one, its items (1), (2) after it', () => {
    for (const pages of [draftPages, finalPages]) {
      const text = squash(bodyText(pages));
      for (const article of draftInput.articles) {
        article.paragraphs.forEach((paragraph, i) => {
          const { text: lead, items } = splitItems(paragraph);
          const expected =
            (i === 0 ? `第${article.articleNo}条（${article.title}）` : String(i + 1)) +
            squash(lead) +
            items.map((item) => `${item.label}${squash(item.text)}`).join('');
          expect(text).toContain(expected);
        });
      }
    }
  });

  it('should print each item on a line of its own, its number one character in from the paragraph number', () => {
    const pages = readPdfPages(draft);
    const lines = pages.flatMap((p) => bodyLines(p));
    const items = lines.filter((l) => /^\(\d+\)/.test(l.text));
    expect(items.map((l) => l.text.slice(0, 3))).toEqual(['(1)', '(2)', '(3)']);
    const numbered = lines.find((l) => l.text.startsWith('2'));
    for (const item of items) expect(item.xMin - (numbered?.xMin ?? 0)).toBeCloseTo(10.5, 0);
    expect(lines[lines.indexOf(items[0]) - 1].text).toMatch(/ならない。$/);
  });

  it('should print the signature block with both parties, the representative and a seal space each', () => {
    for (const layout of [draftLayout, finalLayout]) {
      // Physical lines: the block is laid out in columns, which reading-order extraction interleaves.
      const lines = (layout.at(-1) ?? '')
        .split('\n')
        .map(squash)
        .filter((l) => l !== '');
      const at = (line: string): number => lines.indexOf(line);
      expect(
        at('この特記事項の合意を証するため、本書2通を作成し、甲乙記名押印の上、各自1通を保有する。'),
      ).toBe(at('令和年月日') - 1);
      expect(at('甲住所山形県長井市ままの上7番10号')).toBeGreaterThan(at('令和年月日'));
      expect(at('名称置賜広域行政事務組合')).toBe(at('甲住所山形県長井市ままの上7番10号') + 1);
      expect(at('代表者管理者内谷重治印')).toBe(at('名称置賜広域行政事務組合') + 1);
      const otsu = lines.findIndex((l) => l.startsWith('乙住所'));
      expect(otsu).toBeGreaterThan(at('代表者管理者内谷重治印'));
      expect(lines.slice(otsu).join('')).toContain(
        '乙住所山形県米沢市金池三丁目1番55号髙﨑ビル4階名称株式会社髙﨑データサービス',
      );
      expect(lines).toContain('代表者代表取締役𠮷田髙志印');
    }
  });

  it('should leave lines to write on where the settings hold no address or representative for 甲', () => {
    const input = sampleSpecialProvisionsInput({
      issuer: {
        name: '置賜広域行政事務組合',
        address: '',
        representativeTitle: '管理者',
        representativeName: '',
      },
    });
    const lines = (pdfText(renderSpecialProvisionsPdf(input), 'layout').at(-1) ?? '')
      .split('\n')
      .map(squash)
      .filter((l) => l !== '');
    expect(lines).toContain('甲住所');
    expect(lines).toContain('代表者印');
  });

  it('should number every page 「n / N」', () => {
    for (const layout of [draftLayout, finalLayout]) {
      expect(layout.length).toBeGreaterThanOrEqual(3);
      layout.forEach((page, i) => {
        const lines = page
          .split('\n')
          .map(squash)
          .filter((l) => l !== '');
        expect(lines.at(-1)?.startsWith(`${i + 1}/${layout.length}`)).toBe(true);
      });
    }
  });

  it('should print the approval date and the content hash in the footer of every page of the approved copy only', () => {
    const hash = specialProvisionsContentSha256(finalInput);
    expect(finalInput.approval?.contentSha256).toBe(hash);
    finalLayout.forEach((page, i) => {
      const footer = squash(
        page
          .split('\n')
          .filter((l) => l.trim() !== '')
          .at(-1) ?? '',
      );
      expect(footer).toBe(`${i + 1}/${finalLayout.length}令和8年3月27日承認照合番号${hash.slice(0, 16)}`);
    });
    expect(draftLayout.join('')).not.toContain('照合番号');
  });

  it('should refuse a footer hash that is not the hash of the content, and an approved copy without one', () => {
    const wrong = approvedSpecialProvisionsInput();
    wrong.contractor.name = '株式会社別会社';
    expectInvalid(wrong, 'DOCUMENT.INVALID_INPUT', 'approval.contentSha256');
    expectInvalid(sampleSpecialProvisionsInput({ draft: false }), 'DOCUMENT.INVALID_INPUT', 'approval');
    const stamped = sampleSpecialProvisionsInput({ approval: approvedSpecialProvisionsInput().approval });
    expectInvalid(stamped, 'DOCUMENT.INVALID_INPUT', 'approval');
  });

  it('should hash the content, not the layout: another approval date or party changes it, key order does not', () => {
    const base = approvedSpecialProvisionsInput();
    expect(approvedSpecialProvisionsInput({}, '2026-03-28').approval?.contentSha256).not.toBe(
      base.approval?.contentSha256,
    );
    const otherIssuer = approvedSpecialProvisionsInput({
      issuer: { ...base.issuer, representativeName: '佐藤　一郎' },
    });
    expect(otherIssuer.approval?.contentSha256).not.toBe(base.approval?.contentSha256);
    expect(approvedSpecialProvisionsInput().approval?.contentSha256).toBe(base.approval?.contentSha256);
  });

  it('should mark every page of a draft with 案, and no page of the final document', () => {
    for (const page of draftLayout) {
      expect(page.split('\n').map(squash)).toContain('案');
    }
    expect(finalLayout.join('')).not.toContain('案');
  });

  it('should never start a line with 。、」 or other characters barred from the start of a line', () => {
    for (const layout of [draftLayout, finalLayout]) {
      for (const line of layout.join('\n').split('\n')) {
        expect(line.trim()).not.toMatch(FORBIDDEN_LINE_START);
      }
    }
  });

  it('should push the previous character down where a line would otherwise start with 。', () => {
    // The same sentence with 。 at every position from 30 to 50: at one of them the natural break falls
    // right before 。 (about 42 characters fit on a line), and there the line must start with 「X。」.
    const probe = (k: number): string =>
      '情報資産の取扱いに関する規程を遵守する'.repeat(3).slice(0, k) + '。以下同じ。';
    const articles = Array.from({ length: 21 }, (_, i) => ({
      articleNo: i + 1,
      title: '禁則',
      paragraphs: [probe(30 + i)],
    }));
    const pdf = renderSpecialProvisionsPdf(sampleSpecialProvisionsInput({ articles }));
    const lines = pdfText(pdf, 'layout')
      .join('\n')
      .split('\n')
      .map((l) => l.trim());
    expect(lines.filter((l) => l !== '').every((l) => !FORBIDDEN_LINE_START.test(l))).toBe(true);
    expect(lines.some((l) => /^[^\s。]。以下同じ。$/u.test(l))).toBe(true);
    const text = squash(bodyText(pdfText(pdf, 'plain')));
    for (const article of articles) expect(text).toContain(squash(article.paragraphs[0]));
  });

  it('should embed every font, as a subset with a Unicode map', () => {
    for (const pdf of [draft, final]) {
      const fonts = pdfFonts(pdf);
      expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual([
        'NotoSerifJP-Regular',
        'NotoSerifJP-SemiBold',
      ]);
      for (const font of fonts) {
        expect(font).toMatchObject({ embedded: true, subset: true, unicode: true });
        expect(font.name).toMatch(/^[A-Z]{6}\+NotoSerifJP-/);
      }
    }
  });

  it('should give byte-identical PDFs for the same input, whatever its key order or extra properties', () => {
    const again = renderSpecialProvisionsPdf(sampleSpecialProvisionsInput({ draft: true }));
    expect(again.equals(draft)).toBe(true);
    expect(renderSpecialProvisionsPdf(approvedSpecialProvisionsInput()).equals(final)).toBe(true);
    const { articles, contractor, issuer, ...rest } = draftInput;
    const reordered = {
      articles: articles.map(({ paragraphs, title, articleNo }) => ({ paragraphs, title, articleNo })),
      ...Object.fromEntries(Object.entries(rest).reverse()),
      contractor: {
        address: contractor.address,
        representativeName: contractor.representativeName,
        name: contractor.name,
      },
      issuer: Object.fromEntries(Object.entries(issuer).reverse()),
      note: 'ignored',
    } as unknown as SpecialProvisionsInput;
    expect(renderSpecialProvisionsPdf(reordered).equals(draft)).toBe(true);
  });

  it('should keep font subset tags stable from one render to the next', () => {
    const names = (pdf: Buffer): string[] => pdfFonts(pdf).map((f) => f.name);
    expect(names(renderSpecialProvisionsPdf(draftInput))).toEqual(names(draft));
    expect(names(final)).toEqual(names(draft));
  });

  it('should write no clock time and derive the document ID from the input', () => {
    for (const pdf of [draft, final]) {
      expect(pdf.toString('latin1')).not.toMatch(/CreationDate|ModDate/);
    }
    expect(trailerId(draft)).toMatch(/^[0-9a-f]{32}$/);
    expect(trailerId(draft)).not.toBe(trailerId(final));
    const changed = sampleSpecialProvisionsInput({ draft: true, catalogueVersion: '2026.2' });
    expect(trailerId(renderSpecialProvisionsPdf(changed))).not.toBe(trailerId(draft));
  });

  it('should reject a character the font cannot print', () => {
    const input = sampleSpecialProvisionsInput();
    input.articles[0].title = '基本的事項😀';
    expectInvalid(input, 'DOCUMENT.UNSUPPORTED_CHARACTER');
  });

  it.each<[string, (i: SpecialProvisionsInput) => void, string]>([
    ['a malformed date', (i) => (i.startDate = '2026-4-1'), 'startDate'],
    ['an end before the start', (i) => (i.endDate = '2026-03-31'), 'endDate'],
    [
      'a line break inside a paragraph',
      (i) => (i.articles[1].paragraphs[0] += '\n続き'),
      'articles[1].paragraphs[0]',
    ],
    ['a lone surrogate', (i) => (i.contractor.name = '株式会社\ud842'), 'contractor.name'],
    ['article numbers out of order', (i) => (i.articles[3].articleNo = 2), 'articles[3].articleNo'],
    ['an article without paragraphs', (i) => (i.articles[5].paragraphs = []), 'articles[5].paragraphs'],
    ['an empty contractor name', (i) => (i.contractor.name = '  '), 'contractor.name'],
    ['an empty name of 甲', (i) => (i.issuer.name = ''), 'issuer.name'],
    [
      'items out of sequence',
      (i) => (i.articles[2].paragraphs[0] += '\u2028(2)名簿'),
      'articles[2].paragraphs[0]',
    ],
    [
      'an item with a line break',
      (i) => (i.articles[2].paragraphs[0] += '\u2028(1)名簿\n続き'),
      'articles[2].paragraphs[0].items[0]',
    ],
  ])('should reject %s', (_, mutate, path) => {
    const input = sampleSpecialProvisionsInput();
    mutate(input);
    expectInvalid(input, 'DOCUMENT.INVALID_INPUT', path);
  });
});

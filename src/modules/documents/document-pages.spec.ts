import { renderContractorSelectionPdf } from './contractor-selection.pdf';
import { renderExternalServiceApplicationPdf } from './external-service-application.pdf';
import { renderExternalServicePermitPdf } from './external-service-permit.pdf';
import { renderExternalServiceRegisterPdf } from './external-service-register.pdf';
import { renderImprovementNoticePdf } from './improvement-notice.pdf';
import { BODY_SIZE, DocumentComposer, type ParagraphOptions, STYLES } from './pdf-composer';
import { renderSpecialProvisionsPdf } from './special-provisions.pdf';
import { renderSubcontractDecisionPdf } from './subcontract-decision.pdf';
import { catalogueSpecialProvisionsInput } from './testing/catalogue-contracts.fixture';
import { contractorSelectionFixture, longContractorSelection } from './testing/contractor-selection.fixture';
import {
  externalServiceApplicationFixture,
  externalServicePermitFixture,
  externalServiceRefusalFixture,
  externalServiceRegisterFixture,
} from './testing/external-service.fixture';
import { sampleImprovementNoticeInput } from './testing/improvement-notice.fixture';
import {
  subcontractDecisionFixture,
  subcontractRejectionFixture,
} from './testing/subcontract-decision.fixture';
import { workerRosterFixture } from './testing/worker-roster.fixture';
import { renderWorkerRosterPdf } from './worker-roster.pdf';
import { assertNoOrphanLines, bodyLines, findOrphanLines, readPdfPages } from './testing/pdf-pages';
import {
  approvedSpecialProvisionsInput,
  sampleSpecialProvisionsInput,
} from './testing/special-provisions.fixture';

/**
 * Every document kind rendered from a fixture set and read back page by page (text with positions): no page may
 * start with the lone last line of a paragraph.
 */

const EM = BODY_SIZE;
const PARAGRAPH: ParagraphOptions = { style: STYLES.body, indent: EM, firstLineIndent: EM };
const SENTENCE = '乙は、情報資産の取扱いに関する甲の指示に従い、必要な措置を講じなければならない。';

/**
 * A page filled with one-line paragraphs until `free` lines are left, then a paragraph of `lines` lines: with
 * `free + 1` lines and the control off, its last line lands alone at the top of page 2.
 */
function composeBreak(free: number, lines: number, minLinesAtBreak?: number): Buffer {
  const c = new DocumentComposer({ title: 'test', idSource: `orphan-${free}-${lines}`, draft: false });
  const pitch = c.lineHeight(STYLES.body);
  while (c.y + (free + 1) * pitch <= c.bottom + 1e-6) c.paragraph('第1項の記録。', PARAGRAPH);
  let text = SENTENCE;
  while (c.layoutParagraph(text, PARAGRAPH).length < lines) text += SENTENCE;
  // Trim to exactly `lines` lines, the last one short (a paragraph's last line).
  while (c.layoutParagraph(text, PARAGRAPH).length > lines) text = text.slice(0, -1);
  text = `${text.slice(0, -8)}ならない。`;
  expect(c.layoutParagraph(text, PARAGRAPH)).toHaveLength(lines);
  c.paragraph(text, { ...PARAGRAPH, minLinesAtBreak });
  c.paragraph(SENTENCE, { ...PARAGRAPH, label: '2' });
  return c.finish();
}

function longImprovementNotice() {
  const base = sampleImprovementNoticeInput();
  const findings = Array.from({ length: 9 }, (_, i) => ({
    ...base.findings[i % base.findings.length],
    articleNo: 3 + i,
    reviewNote: `${base.findings[i % base.findings.length].reviewNote}`.repeat(1 + (i % 3)),
  }));
  return sampleImprovementNoticeInput({
    findings,
    basis: findings.map((f) => ({ articleNo: f.articleNo, title: f.clauseTitle })),
    description: `${base.description}\n${base.description}\n${base.description}`,
    facts:
      '令和8年6月10日に立入検査を行い、作業場所の入退室記録及び外部記録媒体の管理台帳を確認した。'.repeat(3),
  });
}

function longSubcontractApproval() {
  const base = subcontractDecisionFixture();
  return subcontractDecisionFixture({
    note: `${base.note}\n`.repeat(5).trim(),
    request: {
      ...base.request,
      workers: Array.from({ length: 30 }, (_, i) => ({ name: `従事者 ${i + 1}`, role: '封入封緘作業' })),
    },
  });
}

describe('the page checker (readPdfPages, findOrphanLines)', () => {
  it('should read every page with its lines top to bottom, inside and outside the text area', () => {
    const pdf = renderSpecialProvisionsPdf(approvedSpecialProvisionsInput());
    const pages = readPdfPages(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const page of pages) {
      expect(page.width).toBeCloseTo(595.28, 1);
      const ys = page.lines.map((l) => l.yMin);
      expect(ys).toEqual([...ys].sort((a, b) => a - b));
      // The page number is outside the text area, the body inside.
      const squashed = (lines: { text: string }[]) => lines.map((l) => l.text.replace(/\s/g, ''));
      const pageNo = `${page.number}/${pages.length}`;
      // The approved copy's footer shares the page number's line.
      expect(squashed(page.lines).filter((l) => l.startsWith(pageNo))).toHaveLength(1);
      expect(squashed(bodyLines(page)).filter((l) => l.startsWith(pageNo))).toHaveLength(0);
    }
    expect(pages[0].lines[0].text).toBe('情報セキュリティに関する特記事項');
  });

  it('should find a lone last line at the top of a page, and name it', () => {
    const pdf = composeBreak(3, 4, 1);
    const orphans = findOrphanLines(pdf);
    expect(orphans).toHaveLength(1);
    expect(orphans[0]).toMatchObject({ page: 2, line: expect.stringMatching(/ならない。$/) });
    expect(() => assertNoOrphanLines(pdf)).toThrow(/page 2: 「.*ならない。」/);
  });

  it('should find the lone last line also when it fills the line, by the new paragraph after it', () => {
    const pdf = composeBreak(2, 3, 1);
    expect(findOrphanLines(pdf).map((o) => o.page)).toEqual([2]);
  });

  it('should accept two or more lines of a paragraph at the top of a page', () => {
    expect(findOrphanLines(composeBreak(3, 5, 1))).toEqual([]);
  });
});

describe('orphan control in the composer', () => {
  it('should carry two lines over instead of one', () => {
    const pdf = composeBreak(3, 4);
    assertNoOrphanLines(pdf);
    const page2 = bodyLines(readPdfPages(pdf)[1]);
    expect(page2[1].text).toMatch(/ならない。$/);
    expect(page2[2].text).toMatch(/^2/);
  });

  it('should move a paragraph whole when only one of its lines would stay at the bottom', () => {
    const pdf = composeBreak(1, 3);
    const [page1, page2] = readPdfPages(pdf).map((p) => bodyLines(p));
    expect(page1.at(-1)?.text).toBe('第1項の記録。');
    expect(page2).toHaveLength(4);
  });
});

describe('every document kind, page by page', () => {
  const cases: [string, () => Buffer][] = [
    [
      '特記事項 short draft (機密性1)',
      () => renderSpecialProvisionsPdf(catalogueSpecialProvisionsInput('short', false)),
    ],
    [
      '特記事項 short approved',
      () => renderSpecialProvisionsPdf(catalogueSpecialProvisionsInput('short', true)),
    ],
    [
      '特記事項 long draft (機密性3, every clause)',
      () => renderSpecialProvisionsPdf(catalogueSpecialProvisionsInput('long', false)),
    ],
    [
      '特記事項 long approved',
      () => renderSpecialProvisionsPdf(catalogueSpecialProvisionsInput('long', true)),
    ],
    ['特記事項 20-article sample', () => renderSpecialProvisionsPdf(sampleSpecialProvisionsInput())],
    ['改善指示書 sample', () => renderImprovementNoticePdf(sampleImprovementNoticeInput())],
    ['改善指示書 long order (9 findings)', () => renderImprovementNoticePdf(longImprovementNotice())],
    ['再委託承認通知書 sample', () => renderSubcontractDecisionPdf(subcontractDecisionFixture())],
    ['再委託不承認通知書 sample', () => renderSubcontractDecisionPdf(subcontractRejectionFixture())],
    [
      '再委託承認通知書 long request (30 workers, a long condition)',
      () => renderSubcontractDecisionPdf(longSubcontractApproval()),
    ],
    ['委託先選定調書 sample', () => renderContractorSelectionPdf(contractorSelectionFixture())],
    [
      '委託先選定調書 long (12 criteria, long notes)',
      () => renderContractorSelectionPdf(longContractorSelection()),
    ],
    [
      '外部サービス利用申請書 sample',
      () => renderExternalServiceApplicationPdf(externalServiceApplicationFixture()),
    ],
    [
      '外部サービス利用許可通知書 sample',
      () => renderExternalServicePermitPdf(externalServicePermitFixture()),
    ],
    [
      '外部サービス利用不許可通知書 sample',
      () => renderExternalServicePermitPdf(externalServiceRefusalFixture()),
    ],
    [
      '外部サービス台帳 long (45 services)',
      () => {
        const base = externalServiceRegisterFixture();
        return renderExternalServiceRegisterPdf({
          ...base,
          rows: Array.from({ length: 15 }, () => base.rows).flat(),
        });
      },
    ],
    ['従事者名簿 sample', () => renderWorkerRosterPdf(workerRosterFixture())],
    [
      '従事者名簿 long roster (60 entries)',
      () => {
        const base = workerRosterFixture();
        const workers = Array.from({ length: 60 }, (_, i) => ({
          ...base.workers[i % 3],
          name: `従事者 ${i + 1}`,
        }));
        return renderWorkerRosterPdf({ ...base, workers });
      },
    ],
  ];

  it.each(cases)('%s: no page starts with a lone last line of a paragraph', (_name, render) => {
    const pages = readPdfPages(render());
    expect(pages.length).toBeGreaterThanOrEqual(1);
    assertNoOrphanLines(pages);
  });

  it('should give the long 特記事項 several pages, so the check has page breaks to judge', () => {
    expect(
      readPdfPages(renderSpecialProvisionsPdf(catalogueSpecialProvisionsInput('long', true))).length,
    ).toBeGreaterThanOrEqual(6);
    expect(readPdfPages(renderImprovementNoticePdf(longImprovementNotice())).length).toBeGreaterThanOrEqual(
      3,
    );
    expect(
      readPdfPages(renderSubcontractDecisionPdf(longSubcontractApproval())).length,
    ).toBeGreaterThanOrEqual(2);
    expect(
      readPdfPages(renderContractorSelectionPdf(longContractorSelection())).length,
    ).toBeGreaterThanOrEqual(3);
  });
});

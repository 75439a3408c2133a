import { formatWareki } from '../../common/dates/wareki';
import { toParagraphs } from './document-input';
import {
  type InspectionResultInput,
  type InspectionResultItem,
  printedInspectionText,
  validateInspectionResultInput,
} from './inspection-result';
import { citation, plainQuestion } from './japanese-format';
import { BODY_SIZE, DocumentComposer, STYLES } from './pdf-composer';
import { assertPrintable } from './pdf-fonts';
import { SPECIAL_PROVISIONS_TITLE } from './special-provisions.pdf';

/** Bump when the layout or wording changes: it is part of the document ID. */
const LAYOUT_VERSION = 'inspection-result/v2';

export const INSPECTION_RESULT_TITLE = '検査結果通知書';
export const INSPECTION_RESULT_SUBJECT = '情報セキュリティに関する検査の結果について（通知）';

/** How the notice and an improvement order name the kind: 立入検査 or 書面監査. */
export const INSPECTION_KIND_WORDS: Readonly<Record<'ON_SITE' | 'DOCUMENT', string>> = {
  ON_SITE: '立入検査',
  DOCUMENT: '書面監査',
};

const EM = BODY_SIZE;
const { body: BODY, heading: HEADING, title: TITLE } = STYLES;
const SECTION_BODY = { style: BODY, indent: 2 * EM, firstLineIndent: EM };
const COVERING_TEXT = { style: BODY, firstLineIndent: EM };
const FIELDS = { style: BODY, labelIndent: 2 * EM, indent: 8 * EM, align: 'left' as const };
const ITEM_LABEL_INDENT = 2 * EM;
const ITEM_INDENT = 4 * EM;

/**
 * Renders the 検査結果通知書 as an A4 PDF in the 記書き form of a 公文書: 文書番号, date, addressee and signer, the
 * 件名, the covering text citing the 監査及び検査 article as signed, then 「記」 — the inspection (kind, day, place,
 * inspectors, notice given or not), the result per article, the nonconformities with their article and paragraph,
 * the recommendations, what follows (an improvement order may be issued under the 改善の指示 article), the
 * contact — and 「以上」. Half-width numerals. The same input gives the same bytes.
 */
export function renderInspectionResultPdf(input: InspectionResultInput): Buffer {
  validateInspectionResultInput(input);
  assertPrintable(printedInspectionText(input));
  const i = input.inspection;
  const kindWord = INSPECTION_KIND_WORDS[i.kind];
  const c = new DocumentComposer({
    title: input.documentNumber
      ? `${INSPECTION_RESULT_TITLE}（${input.documentNumber}）`
      : INSPECTION_RESULT_TITLE,
    subject: `契約番号 ${input.contract.contractNumber}　${kindWord} ${i.conductedDate}`,
    idSource: `itaku-guard/${LAYOUT_VERSION}\n${JSON.stringify(input)}`,
    draft: false,
  });

  printHeader(c, input);
  c.gap(EM * 2);
  c.paragraph(INSPECTION_RESULT_SUBJECT, { style: TITLE, align: 'center' });
  c.gap(EM * 1.5);

  const a = input.authority;
  const under = a ? `特記事項${citation(a.articleNo, [a.paragraph])}の規定に基づき、` : '';
  c.paragraph(
    `${input.orgName}（以下「甲」という。）と貴社（以下「乙」という。）とが締結した${input.contract.title}の契約` +
      `（契約番号${input.contract.contractNumber}）に付した${SPECIAL_PROVISIONS_TITLE}（以下「特記事項」という。）` +
      `の遵守状況を確認するため、${under}${formatWareki(i.conductedDate)}に${kindWord}を実施しましたので、` +
      'その結果を下記のとおり通知します。',
    COVERING_TEXT,
  );
  c.gap(EM);
  c.paragraph('記', { style: BODY, align: 'center' });

  section(c, 1, '検査の概要');
  c.labelled('種別', [kindWord], FIELDS);
  c.labelled('実施日', [formatWareki(i.conductedDate)], FIELDS);
  if (i.kind === 'ON_SITE' && i.place !== null) {
    c.labelled(
      '場所',
      [i.subcontractorName ? `${i.place}（再委託先 ${i.subcontractorName}）` : i.place],
      FIELDS,
    );
  }
  c.labelled('検査員', [i.inspectors.join('、')], FIELDS);
  const unannounced =
    a?.unannouncedParagraph != null
      ? `なし（特記事項${citation(a.articleNo, [a.unannouncedParagraph])}の規定による。）`
      : 'なし';
  c.labelled('事前の通知', [i.announced ? 'あり' : unannounced], FIELDS);
  if (i.purpose) c.labelled('目的', toParagraphs(i.purpose), { ...FIELDS, align: undefined });

  section(c, 2, '検査の結果');
  for (const row of input.articles) {
    const counts = [`適合${row.conforming}件`, `不適合${row.nonconforming}件`];
    if (row.notChecked > 0) counts.push(`未確認${row.notChecked}件`);
    // The counts on their own line under the article, never wrapped inside a figure, and kept with it.
    c.ensureSpace(2 * c.lineHeight(BODY));
    c.paragraph(`特記事項　${citation(row.articleNo)}（${row.title}）`, {
      style: BODY,
      indent: 2 * EM,
      align: 'left',
    });
    c.paragraph(counts.join('、'), { style: BODY, indent: 4 * EM, align: 'left' });
  }
  if (i.summary) {
    c.gap(EM * 0.4);
    toParagraphs(i.summary).forEach((p, n) => c.paragraph(n === 0 ? `（総評）${p}` : p, SECTION_BODY));
  }

  // A heading and its lead sentence stay with the first item (its heading line and two lines of it).
  keepWithFirstItem(c);
  section(c, 3, '適合していない事項');
  if (input.nonconformities.length === 0) {
    c.paragraph('特記事項の定めに適合していない事項は認められなかった。', SECTION_BODY);
  } else {
    c.paragraph('次の事項について、特記事項の定めに適合していないことを認めた。', SECTION_BODY);
    input.nonconformities.forEach((item, n) => printItem(c, item, n + 1));
  }

  let next = 4;
  if (input.recommendations.length > 0) {
    keepWithFirstItem(c);
    section(c, next++, '推奨事項');
    c.paragraph(
      '次の事項は、特記事項が義務として定める事項ではないが、情報セキュリティの確保のため改善を推奨する。',
      SECTION_BODY,
    );
    input.recommendations.forEach((item, n) => printItem(c, item, n + 1));
  }

  section(c, next++, '今後の対応');
  const imp = input.improvement;
  const order = imp ? `特記事項${citation(imp.articleNo, [imp.paragraph])}の規定に基づき、` : '';
  c.paragraph(
    input.nonconformities.length > 0
      ? `上記3の事項については、${order}甲から別途改善を指示することがある。乙は、指示を待つことなく、` +
          '原因を調査し、必要な措置を講ずること。'
      : '引き続き、特記事項の定めを遵守すること。',
    SECTION_BODY,
  );

  c.ensureSpace(EM * 1.8 + c.lineHeight(HEADING) + 6 * c.lineHeight(BODY));
  section(c, next, '問い合わせ先');
  const rows: [string, string | undefined][] = [
    ['担当課・係', input.contact.department],
    ['担当者', input.contact.name],
    ['電話', input.contact.phone],
    ['電子メール', input.contact.email],
  ];
  for (const [label, value] of rows) if (value) c.labelled(label, [value], FIELDS);
  c.gap(EM);
  c.paragraph('以上', { style: BODY, align: 'right', rightInset: EM });
  return c.finish();
}

function printHeader(c: DocumentComposer, input: InspectionResultInput): void {
  const right = { style: BODY, align: 'right' as const, rightInset: EM };
  if (input.documentNumber) c.paragraph(input.documentNumber, right);
  c.paragraph(formatWareki(input.issuedDate), right);
  c.gap(EM);
  const addressee = { style: BODY, indent: EM, align: 'left' as const };
  c.paragraph(input.contractor.name, addressee);
  c.paragraph(`${input.contractor.representativeName}　様`, addressee);
  c.gap(EM);
  c.paragraph(input.orgName, right);
  c.paragraph(input.issuerName ? `${input.issuerTitle}　${input.issuerName}` : input.issuerTitle, right);
  if (input.sealOmitted) c.paragraph('（公印省略）', right);
}

/** Room for a section heading, a two-line lead sentence and the first item's opening lines. */
function keepWithFirstItem(c: DocumentComposer): void {
  c.ensureSpace(EM * 1.2 + c.lineHeight(HEADING) + 6 * c.lineHeight(BODY));
}

function section(c: DocumentComposer, no: number, title: string): void {
  c.gap(EM * 0.8);
  c.ensureSpace(c.lineHeight(HEADING) + 2 * c.lineHeight(BODY));
  c.paragraph(title, { style: HEADING, label: String(no), indent: 2 * EM, align: 'left' });
}

/** 「(1) 第10条第2項（…）」, then the item checked and what was found. */
function printItem(c: DocumentComposer, item: InspectionResultItem, no: number): void {
  // Room for 「確認した事実」 (6 characters) and a gap.
  const fields = { style: BODY, labelIndent: ITEM_INDENT, indent: ITEM_INDENT + 7 * EM };
  if (no > 1) c.gap(EM * 0.4);
  c.ensureSpace(3 * c.lineHeight(BODY));
  c.paragraph(`${citation(item.articleNo, item.basis ? [item.basis] : [])}（${item.clauseTitle}）`, {
    style: BODY,
    label: `(${no})`,
    labelIndent: ITEM_LABEL_INDENT,
    indent: ITEM_INDENT,
    align: 'left',
  });
  c.labelled('検査項目', [plainQuestion(item.question)], fields);
  c.labelled('確認した事実', toParagraphs(item.note), fields);
}

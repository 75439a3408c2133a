import { formatWareki } from '../../common/dates/wareki';
import {
  ANSWER_LABELS,
  canonicalImprovementNotice,
  type ImprovementNoticeFinding,
  type ImprovementNoticeInput,
  NO_ANSWER_LABEL,
  optional,
  paragraphsOf,
  planDueDate,
  printedText,
  SEVERITY_LABELS,
  severityLabel,
  sortedBasis,
  validateImprovementNoticeInput,
} from './improvement-notice';
import { citation, joinWithOyobi, parenthesizedNumber, toFullWidthDigits } from './japanese-format';
import { BODY_SIZE, DocumentComposer, STYLES } from './pdf-composer';
import { assertPrintable } from './pdf-fonts';
import { SPECIAL_PROVISIONS_TITLE } from './special-provisions.pdf';

/** Bump when the layout or wording changes: it is part of the document ID. */
const LAYOUT_VERSION = 'improvement-notice/v1';

export const IMPROVEMENT_NOTICE_TITLE = '情報セキュリティに関する改善指示書';

/** Printed in section ２ when the order cites no self-assessment finding. */
export const FREE_STANDING_NOTE = '本指示は自己点検によらず行うものである。';

const EM = BODY_SIZE;
const { body: BODY, heading: HEADING, title: TITLE } = STYLES;

/** Paragraphs under 「１　見出し」: lines aligned with the heading's text, the first one a character further in. */
const SECTION_BODY = { style: BODY, indent: 2 * EM, firstLineIndent: EM };
/** One-line entries under a heading (the basis articles), aligned with the heading's text. */
const SECTION_LIST = { style: BODY, indent: 2 * EM, align: 'left' as const };
/** The covering text before 「記」: first line indented one character, continuation lines flush left. */
const COVERING_TEXT = { style: BODY, firstLineIndent: EM };
/** 「（１）」 items inside a section: the number two characters in, the text after it. */
const ITEM_LABEL_INDENT = 2 * EM;
const ITEM_INDENT = 5 * EM;

/**
 * Renders the 改善指示書 as an A4 PDF in the calling thread, in the 記書き form of an official notice: the
 * covering text, then 「記」 and six numbered sections, then 「以上」. The same input always gives the same
 * bytes. DocumentRenderer runs this in worker threads.
 */
export function renderImprovementNoticePdf(input: ImprovementNoticeInput): Buffer {
  validateImprovementNoticeInput(input);
  assertPrintable(printedText(input));

  const c = new DocumentComposer({
    title: `${IMPROVEMENT_NOTICE_TITLE}（${input.orderNumber}）`,
    subject: `契約番号 ${input.contract.contractNumber}`,
    idSource: `itaku-guard/${LAYOUT_VERSION}\n${canonicalImprovementNotice(input)}`,
    draft: false,
  });
  const basis = sortedBasis(input);

  printHeader(c, input);
  c.gap(EM * 2);
  c.paragraph(IMPROVEMENT_NOTICE_TITLE, { style: TITLE, align: 'center' });
  c.gap(EM * 1.5);

  const articles = joinWithOyobi(basis.map((a) => `${citation(a.articleNo, a.paragraphs)}（${a.title}）`));
  c.paragraph(
    `${input.orgName}（以下「甲」という。）は、貴社（以下「乙」という。）と締結した契約（契約番号${input.contract.contractNumber}、` +
      `件名「${input.contract.title}」。以下「本契約」という。）に付した${SPECIAL_PROVISIONS_TITLE}（以下「特記事項」という。）` +
      `の遵守状況を確認した結果、乙の情報セキュリティ対策が特記事項${articles}の定めを満たしていないことを確認しました。`,
    COVERING_TEXT,
  );
  c.paragraph(
    'ついては、特記事項の改善の指示に関する規定に基づき、下記のとおり改善を指示しますので、' +
      '期限までに必要な措置を講じてください。',
    COVERING_TEXT,
  );
  c.gap(EM);
  c.paragraph('記', { style: BODY, align: 'center' });

  section(c, 1, '指示の根拠');
  for (const article of basis) {
    c.paragraph(
      `${SPECIAL_PROVISIONS_TITLE}　${citation(article.articleNo, article.paragraphs)}（${article.title}）`,
      SECTION_LIST,
    );
  }

  section(c, 2, '指摘事項');
  if (input.findings.length === 0) {
    c.paragraph(FREE_STANDING_NOTE, SECTION_BODY);
  } else {
    input.findings.forEach((finding, i) => printFinding(c, finding, i + 1));
  }

  section(c, 3, '改善を求める事項');
  const fields = { style: BODY, labelIndent: 2 * EM, indent: 5 * EM };
  c.labelled('件名', [input.title], { ...fields, align: 'left' });
  c.labelled('内容', paragraphsOf(input.description), fields);

  section(c, 4, '改善期限');
  c.paragraph(
    `${formatWareki(input.dueDate)}までに改善を完了し、改善の内容を示す資料を添えて、完了報告書により甲に報告すること。`,
    SECTION_BODY,
  );
  c.paragraph(
    `本指示の重大度は「${SEVERITY_LABELS[input.severity]}」である。期限までに改善が完了しないときは、` +
      '本契約及び特記事項に基づく措置を講ずることがある。',
    SECTION_BODY,
  );

  section(c, 5, '改善計画書の提出');
  c.paragraph(
    `本書の日付から${input.planDueDays}日以内（${formatWareki(planDueDate(input))}まで）に、` +
      '次の事項を記載した改善計画書を甲に提出すること。',
    SECTION_BODY,
  );
  // ISO/IEC 27001 10.2: react to the nonconformity, find its cause, act on it, and check whether similar
  // nonconformities exist or could occur elsewhere.
  const planItems = [
    '不適合の原因（根本的な原因を含む。）',
    '是正措置（不適合を除去するための措置）',
    '再発防止策（原因を除去し、同様の不適合の再発を防ぐための措置）',
    '完了予定日',
  ];
  planItems.forEach((item, i) => printItem(c, i + 1, item));
  c.paragraph(
    '改善計画書の作成に当たっては、同様の不適合が本契約の他の業務、他の作業場所及び再委託先' +
      '（再委託先から更に委託を受けた者を含む。）に存在しないかを確認し、その結果を記載すること。',
    SECTION_BODY,
  );
  c.paragraph(
    '甲は、改善計画書の内容が十分でないと認めるときは、その再提出を求めることがある。',
    SECTION_BODY,
  );

  section(c, 6, '問い合わせ先');
  printContact(c, input.contact);

  c.gap(EM);
  c.paragraph('以上', { style: BODY, align: 'right', rightInset: EM });
  return c.finish();
}

/** Top right the number and date, then the addressee (left) and the issuer (right). */
function printHeader(c: DocumentComposer, input: ImprovementNoticeInput): void {
  const right = { style: BODY, align: 'right' as const, rightInset: EM };
  c.paragraph(input.orderNumber, right);
  c.paragraph(formatWareki(input.issuedDate), right);
  c.gap(EM);
  const addressee = { style: BODY, indent: EM, align: 'left' as const };
  c.paragraph(input.contractor.name, addressee);
  c.paragraph(`${input.contractor.representativeName}　様`, addressee);
  c.gap(EM);
  c.paragraph(input.orgName, right);
  c.paragraph(input.issuerTitle, right);
}

/** 「１　見出し」, kept on one page with the first two lines of its section. */
function section(c: DocumentComposer, no: number, title: string): void {
  c.gap(EM * 0.8);
  c.ensureSpace(c.lineHeight(HEADING) + 2 * c.lineHeight(BODY));
  c.paragraph(title, { style: HEADING, label: toFullWidthDigits(no), indent: 2 * EM, align: 'left' });
}

function printItem(c: DocumentComposer, no: number, text: string): void {
  c.paragraph(text, {
    style: BODY,
    label: parenthesizedNumber(no),
    labelIndent: ITEM_LABEL_INDENT,
    indent: ITEM_INDENT,
    align: 'left',
  });
}

/** 「（１）第10条（…）」 and, under it, the question, the answer, the comment, the reviewer's note and severity. */
function printFinding(c: DocumentComposer, finding: ImprovementNoticeFinding, no: number): void {
  const fields = { style: BODY, labelIndent: ITEM_INDENT, indent: ITEM_INDENT + 5 * EM };
  const rows: [string, string[]][] = [
    ['点検項目', [finding.question]],
    ['乙の回答', [finding.answer === null ? NO_ANSWER_LABEL : ANSWER_LABELS[finding.answer]]],
    ['乙の説明', paragraphsOf(finding.comment)],
    ['甲の所見', paragraphsOf(finding.reviewNote)],
    ['重大度', finding.severity === null ? [] : [severityLabel(finding.severity)]],
  ];
  if (no > 1) c.gap(EM * 0.4);
  // Keep the heading with its question's first two lines.
  c.ensureSpace(3 * c.lineHeight(BODY));
  printItem(
    c,
    no,
    `${citation(finding.articleNo, finding.basis ? [finding.basis] : [])}（${finding.clauseTitle}）`,
  );
  for (const [label, paragraphs] of rows) {
    if (paragraphs.length > 0) c.labelled(label, paragraphs, fields);
  }
}

function printContact(c: DocumentComposer, contact: ImprovementNoticeInput['contact']): void {
  const fields = { style: BODY, labelIndent: 2 * EM, indent: 8 * EM, align: 'left' as const };
  const rows: [string, string | null][] = [
    ['担当部署', contact.department],
    ['担当者', contact.name],
    ['電話', optional(contact.phone)],
    ['電子メール', optional(contact.email)],
  ];
  for (const [label, value] of rows) {
    if (value !== null) c.labelled(label, [value], fields);
  }
}

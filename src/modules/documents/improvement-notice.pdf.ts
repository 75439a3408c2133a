import { formatFiscalYear, formatWareki } from '../../common/dates/wareki';
import {
  ANSWER_LABELS,
  type ImprovementNoticeFinding,
  type ImprovementNoticeInput,
  type ImprovementNoticeSource,
  type ImprovementNoticeSourceItem,
  NO_ANSWER_LABEL,
  optional,
  paragraphsOf,
  planDueDate,
  SEVERITY_LABELS,
  SEVERITY_WORD,
  severityLabel,
  sortedBasis,
  validateImprovementNoticeInput,
} from './improvement-notice';
import { canonicalImprovementNotice, printedText } from './improvement-notice-text';
import { citation, joinWithOyobi, plainQuestion } from './japanese-format';
import { BODY_SIZE, DocumentComposer, STYLES } from './pdf-composer';
import { assertPrintable } from './pdf-fonts';
import { SPECIAL_PROVISIONS_TITLE } from './special-provisions.pdf';

/** Bump when the layout or wording changes: it is part of the document ID. */
const LAYOUT_VERSION = 'improvement-notice/v3';

/** The kind of document (its metadata title and file name). */
export const IMPROVEMENT_NOTICE_TITLE = '情報セキュリティに関する改善指示書';

/** The 件名 printed above the covering text, in the style of a 公文書: 「…について（指示）」. */
export const NOTICE_SUBJECT = '情報セキュリティ対策の改善について（指示）';

/** Printed under 「確認した事実」 by a notice recorded before orders stated their facts, when it has no findings. */
export const FREE_STANDING_NOTE = '本指示は、自己点検によらず、甲が確認した事実に基づき行うものである。';

const EM = BODY_SIZE;
const { body: BODY, heading: HEADING, title: TITLE } = STYLES;

/** Paragraphs under 「1　見出し」: lines aligned with the heading's text, the first one a character further in. */
const SECTION_BODY = { style: BODY, indent: 2 * EM, firstLineIndent: EM };
/** One-line entries under a heading (the cited articles), aligned with the heading's text. */
const SECTION_LIST = { style: BODY, indent: 2 * EM, align: 'left' as const };
/** The covering text before 「記」: first line indented one character, continuation lines flush left. */
const COVERING_TEXT = { style: BODY, firstLineIndent: EM };
/** 「(1)」 items inside a section: the number two characters in, the text after it. */
const ITEM_LABEL_INDENT = 2 * EM;
const ITEM_INDENT = 4 * EM;

/**
 * Renders the 改善指示書 as an A4 PDF in the calling thread, in the 記書き form of a 公文書: 文書番号, date,
 * addressee and signer, the 件名, the covering text, then 「記」 and seven numbered sections — the article that
 * empowers the order, the paragraphs not met, the facts found and how, what is required, the deadline, the
 * 改善計画書 and the contact — then 「以上」. Numerals are half-width (公用文作成の考え方, 令和4年). The same
 * input always gives the same bytes. DocumentRenderer runs this in worker threads.
 */
export function renderImprovementNoticePdf(input: ImprovementNoticeInput): Buffer {
  validateImprovementNoticeInput(input);
  assertPrintable(printedText(input));

  const number = optional(input.documentNumber) ?? input.orderNumber;
  const c = new DocumentComposer({
    title: `${IMPROVEMENT_NOTICE_TITLE}（${number}）`,
    subject: `契約番号 ${input.contract.contractNumber}　改善指示番号 ${input.orderNumber}`,
    idSource: `itaku-guard/${LAYOUT_VERSION}\n${canonicalImprovementNotice(input)}`,
    draft: false,
  });
  const basis = sortedBasis(input);
  const authority = input.authority ?? null;
  const provision = (paragraph: number | null): string | null =>
    authority && paragraph !== null ? `特記事項${citation(authority.articleNo, [paragraph])}` : null;

  printHeader(c, input, number);
  c.gap(EM * 2);
  c.paragraph(NOTICE_SUBJECT, { style: TITLE, align: 'center' });
  c.gap(EM * 1.5);

  const articles = joinWithOyobi(basis.map((a) => `${citation(a.articleNo, a.paragraphs)}（${a.title}）`));
  c.paragraph(
    `${input.orgName}（以下「甲」という。）と貴社（以下「乙」という。）とが締結した${input.contract.title}の契約` +
      `（契約番号${input.contract.contractNumber}。以下「本契約」という。）に付した${SPECIAL_PROVISIONS_TITLE}` +
      `（以下「特記事項」という。）の遵守状況を確認したところ、乙の情報セキュリティ対策が特記事項${articles}の定めに` +
      '適合していないことを認めました。',
    COVERING_TEXT,
  );
  c.paragraph(
    `ついては、${provision(authority?.paragraph ?? null) ?? '特記事項の改善の指示に関する'}の規定に基づき、` +
      '下記のとおり改善を指示します。',
    COVERING_TEXT,
  );
  c.gap(EM);
  c.paragraph('記', { style: BODY, align: 'center' });

  section(c, 1, '指示の根拠');
  c.paragraph(
    authority
      ? `${SPECIAL_PROVISIONS_TITLE}　${citation(authority.articleNo, [authority.paragraph])}（${authority.title}）`
      : `${SPECIAL_PROVISIONS_TITLE}の改善の指示に関する規定`,
    SECTION_LIST,
  );

  section(c, 2, '適合していない事項');
  for (const article of basis) {
    c.paragraph(
      `特記事項　${citation(article.articleNo, article.paragraphs)}（${article.title}）`,
      SECTION_LIST,
    );
  }

  section(c, 3, '確認した事実');
  const sources = input.sources ?? [];
  if (input.findings.length > 0) {
    const how = sources.length
      ? `乙が提出した${joinWithOyobi(sources.map(sourceLabel))}の内容を甲が確認した結果`
      : '乙が提出した自己点検の結果を甲が確認したところ';
    c.paragraph(`${how}、次の事実を認めた。`, SECTION_BODY);
    input.findings.forEach((finding, i) => printFinding(c, finding, i + 1));
  }
  // Where the facts were found (an inspection, an incident, the administrator's own finding), then its items.
  const factsHow = input.factsHow ?? [];
  factsHow.forEach((text) => c.paragraph(text, SECTION_BODY));
  const items = input.sourceItems ?? [];
  items.forEach((item, i) => printSourceItem(c, item, i + 1));
  const facts = paragraphsOf(input.facts);
  facts.forEach((text) => c.paragraph(text, SECTION_BODY));
  if (input.findings.length === 0 && facts.length === 0 && factsHow.length === 0 && items.length === 0)
    c.paragraph(FREE_STANDING_NOTE, SECTION_BODY);

  section(c, 4, '改善を求める事項');
  // Room for 「指示番号」 (4 characters) and a gap before the value.
  const fields = { style: BODY, labelIndent: 2 * EM, indent: 7 * EM };
  // The number the contractor answers under in the system, when the 文書番号 at the top is not that number.
  if (optional(input.documentNumber))
    c.labelled('指示番号', [input.orderNumber], { ...fields, align: 'left' });
  c.labelled('項目', [input.title], { ...fields, align: 'left' });
  c.labelled('内容', paragraphsOf(input.description), fields);

  section(c, 5, '改善期限');
  const completion = provision(authority?.completionParagraph ?? null);
  c.paragraph(
    `${formatWareki(input.dueDate)}までに改善を完了し、` +
      (completion ? `${completion}の規定により、` : '') +
      '改善の内容を示す資料を添えて、完了報告書により甲に報告すること。',
    SECTION_BODY,
  );
  c.paragraph(
    `本指示の${SEVERITY_WORD}は「${SEVERITY_LABELS[input.severity]}」である。期限までに改善が完了しないときは、` +
      '本契約及び特記事項に基づく措置を講ずることがある。',
    SECTION_BODY,
  );

  section(c, 6, '改善計画書の提出');
  const plan = provision(authority?.planParagraph ?? null);
  c.paragraph(
    plan
      ? `${plan}の規定により、本指示を受けた日から${input.planDueDays}日以内に、` +
          '次の事項を記載した改善計画書を甲に提出し、その承認を受けること。'
      : `本書の日付から${input.planDueDays}日以内（${formatWareki(planDueDate(input))}まで）に、` +
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

  // The contact block and 「以上」 stay together on one page with their heading.
  c.ensureSpace(EM * 1.8 + c.lineHeight(HEADING) + 6 * c.lineHeight(BODY));
  section(c, 7, '問い合わせ先');
  printContact(c, input.contact);

  c.gap(EM);
  c.paragraph('以上', { style: BODY, align: 'right', rightInset: EM });
  return c.finish();
}

/**
 * 「令和8年度の自己点検（令和8年5月10日提出）」 or 「令和8年4月1日から令和8年6月30日までの期間に係る定期報告
 * （令和8年7月10日提出）」.
 */
export function sourceLabel(source: ImprovementNoticeSource): string {
  const what =
    source.kind === 'CHECKLIST'
      ? `${formatFiscalYear(source.periodStart)}の自己点検`
      : `${formatWareki(source.periodStart)}から${formatWareki(source.periodEnd)}までの期間に係る定期報告`;
  return source.submittedDate ? `${what}（${formatWareki(source.submittedDate)}提出）` : what;
}

/** Top right the number and date, then the addressee (left) and the signer (right), with 公印省略 when set. */
function printHeader(c: DocumentComposer, input: ImprovementNoticeInput, number: string): void {
  const right = { style: BODY, align: 'right' as const, rightInset: EM };
  c.paragraph(number, right);
  c.paragraph(formatWareki(input.issuedDate), right);
  c.gap(EM);
  const addressee = { style: BODY, indent: EM, align: 'left' as const };
  c.paragraph(input.contractor.name, addressee);
  c.paragraph(`${input.contractor.representativeName}　様`, addressee);
  c.gap(EM);
  c.paragraph(input.orgName, right);
  const name = optional(input.issuerName);
  c.paragraph(name ? `${input.issuerTitle}　${name}` : input.issuerTitle, right);
  if (input.sealOmitted === true) c.paragraph('（公印省略）', right);
}

/** 「1　見出し」, kept on one page with the first two lines of its section. */
function section(c: DocumentComposer, no: number, title: string): void {
  c.gap(EM * 0.8);
  c.ensureSpace(c.lineHeight(HEADING) + 2 * c.lineHeight(BODY));
  c.paragraph(title, { style: HEADING, label: String(no), indent: 2 * EM, align: 'left' });
}

function printItem(c: DocumentComposer, no: number, text: string): void {
  c.paragraph(text, {
    style: BODY,
    label: `(${no})`,
    labelIndent: ITEM_LABEL_INDENT,
    indent: ITEM_INDENT,
    align: 'left',
  });
}

/** 「(1) 第10条第2項（…）」 and, under it, the question, the answer, the comment, the reviewer's note and severity. */
function printFinding(c: DocumentComposer, finding: ImprovementNoticeFinding, no: number): void {
  const fields = { style: BODY, labelIndent: ITEM_INDENT, indent: ITEM_INDENT + 5 * EM };
  const rows: [string, string[]][] = [
    ['点検項目', [finding.question]],
    ['乙の回答', [finding.answer === null ? NO_ANSWER_LABEL : ANSWER_LABELS[finding.answer]]],
    ['乙の説明', paragraphsOf(finding.comment)],
    ['甲の所見', paragraphsOf(finding.reviewNote)],
    [SEVERITY_WORD, finding.severity === null ? [] : [severityLabel(finding.severity)]],
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

/** 「(1) 第10条第2項（…）」 and, under it, the item checked and what was found. */
function printSourceItem(c: DocumentComposer, item: ImprovementNoticeSourceItem, no: number): void {
  // Room for 「確認した事実」 (6 characters) and a gap.
  const fields = { style: BODY, labelIndent: ITEM_INDENT, indent: ITEM_INDENT + 7 * EM };
  if (no > 1) c.gap(EM * 0.4);
  c.ensureSpace(3 * c.lineHeight(BODY));
  printItem(c, no, `${citation(item.articleNo, item.basis ? [item.basis] : [])}（${item.clauseTitle}）`);
  c.labelled('検査項目', [plainQuestion(item.question)], fields);
  const note = paragraphsOf(item.note);
  if (note.length > 0) c.labelled('確認した事実', note, fields);
}

function printContact(c: DocumentComposer, contact: ImprovementNoticeInput['contact']): void {
  const fields = { style: BODY, labelIndent: 2 * EM, indent: 8 * EM, align: 'left' as const };
  const rows: [string, string | null][] = [
    ['担当課・係', contact.department],
    ['担当者', contact.name],
    ['電話', optional(contact.phone)],
    ['電子メール', optional(contact.email)],
  ];
  for (const [label, value] of rows) {
    if (value !== null) c.labelled(label, [value], fields);
  }
}

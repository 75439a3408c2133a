import { formatWareki } from '../../common/dates/wareki';
import { toParagraphs } from './document-input';
import { citation } from './japanese-format';
import { BODY_SIZE, DocumentComposer, STYLES } from './pdf-composer';
import { assertPrintable } from './pdf-fonts';
import { SPECIAL_PROVISIONS_TITLE } from './special-provisions.pdf';
import {
  canonicalSubcontractDecision,
  printedSubcontractDecisionText,
  type SubcontractAuthority,
  type SubcontractDecisionInput,
  validateSubcontractDecisionInput,
} from './subcontract-decision';

/** Bump when the layout or wording changes: it is part of the document ID. */
const LAYOUT_VERSION = 'subcontract-decision/v1';

export const SUBCONTRACT_APPROVAL_TITLE = '再委託承認通知書';
export const SUBCONTRACT_REJECTION_TITLE = '再委託不承認通知書';

/** The 件名 in the style of a 公文書. */
export const APPROVAL_SUBJECT = '再委託の承認について（通知）';
export const REJECTION_SUBJECT = '再委託の不承認について（通知）';

const EM = BODY_SIZE;
const { body: BODY, heading: HEADING, title: TITLE } = STYLES;
const SECTION_BODY = { style: BODY, indent: 2 * EM, firstLineIndent: EM };
const SECTION_LIST = { style: BODY, indent: 2 * EM, align: 'left' as const };
const COVERING_TEXT = { style: BODY, firstLineIndent: EM };
const FIELDS = { style: BODY, labelIndent: 2 * EM, indent: 9 * EM };

/**
 * Renders the 再委託承認通知書 or 再委託不承認通知書 as an A4 PDF in the 記書き form of a 公文書: 文書番号, date,
 * addressee and signer (公印省略 when set), the 件名, the covering text citing the article of the signed 特記事項
 * under which the body decides, then 「記」 — what was requested, the conditions or the reason, the 根拠 and the
 * contact — and 「以上」. Half-width numerals (公用文作成の考え方, 令和4年). The same input gives the same bytes.
 */
export function renderSubcontractDecisionPdf(input: SubcontractDecisionInput): Buffer {
  validateSubcontractDecisionInput(input);
  assertPrintable(printedSubcontractDecisionText(input));
  const approved = input.decision === 'APPROVED';
  const kind = approved ? SUBCONTRACT_APPROVAL_TITLE : SUBCONTRACT_REJECTION_TITLE;
  const c = new DocumentComposer({
    title: input.documentNumber ? `${kind}（${input.documentNumber}）` : kind,
    subject: `契約番号 ${input.contract.contractNumber}　再委託先 ${input.request.subcontractor.name}`,
    idSource: `itaku-guard/${LAYOUT_VERSION}\n${canonicalSubcontractDecision(input)}`,
    draft: false,
  });
  const a = input.authority;
  const r = input.request;

  printHeader(c, input);
  c.gap(EM * 2);
  c.paragraph(approved ? APPROVAL_SUBJECT : REJECTION_SUBJECT, { style: TITLE, align: 'center' });
  c.gap(EM * 1.5);

  const where = a ? `${approvalCitation(a)}の規定` : 'の再委託の制限に関する規定';
  c.paragraph(
    `${formatWareki(r.requestedDate)}付けで申請のあった再委託については、${input.orgName}（以下「甲」という。）と` +
      `貴社（以下「乙」という。）とが締結した${input.contract.title}の契約（契約番号${input.contract.contractNumber}。` +
      `以下「本契約」という。）に付した${SPECIAL_PROVISIONS_TITLE}（以下「特記事項」という。）${where}` +
      (approved
        ? 'により、下記のとおり承認します。'
        : 'による承認をしないこととしたので、下記のとおり通知します。'),
    COVERING_TEXT,
  );
  c.gap(EM);
  c.paragraph('記', { style: BODY, align: 'center' });

  section(c, 1, '申請の内容');
  c.labelled('申請日', [formatWareki(r.requestedDate)], { ...FIELDS, align: 'left' });
  c.labelled('再委託先', [r.subcontractor.name], { ...FIELDS, align: 'left' });
  if (r.subcontractor.corporateNumber)
    c.labelled('法人番号', [r.subcontractor.corporateNumber], { ...FIELDS, align: 'left' });
  c.labelled('所在地', [r.subcontractor.address], { ...FIELDS, align: 'left' });
  if (r.parentName)
    c.labelled('再委託元', [`${r.parentName}（承認済みの再委託先）`], { ...FIELDS, align: 'left' });
  c.labelled('業務の範囲', toParagraphs(r.scope), FIELDS);
  if (r.informationHandled) c.labelled('取り扱う情報', toParagraphs(r.informationHandled), FIELDS);
  // One worker a line, aligned (as paragraphs of one value they would be indented one character each).
  r.workers.forEach((w, i) =>
    c.labelled(i === 0 ? '従事者' : '', [`${w.name}（${w.role}）`], { ...FIELDS, align: 'left' }),
  );
  if (r.plannedStartDate)
    c.labelled('開始予定日', [formatWareki(r.plannedStartDate)], { ...FIELDS, align: 'left' });

  const note = input.note ? toParagraphs(input.note) : [];
  if (approved) {
    section(c, 2, '承認の条件');
    const conditions = [
      (a?.flowDownParagraph ? `特記事項${citation(a.articleNo, [a.flowDownParagraph])}の規定により、` : '') +
        '再委託先に対し、特記事項に定める乙の義務と同等の義務を書面により課し、その履行状況を管理すること。',
      '本業務に従事させる再委託先の者は、1に記載した従事者に限り、従事させる前に従事者名簿に記載して甲に届け出ること。',
      '申請の内容を変更しようとするときは、あらかじめ甲の承認を受けること。',
      ...note,
    ];
    conditions.forEach((text, i) => printItem(c, i + 1, text));
  } else {
    section(c, 2, '承認しない理由');
    note.forEach((text) => c.paragraph(text, SECTION_BODY));
    c.paragraph('乙は、この申請に係る再委託先に本業務の全部又は一部を行わせてはならない。', SECTION_BODY);
  }

  section(c, 3, '根拠');
  c.paragraph(
    a
      ? `${SPECIAL_PROVISIONS_TITLE}　${approvalCitation(a)}（${a.title}）`
      : `${SPECIAL_PROVISIONS_TITLE}の再委託の制限に関する規定`,
    SECTION_LIST,
  );

  c.ensureSpace(EM * 1.8 + c.lineHeight(HEADING) + 6 * c.lineHeight(BODY));
  section(c, 4, '問い合わせ先');
  const contact: [string, string | undefined][] = [
    ['担当課・係', input.contact.department],
    ['担当者', input.contact.name],
    ['電話', input.contact.phone],
    ['電子メール', input.contact.email],
  ];
  for (const [label, value] of contact) {
    if (value) c.labelled(label, [value], { ...FIELDS, align: 'left' });
  }
  c.gap(EM);
  c.paragraph('以上', { style: BODY, align: 'right', rightInset: EM });
  return c.finish();
}

/** 「第7条第1項ただし書」: the provision that lets 甲 approve. */
export function approvalCitation(a: SubcontractAuthority): string {
  return `${citation(a.articleNo, [a.approvalParagraph])}${a.proviso ? 'ただし書' : ''}`;
}

function printHeader(c: DocumentComposer, input: SubcontractDecisionInput): void {
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

function section(c: DocumentComposer, no: number, title: string): void {
  c.gap(EM * 0.8);
  c.ensureSpace(c.lineHeight(HEADING) + 2 * c.lineHeight(BODY));
  c.paragraph(title, { style: HEADING, label: String(no), indent: 2 * EM, align: 'left' });
}

function printItem(c: DocumentComposer, no: number, text: string): void {
  c.paragraph(text, { style: BODY, label: `(${no})`, labelIndent: 2 * EM, indent: 4 * EM, align: 'left' });
}

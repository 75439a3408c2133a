import { formatWareki } from '../../common/dates/wareki';
import { toParagraphs } from './document-input';
import {
  type IncidentReceiptInput,
  printedIncidentReceiptText,
  validateIncidentReceiptInput,
} from './incident-receipt';
import { citation } from './japanese-format';
import { BODY_SIZE, DocumentComposer, STYLES } from './pdf-composer';
import { assertPrintable } from './pdf-fonts';
import { SPECIAL_PROVISIONS_TITLE } from './special-provisions.pdf';

/** Bump when the layout or wording changes: it is part of the document ID. */
const LAYOUT_VERSION = 'incident-receipt/v2';

export const INCIDENT_RECEIPT_TITLE = '事故報告受付通知書';
export const INCIDENT_RECEIPT_SUBJECT = '事故の報告の受付について（通知）';

const EM = BODY_SIZE;
const { body: BODY, heading: HEADING, title: TITLE } = STYLES;
const SECTION_BODY = { style: BODY, indent: 2 * EM, firstLineIndent: EM };
const COVERING_TEXT = { style: BODY, firstLineIndent: EM };
const FIELDS = { style: BODY, labelIndent: 2 * EM, indent: 11 * EM, align: 'left' as const };
/** The report's rows: wide enough for 「講じた措置（報告時点）」. */
const REPORT_FIELDS = { ...FIELDS, indent: 15 * EM };

/**
 * Renders the 事故報告受付通知書 as an A4 PDF in the 記書き form of a 公文書: 文書番号, date, addressee and signer, the
 * 件名, the covering text citing the 事故発生時の報告 article as signed, then 「記」 — the report received, its
 * deadline kept or missed (by how much), the written report due (第2項), the measures owed at once (第3項), the
 * contact — and 「以上」. Half-width numerals. The same input gives the same bytes.
 */
export function renderIncidentReceiptPdf(input: IncidentReceiptInput): Buffer {
  validateIncidentReceiptInput(input);
  assertPrintable(printedIncidentReceiptText(input));
  const c = new DocumentComposer({
    title: input.documentNumber
      ? `${INCIDENT_RECEIPT_TITLE}（${input.documentNumber}）`
      : INCIDENT_RECEIPT_TITLE,
    subject: `契約番号 ${input.contract.contractNumber}　事故の報告 ${input.incident.reportedAt}`,
    idSource: `itaku-guard/${LAYOUT_VERSION}\n${JSON.stringify(input)}`,
    draft: false,
  });
  printHeader(c, input);
  c.gap(EM * 2);
  c.paragraph(INCIDENT_RECEIPT_SUBJECT, { style: TITLE, align: 'center' });
  c.gap(EM * 1.5);

  const article = (paragraph: number): string =>
    input.clause ? `特記事項${citation(input.clause.articleNo, [paragraph])}` : '特記事項';
  const i = input.incident;
  c.paragraph(
    `${input.orgName}（以下「甲」という。）と貴社（以下「乙」という。）とが締結した${input.contract.title}の契約` +
      `（契約番号${input.contract.contractNumber}）に付した${SPECIAL_PROVISIONS_TITLE}（以下「特記事項」という。）` +
      `${input.clause ? citation(input.clause.articleNo, [1]) : ''}の規定に基づき${i.reportedAt}に乙から報告のあった事故について、` +
      '下記のとおり受け付けましたので通知します。',
    COVERING_TEXT,
  );
  c.gap(EM);
  c.paragraph('記', { style: BODY, align: 'center' });

  section(c, 1, '受け付けた報告');
  const R = REPORT_FIELDS;
  const text = { ...R, align: undefined };
  c.labelled('事故の種類', [i.kind], R);
  if (i.occurredAt) c.labelled('発生日時', [i.occurredAt], R);
  c.labelled('乙が知った日時', [i.detectedAt], R);
  c.labelled('報告を受けた日時', [i.reportedAt], R);
  c.labelled('事故の概要', toParagraphs(i.summary), text);
  if (i.informationInvolved) c.labelled('対象となった情報', toParagraphs(i.informationInvolved), text);
  if (i.personalInfo !== undefined) {
    const p = i.personalInfo;
    c.labelled('個人情報', [p ? '含まれる' : '含まれない'], R);
    if (p) {
      const has = (yes: boolean): string => (yes ? '含まれる' : '含まれない');
      c.labelled('本人の数', [p.persons === null ? '不明' : `${p.persons}人（見込みを含む。）`], R);
      c.labelled('要配慮個人情報', [has(p.sensitive)], R);
      c.labelled('特定個人情報', [has(p.myNumber)], R);
    }
  }
  if (i.containment !== undefined)
    c.labelled('講じた措置（報告時点）', i.containment ? toParagraphs(i.containment) : ['報告なし'], text);

  section(c, 2, '報告の期限');
  const f = input.firstReport;
  c.paragraph(
    `${article(1)}の規定により、第一報の期限は、乙が事故又はそのおそれを知った時から${f.hours}時間以内（${f.dueAt}まで）である。` +
      (f.lateBy
        ? `この報告は、その期限を${f.lateBy}経過して行われた。`
        : 'この報告は、その期限内に行われた。'),
    SECTION_BODY,
  );

  section(c, 3, '事故報告書の提出');
  const w = input.writtenReport;
  c.paragraph(
    w.submitted
      ? `${article(2)}に規定する報告書は、既に提出を受けている。甲は、その内容を確認し、必要があると認めるときは、追加の報告を求める。`
      : `${article(2)}の規定により、${formatWareki(w.dueDate)}（乙が事故又はそのおそれを知った時から${w.days}日以内）までに、` +
          '事故の原因、被害の範囲、講じた措置及び再発防止策を記載した報告書を甲に提出すること。',
    SECTION_BODY,
  );

  section(c, 4, '被害の拡大の防止等');
  c.paragraph(
    `${article(3)}の規定により、直ちに被害の拡大の防止、復旧及び証拠の保全のために必要な措置を講ずるとともに、` +
      '甲の指示があったときは、これに従うこと。',
    SECTION_BODY,
  );

  c.ensureSpace(EM * 1.8 + c.lineHeight(HEADING) + 6 * c.lineHeight(BODY));
  section(c, 5, '問い合わせ先');
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

function printHeader(c: DocumentComposer, input: IncidentReceiptInput): void {
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

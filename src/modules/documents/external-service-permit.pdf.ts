import { formatWareki } from '../../common/dates/wareki';
import { toParagraphs } from './document-input';
import { EXTERNAL_SERVICE_BASIS, section } from './external-service-application.pdf';
import { FACT_FIELDS, ismapLine, printServiceOutline, printUse } from './external-service-facts';
import {
  type ExternalServicePermitInput,
  printedExternalServicePermitText,
  validateExternalServicePermitInput,
} from './external-service-permit';
import { BODY_SIZE, DocumentComposer, STYLES } from './pdf-composer';
import { assertPrintable } from './pdf-fonts';

/** Bump when the layout or wording changes: it is part of the document ID. */
const LAYOUT_VERSION = 'external-service-permit/v1';

export const EXTERNAL_SERVICE_PERMIT_TITLE = '外部サービス利用許可通知書';
export const EXTERNAL_SERVICE_REFUSAL_TITLE = '外部サービス利用不許可通知書';
export const PERMIT_SUBJECT = '外部サービスの利用の許可について（通知）';
export const REFUSAL_SUBJECT = '外部サービスの利用の不許可について（通知）';

const EM = BODY_SIZE;
const { body: BODY, heading: HEADING, title: TITLE } = STYLES;
const SECTION_BODY = { style: BODY, indent: 2 * EM, firstLineIndent: EM };

/**
 * Renders the 外部サービス利用許可通知書 (or 不許可通知書) as an A4 PDF in the 記書き form: 文書番号, date, the
 * applicant as addressee, the signer (公印省略 when set), the 件名, the covering text citing the application and
 * 基本方針 第6条第6号イ, then 「記」 — the service as applied for, the conditions of use (or the reason for the
 * refusal), the 根拠 and the contact — and 「以上」. The same input gives the same bytes.
 */
export function renderExternalServicePermitPdf(input: ExternalServicePermitInput): Buffer {
  validateExternalServicePermitInput(input);
  assertPrintable(printedExternalServicePermitText(input));
  const approved = input.decision === 'APPROVED';
  const kind = approved ? EXTERNAL_SERVICE_PERMIT_TITLE : EXTERNAL_SERVICE_REFUSAL_TITLE;
  const s = input.service;
  const c = new DocumentComposer({
    title: input.documentNumber ? `${kind}（${input.documentNumber}）` : kind,
    subject: `${s.name}（${s.provider.name}）`,
    idSource: `itaku-guard/${LAYOUT_VERSION}\n${JSON.stringify(input)}`,
    draft: false,
  });

  const right = { style: BODY, align: 'right' as const, rightInset: EM };
  if (input.documentNumber) c.paragraph(input.documentNumber, right);
  c.paragraph(formatWareki(input.issuedDate), right);
  c.gap(EM);
  const addressee = { style: BODY, indent: EM, align: 'left' as const };
  c.paragraph(input.addressee.department, addressee);
  c.paragraph(`${input.addressee.name}　様`, addressee);
  c.gap(EM);
  c.paragraph(input.orgName, right);
  c.paragraph(input.issuerName ? `${input.issuerTitle}　${input.issuerName}` : input.issuerTitle, right);
  if (input.sealOmitted) c.paragraph('（公印省略）', right);
  c.gap(EM * 2);
  c.paragraph(approved ? PERMIT_SUBJECT : REFUSAL_SUBJECT, { style: TITLE, align: 'center' });
  c.gap(EM * 1.5);

  const a = input.application;
  c.paragraph(
    `${formatWareki(a.appliedDate)}付け${a.documentNumber ? `${a.documentNumber}` : ''}で申請のあった外部サービス` +
      `（${s.name}）の利用については、${EXTERNAL_SERVICE_BASIS}により、` +
      (approved ? '下記の条件を付して許可します。' : '許可しないこととしたので、下記のとおり通知します。'),
    { style: BODY, firstLineIndent: EM },
  );
  c.gap(EM);
  c.paragraph('記', { style: BODY, align: 'center' });

  section(c, 1, approved ? '許可する外部サービス' : '申請のあった外部サービス');
  printServiceOutline(c, s);
  printUse(c, s);
  c.labelled('データの保存場所', [s.dataLocation ?? '記載なし'], FACT_FIELDS);
  c.labelled('ISMAP等の登録', [s.ismap ? ismapLine(s.ismap) : '登録なし'], FACT_FIELDS);
  if (s.alternativeEvaluation)
    c.labelled('代替の評価', toParagraphs(s.alternativeEvaluation), { ...FACT_FIELDS, align: 'justify' });
  c.labelled('外部サービス管理者', [s.managerName ?? '未指定'], FACT_FIELDS);

  const note = input.note ? toParagraphs(input.note) : [];
  if (approved) {
    section(c, 2, '利用の条件');
    permitConditions(input).forEach((text, i) =>
      c.paragraph(text, { style: BODY, label: `(${i + 1})`, labelIndent: 2 * EM, indent: 4 * EM }),
    );
  } else {
    section(c, 2, '許可しない理由');
    note.forEach((text) => c.paragraph(text, SECTION_BODY));
    c.paragraph('この外部サービスには、本組合の情報を保存し、又は処理させてはならない。', SECTION_BODY);
  }

  section(c, 3, '根拠');
  c.paragraph(EXTERNAL_SERVICE_BASIS, { style: BODY, indent: 2 * EM, align: 'left' });

  c.ensureSpace(EM * 1.8 + c.lineHeight(HEADING) + 6 * c.lineHeight(BODY));
  section(c, 4, '問い合わせ先');
  const contact: [string, string | undefined][] = [
    ['担当課・係', input.contact.department],
    ['担当者', input.contact.name],
    ['電話', input.contact.phone],
    ['電子メール', input.contact.email],
  ];
  for (const [label, value] of contact) {
    if (value)
      c.labelled(label, [value], { style: BODY, labelIndent: 2 * EM, indent: 9 * EM, align: 'left' });
  }
  c.gap(EM);
  c.paragraph('以上', { style: BODY, align: 'right', rightInset: EM });
  return c.finish();
}

/** The conditions of an approval: those every use carries, then the decider's own. */
export function permitConditions(input: ExternalServicePermitInput): string[] {
  const s = input.service;
  const conditions = [
    `本サービスでは、1に記載した利用の目的の範囲内で、${s.confidentiality}までの情報に限り取り扱うこと。`,
    '外部サービス管理者は、本サービスの利用者、利用状況及び障害の発生状況を把握し、情報セキュリティに関する事故が' +
      '発生し、又は発生したおそれがあるときは、直ちに報告すること。',
  ];
  if (s.ismap)
    conditions.push(
      `${s.ismap.kind}の登録の有効期限（${formatWareki(s.ismap.validUntil)}）を管理し、登録が更新されず、` +
        '又は取り消されたときは、直ちに報告すること。',
    );
  if (s.terms)
    conditions.push(
      '約款の内容を少なくとも1年ごとに確認し、秘密の保持、情報の目的外利用の禁止、一方的な変更又は利用終了時の' +
        '情報の消去に関して不利な変更があったときは、直ちに報告すること。',
    );
  if (input.nextReviewDate)
    conditions.push(
      `${formatWareki(input.nextReviewDate)}までに利用の継続について見直しを受けること。以後も、` +
        `${s.reviewIntervalMonths}か月ごとに同様とする。`,
    );
  conditions.push(
    '利用を終了するときは、本サービスに保存した情報の消去を確認し、その結果を報告すること。',
    '申請の内容を変更しようとするときは、あらかじめ許可を受けること。',
  );
  return [...conditions, ...(input.note ? toParagraphs(input.note) : [])];
}

import { formatWareki } from '../../common/dates/wareki';
import {
  type ExternalServiceApplicationInput,
  printedExternalServiceApplicationText,
  validateExternalServiceApplicationInput,
} from './external-service-application';
import {
  printAssurance,
  printLocation,
  printManagement,
  printServiceOutline,
  printTerms,
  printUse,
} from './external-service-facts';
import { BODY_SIZE, DocumentComposer, STYLES } from './pdf-composer';
import { assertPrintable } from './pdf-fonts';

/** Bump when the layout or wording changes: it is part of the document ID. */
const LAYOUT_VERSION = 'external-service-application/v1';

export const EXTERNAL_SERVICE_APPLICATION_TITLE = '外部サービス利用申請書';

/** The provision the application is made under: the policy's article and the rules it calls for. */
export const EXTERNAL_SERVICE_BASIS =
  '情報セキュリティ基本方針第6条第6号イ及びこれに基づく外部サービスの利用に関する規定';

const EM = BODY_SIZE;
const { body: BODY, heading: HEADING, title: TITLE } = STYLES;

/**
 * Renders the 外部サービス利用申請書 as an A4 PDF: 文書番号 and date, the addressee (the official who decides), the
 * applicant's department and name, the title, the covering sentence citing 基本方針 第6条第6号イ, then 「記」 —
 * the service, its use and the information it holds, where the data is kept, the 約款 as checked, ISMAP or the
 * evaluation in its place, the fallback, the 外部サービス管理者 and the review interval — and 「以上」. Half-width
 * numerals. The same input gives the same bytes.
 */
export function renderExternalServiceApplicationPdf(input: ExternalServiceApplicationInput): Buffer {
  validateExternalServiceApplicationInput(input);
  assertPrintable(printedExternalServiceApplicationText(input));
  const s = input.service;
  const c = new DocumentComposer({
    title: input.documentNumber
      ? `${EXTERNAL_SERVICE_APPLICATION_TITLE}（${input.documentNumber}）`
      : EXTERNAL_SERVICE_APPLICATION_TITLE,
    subject: `${s.name}（${s.provider.name}）`,
    idSource: `itaku-guard/${LAYOUT_VERSION}\n${JSON.stringify(input)}`,
    draft: false,
  });

  const right = { style: BODY, align: 'right' as const, rightInset: EM };
  if (input.documentNumber) c.paragraph(input.documentNumber, right);
  c.paragraph(formatWareki(input.issuedDate), right);
  c.gap(EM);
  const addressee = { style: BODY, indent: EM, align: 'left' as const };
  c.paragraph(input.orgName, addressee);
  c.paragraph(
    input.addresseeName
      ? `${input.addresseeTitle}　${input.addresseeName}　様`
      : `${input.addresseeTitle}　様`,
    addressee,
  );
  c.gap(EM);
  c.paragraph(input.applicant.department, right);
  c.paragraph(`申請者　${input.applicant.name}`, right);
  c.gap(EM * 2);
  c.paragraph(EXTERNAL_SERVICE_APPLICATION_TITLE, { style: TITLE, align: 'center' });
  c.gap(EM * 1.5);
  c.paragraph(`${EXTERNAL_SERVICE_BASIS}により、下記のとおり外部サービスの利用を申請します。`, {
    style: BODY,
    firstLineIndent: EM,
  });
  c.gap(EM);
  c.paragraph('記', { style: BODY, align: 'center' });

  section(c, 1, '外部サービスの概要');
  printServiceOutline(c, s);
  section(c, 2, '利用の目的及び取り扱う情報');
  printUse(c, s);
  section(c, 3, 'データの保存場所及び準拠法');
  printLocation(c, s);
  // The 約款 and its checklist stay on one page: the items are read as one answer.
  const termsLines = s.terms ? 3 + (s.terms.url ? 1 : 0) + s.terms.checklist.length : 1;
  c.ensureSpace(EM * 0.8 + c.lineHeight(HEADING) + termsLines * c.lineHeight(BODY));
  section(c, 4, '約款の確認');
  printTerms(c, s);
  section(c, 5, 'ISMAP等の登録及び認証');
  printAssurance(c, s);
  // The last section and 「以上」 stay together, so no page holds 「以上」 alone.
  c.ensureSpace(EM * 2.8 + c.lineHeight(HEADING) + 5 * c.lineHeight(BODY));
  section(c, 6, '利用の管理');
  printManagement(c, s);
  c.gap(EM);
  c.paragraph('以上', { style: BODY, align: 'right', rightInset: EM });
  return c.finish();
}

export function section(c: DocumentComposer, no: number, title: string): void {
  c.gap(EM * 0.8);
  c.ensureSpace(c.lineHeight(HEADING) + 2 * c.lineHeight(BODY));
  c.paragraph(title, { style: HEADING, label: String(no), indent: 2 * EM, align: 'left' });
}

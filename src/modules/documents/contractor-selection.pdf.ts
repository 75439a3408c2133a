import { formatWareki } from '../../common/dates/wareki';
import {
  type ContractorSelectionInput,
  printedContractorSelectionText,
  validateContractorSelectionInput,
} from './contractor-selection';
import { toParagraphs } from './document-input';
import { joinWithOyobi } from './japanese-format';
import { BODY_SIZE, DocumentComposer, STYLES } from './pdf-composer';
import { assertPrintable } from './pdf-fonts';

/** Bump when the layout or wording changes: it is part of the document ID. */
const LAYOUT_VERSION = 'contractor-selection/v1';

export const CONTRACTOR_SELECTION_TITLE = '委託先選定調書';

const EM = BODY_SIZE;
const { body: BODY, heading: HEADING, title: TITLE } = STYLES;
const FIELDS = { style: BODY, labelIndent: 2 * EM, indent: 9 * EM, align: 'left' as const };
const ITEM_FIELDS = { style: BODY, labelIndent: 4 * EM, indent: 10 * EM, align: 'left' as const };
const SECTION_BODY = { style: BODY, indent: 2 * EM, firstLineIndent: EM };

/**
 * Renders the 委託先選定調書 as an A4 PDF: 文書番号 and date, the title, the contract and the contractor, the
 * method, each criterion (基準, 結果, 確認の内容, 確認資料, the certifications seen with their flags), the 選定理由,
 * who decided and when, and the approval. Half-width numerals (公用文作成の考え方, 令和4年). Same input, same bytes.
 */
export function renderContractorSelectionPdf(input: ContractorSelectionInput): Buffer {
  validateContractorSelectionInput(input);
  assertPrintable(printedContractorSelectionText(input));
  const c = new DocumentComposer({
    title: input.documentNumber
      ? `${CONTRACTOR_SELECTION_TITLE}（${input.documentNumber}）`
      : CONTRACTOR_SELECTION_TITLE,
    subject: `契約番号 ${input.contract.contractNumber}　委託先 ${input.contractor.name}`,
    idSource: `itaku-guard/${LAYOUT_VERSION}\n${JSON.stringify(input)}`,
    draft: false,
  });
  const right = { style: BODY, align: 'right' as const, rightInset: EM };
  if (input.documentNumber) c.paragraph(input.documentNumber, right);
  c.paragraph(formatWareki(input.issuedDate), right);
  c.paragraph(input.orgName, right);
  c.gap(EM * 1.5);
  c.paragraph(CONTRACTOR_SELECTION_TITLE, { style: TITLE, align: 'center' });
  c.gap(EM * 1.5);
  c.paragraph(`${input.contract.title}の委託先を、下記のとおり選定した。`, {
    style: BODY,
    firstLineIndent: EM,
  });
  c.gap(EM);
  c.paragraph('記', { style: BODY, align: 'center' });

  const k = input.contract;
  section(c, 1, '委託する業務');
  c.labelled('契約番号', [k.contractNumber], FIELDS);
  c.labelled('業務名', [k.title], FIELDS);
  c.labelled('担当課', [k.department], FIELDS);
  c.labelled('契約期間', [`${formatWareki(k.startDate)}から${formatWareki(k.endDate)}まで`], FIELDS);
  c.labelled('作業場所', [k.workLocations.length ? joinWithOyobi(k.workLocations) : '定めなし'], FIELDS);
  // The label is longer than the column: its answer follows it after a full-width space.
  c.labelled('クラウドサービスの利用', [k.usesCloud ? 'あり' : 'なし'], { ...FIELDS, indent: 14 * EM });

  section(c, 2, '委託先');
  c.labelled('名称', [input.contractor.name], FIELDS);
  if (input.contractor.corporateNumber) c.labelled('法人番号', [input.contractor.corporateNumber], FIELDS);
  c.labelled('所在地', [input.contractor.address], FIELDS);
  c.labelled('代表者', [input.contractor.representativeName], FIELDS);

  section(c, 3, '選定の方法');
  c.paragraph(input.method, { style: BODY, indent: 2 * EM, align: 'left' });

  section(c, 4, '選定基準の確認結果');
  input.criteria.forEach((item, i) => {
    c.ensureSpace(4 * c.lineHeight(BODY));
    c.paragraph(`${item.title}　${item.met ? '適合' : '不適合'}`, {
      style: HEADING,
      label: `(${i + 1})`,
      labelIndent: 2 * EM,
      indent: 4 * EM,
      align: 'left',
    });
    c.labelled('基準', [item.requirement], ITEM_FIELDS);
    // No row when the officer wrote nothing: 「記載なし」 would read as "nothing was found".
    if (item.note) c.labelled('確認の内容', toParagraphs(item.note), ITEM_FIELDS);
    if (item.evidence) c.labelled('確認資料', toParagraphs(item.evidence), ITEM_FIELDS);
    item.certifications.forEach((line, j) => c.labelled(j === 0 ? '認証' : '', [line], ITEM_FIELDS));
  });

  section(c, 5, '選定理由');
  toParagraphs(input.reason).forEach((p) => c.paragraph(p, SECTION_BODY));

  c.ensureSpace(EM * 1.8 + c.lineHeight(HEADING) + 4 * c.lineHeight(BODY));
  section(c, 6, '決定');
  c.labelled('決定者', [input.decidedBy], FIELDS);
  c.labelled('決定日', [formatWareki(input.decidedDate)], FIELDS);
  c.labelled('契約の承認', [`${formatWareki(input.issuedDate)}（${input.approvedBy}）`], FIELDS);
  c.gap(EM);
  c.paragraph('以上', { style: BODY, align: 'right', rightInset: EM });
  return c.finish();
}

function section(c: DocumentComposer, no: number, title: string): void {
  c.gap(EM * 0.8);
  c.ensureSpace(c.lineHeight(HEADING) + 2 * c.lineHeight(BODY));
  c.paragraph(title, { style: HEADING, label: String(no), indent: 2 * EM, align: 'left' });
}

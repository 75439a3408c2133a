import { formatWareki } from '../../common/dates/wareki';
import {
  type ExternalServiceRegisterInput,
  type ExternalServiceRegisterRow,
  printedExternalServiceRegisterText,
  validateExternalServiceRegisterInput,
} from './external-service-register';
import { BODY_SIZE, DocumentComposer, STYLES, type TableColumn, type TextStyle } from './pdf-composer';
import { assertPrintable } from './pdf-fonts';

/** Bump when the layout or wording changes: it is part of the document ID. */
const LAYOUT_VERSION = 'external-service-register/v1';

export const EXTERNAL_SERVICE_REGISTER_TITLE = '外部サービス台帳';

const EM = BODY_SIZE;
const { body: BODY, title: TITLE } = STYLES;
const CELL: TextStyle = { font: 'regular', size: 7.5 };
const CELL_HEAD: TextStyle = { font: 'heading', size: 7.5 };
const COLUMNS: TableColumn<ExternalServiceRegisterRow>[] = [
  { title: ['番号'], width: 16, cell: (_r, no) => [String(no)], align: 'center' },
  { title: ['名称', '提供者'], width: 100, cell: (r) => [r.name, r.providerName] },
  { title: ['形態'], width: 36, cell: (r) => r.model.split('／') },
  { title: ['所管課'], width: 42, cell: (r) => [r.department] },
  { title: ['格付', '個人情報'], width: 46, cell: (r) => [r.confidentiality, `個人情報${r.personalInfo}`] },
  {
    title: ['ISMAP等', '有効期限'],
    width: 82,
    cell: (r) => (r.ismap ? [r.ismap, `${formatWareki(r.ismapValidUntil as string)}まで`] : ['登録なし']),
  },
  { title: ['状態'], width: 38, cell: (r) => [r.status], align: 'center' },
  { title: ['管理者'], width: 40, cell: (r) => [r.managerName ?? '未指定'] },
  {
    title: ['次回見直し', '要対応事項'],
    width: 66,
    cell: (r) => [r.nextReviewDate ? formatWareki(r.nextReviewDate) : '—', ...r.flags.map((f) => `※${f}`)],
  },
];

/**
 * Renders the 外部サービス台帳 as an A4 PDF: the date and time it was made (it is the register of that moment, made
 * on request), the title, the body, the filters and the count, then one ruled row per service (the header again
 * on every page, a row never split), the notes and 「以上」.
 */
export function renderExternalServiceRegisterPdf(input: ExternalServiceRegisterInput): Buffer {
  validateExternalServiceRegisterInput(input);
  assertPrintable(printedExternalServiceRegisterText(input));
  const asOf = `${formatWareki(input.asOfDate)}${timeWords(input.asOfTime)}`;
  const c = new DocumentComposer({
    title: EXTERNAL_SERVICE_REGISTER_TITLE,
    subject: `${input.asOfDate} ${input.asOfTime}現在`,
    idSource: `itaku-guard/${LAYOUT_VERSION}\n${JSON.stringify(input)}`,
    draft: false,
    footer: `${asOf}現在`,
  });
  c.paragraph(`${asOf}現在`, { style: BODY, align: 'right' });
  c.gap(EM * 0.5);
  c.paragraph(EXTERNAL_SERVICE_REGISTER_TITLE, { style: TITLE, align: 'center' });
  c.gap(EM);
  const fields = { style: BODY, labelIndent: 0, indent: 7 * EM, align: 'left' as const };
  c.labelled('団体名', [input.orgName], fields);
  c.labelled('抽出条件', [input.filters], fields);
  c.labelled('件数', [`${input.rows.length}件`], fields);
  c.gap(EM);
  if (input.rows.length === 0)
    c.paragraph('該当する外部サービスはない。', { style: BODY, firstLineIndent: EM });
  else c.table(COLUMNS, input.rows, { cell: CELL, head: CELL_HEAD });

  c.gap(EM * 0.8);
  const noteStyle: TextStyle = { ...BODY, size: 9 };
  const notes = [
    `この台帳は、${asOf}現在の登録内容を、請求に応じて出力したものである。その後の変更は反映されない。`,
    '「要対応事項」は、出力の日において、ISMAP等の登録の有効期限の経過又は接近、約款の再確認の期限の経過、' +
      '定期見直しの期限の経過及び利用終了後の情報の消去の未確認を示す。',
  ];
  c.select(noteStyle);
  const noteLines = notes.reduce(
    (n, text) => n + c.layoutParagraph(text, { style: noteStyle, indent: 2 * EM }).length,
    0,
  );
  c.select(BODY);
  c.ensureSpace(c.lineHeight(BODY) * 2.5 + noteLines * c.lineHeight(noteStyle));
  c.paragraph('備考', { style: BODY, align: 'left' });
  notes.forEach((text, i) => {
    c.select(noteStyle);
    c.paragraph(text, { style: noteStyle, indent: 2 * EM, label: `${i + 1}`, labelIndent: EM });
  });
  c.gap(EM * 0.5);
  c.select(BODY);
  c.paragraph('以上', { style: BODY, align: 'right', rightInset: EM });
  return c.finish();
}

/** 「9時05分」. */
function timeWords(time: string): string {
  const [h, m] = time.split(':');
  return `${Number(h)}時${m}分`;
}

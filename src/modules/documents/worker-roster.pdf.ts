import { formatWareki } from '../../common/dates/wareki';
import { joinWithOyobi } from './japanese-format';
import { BODY_SIZE, DocumentComposer, STYLES, type TableColumn, type TextStyle } from './pdf-composer';
import { assertPrintable } from './pdf-fonts';
import {
  canonicalWorkerRoster,
  EMPLOYMENT_TYPE_LABELS,
  employerLines,
  printedRosterText,
  validateWorkerRosterInput,
  type WorkerRosterEntry,
  type WorkerRosterInput,
} from './worker-roster';

/** Bump when the layout or wording changes: it is part of the document ID. */
const LAYOUT_VERSION = 'worker-roster/v1';

export const WORKER_ROSTER_TITLE = '従事者名簿';

const EM = BODY_SIZE;
const { body: BODY, title: TITLE } = STYLES;
/** Table text: small enough for nine columns on A4 portrait, the size of a form's entries. */
const CELL: TextStyle = { font: 'regular', size: 8 };
const CELL_HEAD: TextStyle = { font: 'heading', size: 8 };

/** A date as two lines, 「令和8年」 over 「4月1日」, so a date column stays narrow; 「—」 when none is recorded. */
function dateLines(date: string | null, none: string): string[] {
  if (date === null) return [none];
  const text = formatWareki(date);
  const at = text.indexOf('年') + 1;
  return [text.slice(0, at), text.slice(at)];
}

const COLUMNS: TableColumn<WorkerRosterEntry>[] = [
  { title: ['番号'], width: 22, cell: (_w, no) => [String(no)], align: 'center' },
  { title: ['氏名'], width: 60, cell: (w) => [w.name] },
  { title: ['所属する事業者'], width: 86, cell: employerLines },
  { title: ['雇用形態'], width: 44, cell: (w) => [EMPLOYMENT_TYPE_LABELS[w.employmentType]] },
  { title: ['役割'], width: 54, cell: (w) => [w.role] },
  { title: ['作業場所'], width: 74, cell: (w) => [w.workLocation] },
  { title: ['研修', '受講日'], width: 43, cell: (w) => dateLines(w.trainingDate, '未受講') },
  { title: ['誓約書', '提出日'], width: 43, cell: (w) => dateLines(w.pledgeDate, '未提出') },
  { title: ['受理'], width: 40, cell: (w) => [w.acknowledged ? '受理済み' : '未受理'], align: 'center' },
];

/**
 * Renders the 従事者名簿 as an A4 PDF in the calling thread: the title, the as-of date (和暦), the contract, the
 * contractor, the places the contract names and the state of the body's acknowledgement, then one table row per
 * worker (the header repeated on every page, a row never split), the notes, 「以上」. Every page's footer carries
 * the roster's 版 and 照合番号. The same input always gives the same bytes.
 */
export function renderWorkerRosterPdf(input: WorkerRosterInput): Buffer {
  validateWorkerRosterInput(input);
  assertPrintable(printedRosterText(input));
  const c = new DocumentComposer({
    title: `${WORKER_ROSTER_TITLE}（${input.contract.contractNumber}）`,
    subject: `契約番号 ${input.contract.contractNumber}　第${input.revision}版`,
    idSource: `itaku-guard/${LAYOUT_VERSION}\n${canonicalWorkerRoster(input)}`,
    draft: false,
    footer: `${input.contract.contractNumber}　第${input.revision}版　照合番号 ${input.contentSha256.slice(0, 16)}`,
  });

  c.paragraph(`${formatWareki(input.asOf)}現在`, { style: BODY, align: 'right' });
  c.gap(EM * 0.5);
  c.paragraph(WORKER_ROSTER_TITLE, { style: TITLE, align: 'center' });
  c.gap(EM);

  const fields = { style: BODY, labelIndent: 0, indent: 7 * EM, align: 'left' as const };
  c.labelled('契約番号', [input.contract.contractNumber], fields);
  c.labelled('件名', [input.contract.title], fields);
  c.labelled(
    '契約期間',
    [`${formatWareki(input.contract.startDate)}から${formatWareki(input.contract.endDate)}まで`],
    fields,
  );
  c.labelled('委託者（甲）', [input.orgName], fields);
  c.labelled('受託者（乙）', [input.contractorName], fields);
  c.labelled(
    '作業場所',
    [
      input.workLocations.length > 0
        ? joinWithOyobi(input.workLocations)
        : '契約に定めなし（甲があらかじめ承認した場所）',
    ],
    fields,
  );
  c.labelled('受理の状況', [acknowledgementText(input)], fields);
  c.labelled('従事者数', [`${input.workers.length}名`], fields);
  c.gap(EM);

  if (input.workers.length === 0) {
    c.paragraph('従事者は登録されていない。', { style: BODY, firstLineIndent: EM });
  } else {
    c.table(COLUMNS, input.workers, { cell: CELL, head: CELL_HEAD });
  }

  c.gap(EM * 0.8);
  const note = { style: { ...BODY, size: 9 }, indent: 2 * EM, label: '', labelIndent: 0 };
  const notes = [
    '「所属する事業者」は、従事者と雇用関係にある事業者（派遣労働者にあっては、これを受け入れた事業者）をいい、' +
      '受託者か、甲の承認を受けた再委託先であるかの別及び再委託の次数を併せて示す。',
    '「個人事業主」は、個人である受託者又は再委託先の本人として従事する者をいう。',
    '「受理」欄の「未受理」は、最後の受理の後に登録され、又は登録内容が変更された従事者を示す。',
  ];
  if (input.removedSinceAcknowledgement > 0) {
    notes.push(`最後の受理の後に、${input.removedSinceAcknowledgement}名の従事者が名簿から削除されている。`);
  }
  // The notes and 「以上」 stay together, so the last page never holds 「以上」 alone.
  c.select(note.style);
  const noteLines = notes.reduce((n, text) => n + c.layoutParagraph(text, { ...note, label: '1' }).length, 0);
  c.select(BODY);
  c.ensureSpace(c.lineHeight(BODY) * 2.5 + noteLines * c.lineHeight(note.style));
  c.paragraph('備考', { style: BODY, align: 'left' });
  notes.forEach((text, i) => {
    c.select(note.style);
    c.paragraph(text, { ...note, label: `${i + 1}`, labelIndent: EM });
  });
  c.gap(EM * 0.5);
  c.select(BODY);
  c.paragraph('以上', { style: BODY, align: 'right', rightInset: EM });
  return c.finish();
}

/** 「受理済み（令和8年5月1日、○○ ○○が第3版を受理）」, 「変更あり・未受理（…に第3版を受理した後に変更）」, 「未受理」. */
export function acknowledgementText(input: WorkerRosterInput): string {
  const a = input.acknowledgement;
  const last =
    a.date === null
      ? null
      : `${formatWareki(a.date)}${a.by ? `、${a.by}` : ''}が第${a.revision ?? input.revision}版を受理`;
  switch (a.status) {
    case 'ACKNOWLEDGED':
      return last ? `受理済み（${last}）` : '受理済み';
    case 'CHANGED':
      return last ? `変更あり・未受理（${last}した後に変更）` : '変更あり・未受理';
    default:
      return '未受理（甲による受理はまだ行われていない。）';
  }
}

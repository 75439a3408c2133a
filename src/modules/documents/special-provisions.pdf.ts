import { eraNameOf, formatWareki } from '../../common/dates/wareki';
import { splitItems } from '../../common/text/paragraph-items';
import { BODY_SIZE, DocumentComposer, type ParagraphOptions, STYLES } from './pdf-composer';
import { assertPrintable } from './pdf-fonts';
import {
  canonicalSpecialProvisions,
  FOOTER_HASH_LENGTH,
  printedText,
  type SpecialProvisionsApproval,
  type SpecialProvisionsInput,
  validateSpecialProvisionsInput,
} from './special-provisions';

/** Bump when the layout changes: it is part of the document ID, so old and new renderings never share one. */
const LAYOUT_VERSION = 'special-provisions/v2';

export const SPECIAL_PROVISIONS_TITLE = '情報セキュリティに関する特記事項';

const EM = BODY_SIZE;
const { body: BODY, heading: HEADING, title: TITLE } = STYLES;

/** 「2　乙は、…」: the number in the first column, the text from the third, continuation lines from the second. */
const PARAGRAPH: ParagraphOptions = { style: BODY, indent: EM, firstLineIndent: EM };
/** 「(1)　再委託先の名称」: one column further in than the paragraph number, continuation lines hanging. */
const ITEM: ParagraphOptions = { style: BODY, labelIndent: EM, indent: 3 * EM, align: 'justify' };

/** 「令和8年4月1日承認　照合番号 0123456789abcdef」: the approved copy's footer on every page. */
export function approvalFooter(approval: SpecialProvisionsApproval): string {
  return `${formatWareki(approval.date)}承認　照合番号 ${approval.contentSha256.slice(0, FOOTER_HASH_LENGTH)}`;
}

/**
 * The 前文: defines 甲, 乙, 本契約 and 本業務 before any article uses them (the catalogue's clauses define no
 * party or contract term of their own).
 */
export function preamble(input: Pick<SpecialProvisionsInput, 'issuer' | 'contractor'>): string {
  return (
    `${input.issuer.name}（以下「甲」という。）と${input.contractor.name}（以下「乙」という。）とは、` +
    '甲と乙とが締結する次の契約（以下「本契約」という。）に基づき乙が行う業務（以下「本業務」という。）の' +
    '実施に伴う情報セキュリティの確保について、本契約の特記事項として、次のとおり定める。'
  );
}

export const CLOSING =
  'この特記事項の合意を証するため、本書2通を作成し、甲乙記名押印の上、各自1通を保有する。';

/**
 * Renders 情報セキュリティに関する特記事項 as an A4 PDF, in the calling thread. The same input always gives the
 * same bytes. DocumentRenderer runs this in worker threads; benches call it directly.
 */
export function renderSpecialProvisionsPdf(input: SpecialProvisionsInput): Buffer {
  validateSpecialProvisionsInput(input);
  assertPrintable(printedText(input));

  const c = new DocumentComposer({
    title: `${SPECIAL_PROVISIONS_TITLE}（${input.contractNumber}）`,
    subject: `条項カタログ ${input.catalogueVersion}`,
    idSource: `itaku-guard/${LAYOUT_VERSION}\n${canonicalSpecialProvisions(input)}`,
    draft: input.draft,
    ...(input.approval ? { footer: approvalFooter(input.approval) } : {}),
  });

  c.paragraph(`${SPECIAL_PROVISIONS_TITLE}${input.draft ? '（案）' : ''}`, { style: TITLE, align: 'center' });
  c.gap(EM);

  c.paragraph(preamble(input), { style: BODY, firstLineIndent: EM });
  c.gap(EM * 0.5);
  const contractRows: [string, string][] = [
    ['契約番号', input.contractNumber],
    ['件名', input.contractTitle],
    ['契約期間', `${formatWareki(input.startDate)}から${formatWareki(input.endDate)}まで`],
  ];
  for (const [label, value] of contractRows) {
    c.labelled(label, [value], { style: BODY, labelIndent: 2 * EM, indent: 7 * EM, align: 'left' });
  }

  for (const article of input.articles) {
    c.gap(EM * 0.6);
    // Keep a heading with the start of its first paragraph (never alone at the bottom of a page).
    c.ensureSpace(c.lineHeight(HEADING) + startHeight(c, article.paragraphs[0], PARAGRAPH));
    c.paragraph(`第${article.articleNo}条（${article.title}）`, { style: HEADING, align: 'left' });
    article.paragraphs.forEach((paragraph, i) => {
      // 法令 style: the first paragraph is unnumbered, the following ones are 2, 3, … (公用文作成の考え方
      // 令和4年: half-width digits in horizontal text).
      const options = i === 0 ? PARAGRAPH : { ...PARAGRAPH, label: String(i + 1) };
      const { text, items } = splitItems(paragraph);
      if (items.length > 0) c.ensureSpace(startHeight(c, paragraph, options));
      c.paragraph(text, options);
      for (const item of items) c.paragraph(item.text, { ...ITEM, label: item.label });
    });
  }

  printSignatures(c, input);
  return c.finish();
}

/**
 * The height a paragraph needs to start on this page: its first lines under the composer's orphan control, and
 * for one that lists items, all of a short lead sentence with the start of its first item (「次に掲げる事項」 is
 * never left at the bottom of a page without the list).
 */
function startHeight(c: DocumentComposer, paragraph: string, options: ParagraphOptions): number {
  const { text, items } = splitItems(paragraph);
  const first = c.startHeight(text, options);
  if (items.length === 0) return first;
  const lead = c.layoutParagraph(text, options).length * c.lineHeight(options.style);
  return lead > first ? first : lead + c.startHeight(items[0].text, ITEM);
}

function printSignatures(c: DocumentComposer, input: SpecialProvisionsInput): void {
  const closing = CLOSING;
  const partyIndent = c.contentWidth * 0.38;
  const labelIndent = partyIndent + 2 * EM;
  const valueIndent = partyIndent + 6 * EM;
  const sealInset = 1.5 * EM;
  const valueOptions = {
    style: BODY,
    indent: valueIndent,
    rightInset: sealInset + EM,
    align: 'left' as const,
  };
  const issuer = input.issuer;
  const rows: { party?: string; label: string; value: string; seal: boolean }[] = [
    { party: '甲', label: '住所', value: issuer.address.trim(), seal: false },
    { label: '名称', value: issuer.name, seal: false },
    {
      label: '代表者',
      // Without a name in the settings the title alone would read as a signature: leave the line to write on.
      value: issuer.representativeName.trim()
        ? `${issuer.representativeTitle}　${issuer.representativeName}`
        : '',
      seal: true,
    },
    { party: '乙', label: '住所', value: input.contractor.address, seal: false },
    { label: '名称', value: input.contractor.name, seal: false },
    { label: '代表者', value: input.contractor.representativeName, seal: true },
  ];

  // The closing sentence, the date line and both parties stay on one page.
  const pitch = c.lineHeight(BODY);
  const lines =
    c.layoutParagraph(closing, { style: BODY, firstLineIndent: EM }).length +
    1 +
    rows.reduce((n, row) => n + Math.max(1, c.layoutParagraph(row.value, valueOptions).length), 0);
  c.gap(EM * 1.5);
  c.ensureSpace(lines * pitch + 4 * EM);

  c.paragraph(closing, { style: BODY, firstLineIndent: EM });
  c.gap(EM);
  // Signed on paper: the date stays blank (the era is the one in force when the contract starts).
  c.paragraph(`${eraNameOf(input.startDate)}　　年　　月　　日`, {
    style: BODY,
    indent: 2 * EM,
    align: 'left',
  });
  for (const row of rows) {
    if (row.party !== undefined) {
      c.gap(EM);
      c.put(row.party, c.left + partyIndent, HEADING);
    }
    c.put(row.label, c.left + labelIndent, BODY);
    if (row.seal) c.put('印', c.right - sealInset, BODY);
    if (row.value === '') {
      // A blank line to write the representative's name on.
      const baseline = c.y + pitch * 0.75;
      c.doc
        .save()
        .lineWidth(0.5)
        .moveTo(c.left + valueIndent, baseline)
        .lineTo(c.right - sealInset - EM * 0.5, baseline)
        .stroke('#000000')
        .restore();
      c.gap(pitch);
    } else {
      c.paragraph(row.value, valueOptions);
    }
  }
}

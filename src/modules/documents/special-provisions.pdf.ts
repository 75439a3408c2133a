import { eraNameOf, formatWareki } from '../../common/dates/wareki';
import { BODY_SIZE, DocumentComposer, STYLES } from './pdf-composer';
import { assertPrintable } from './pdf-fonts';
import { toFullWidthDigits } from './japanese-format';
import {
  canonicalSpecialProvisions,
  printedText,
  type SpecialProvisionsInput,
  validateSpecialProvisionsInput,
} from './special-provisions';

/** Bump when the layout changes: it is part of the document ID, so old and new renderings never share one. */
const LAYOUT_VERSION = 'special-provisions/v1';

export const SPECIAL_PROVISIONS_TITLE = '情報セキュリティに関する特記事項';

const EM = BODY_SIZE;
const { body: BODY, heading: HEADING, title: TITLE } = STYLES;

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
  });

  c.paragraph(`${SPECIAL_PROVISIONS_TITLE}${input.draft ? '（案）' : ''}`, { style: TITLE, align: 'center' });
  c.gap(EM);

  c.paragraph(
    `${input.orgName}（以下「甲」という。）と${input.contractor.name}（以下「乙」という。）は、` +
      '次の契約（以下「本契約」という。）の履行に伴う情報セキュリティの確保について、次のとおり特記事項を定める。',
    { style: BODY, firstLineIndent: EM },
  );
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
    // Keep a heading with the first two lines of its article.
    c.ensureSpace(c.lineHeight(HEADING) + 2 * c.lineHeight(BODY));
    c.paragraph(`第${article.articleNo}条（${article.title}）`, { style: HEADING, align: 'left' });
    article.paragraphs.forEach((text, i) => {
      // 法令 style: the first paragraph is unnumbered, the following ones are ２, ３, … in full-width digits.
      const label = i === 0 ? undefined : toFullWidthDigits(i + 1);
      // 「２　乙は、…」: the number, a one-character gap, continuation lines hanging one character in.
      c.paragraph(text, { style: BODY, indent: EM, firstLineIndent: EM, label });
    });
  }

  printSignatures(c, input);
  return c.finish();
}

function printSignatures(c: DocumentComposer, input: SpecialProvisionsInput): void {
  const closing =
    '本特記事項の合意を証するため、本書２通を作成し、甲乙記名押印の上、各自その１通を保有する。';
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
  const rows: { party?: string; label: string; value: string; seal: boolean }[] = [
    { party: '甲', label: '名称', value: input.orgName, seal: false },
    { label: '代表者', value: '', seal: true },
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

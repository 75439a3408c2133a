import { assertInputObject, InputChecker, MAX_PARAGRAPH_LENGTH, toParagraphs } from './document-input';

/**
 * 検査結果通知書: the body's written report of an inspection (立入検査 / 書面監査) under the contract's 監査及び検査
 * clause to the contractor: what was inspected, when, where and by whom, the result per article, each
 * nonconformity with its article and paragraph, and that an improvement order may follow. Fixed at the report.
 */
export interface InspectionResultInput {
  /** 文書番号 from the issuer's 文書記号; null when the settings keep no pattern. */
  documentNumber: string | null;
  /** `YYYY-MM-DD`: the day of the report, printed in 和暦. */
  issuedDate: string;
  orgName: string;
  issuerTitle: string;
  issuerName: string | null;
  sealOmitted: boolean;
  contractor: { name: string; representativeName: string };
  contract: { contractNumber: string; title: string };
  inspection: {
    kind: 'ON_SITE' | 'DOCUMENT';
    /** `YYYY-MM-DD`. */
    conductedDate: string;
    announced: boolean;
    /** ON_SITE: the place as planned (with the sub-contractor's name when at its site); null for DOCUMENT. */
    place: string | null;
    subcontractorName: string | null;
    inspectors: string[];
    purpose: string | null;
    summary: string | null;
  };
  /** The 監査及び検査 clause as signed (第1項 the power to inspect, 第3項 without notice); null where none. */
  authority: {
    articleNo: number;
    title: string;
    paragraph: number;
    unannouncedParagraph: number | null;
  } | null;
  /** The 改善の指示 clause as signed (第1項); null where none. */
  improvement: { articleNo: number; title: string; paragraph: number } | null;
  /** One row per article inspected, in article order. */
  articles: {
    articleNo: number;
    title: string;
    conforming: number;
    nonconforming: number;
    notChecked: number;
  }[];
  /** Nonconformities with a duty (cited as not met) and the advisory ones (推奨事項), in article order. */
  nonconformities: InspectionResultItem[];
  recommendations: InspectionResultItem[];
  contact: { department: string; name: string; phone?: string; email?: string };
}

export interface InspectionResultItem {
  articleNo: number;
  basis: number | null;
  clauseTitle: string;
  question: string;
  note: string;
}

const MAX_ROWS = 500;

/** Checks the input before any rendering; throws InvalidInputError (`DOCUMENT.INVALID_INPUT`). */
export function validateInspectionResultInput(input: InspectionResultInput): void {
  assertInputObject(input);
  const check = new InputChecker();
  const long = { maxLength: MAX_PARAGRAPH_LENGTH, multiline: true };
  if (input.documentNumber !== null) check.text('documentNumber', input.documentNumber, { maxLength: 50 });
  check.date('issuedDate', input.issuedDate);
  check.text('orgName', input.orgName);
  check.text('issuerTitle', input.issuerTitle);
  if (input.issuerName !== null) check.text('issuerName', input.issuerName, { maxLength: 100 });
  if (check.object('contractor', input.contractor)) {
    check.text('contractor.name', input.contractor.name);
    check.text('contractor.representativeName', input.contractor.representativeName);
  }
  if (check.object('contract', input.contract)) {
    check.text('contract.contractNumber', input.contract.contractNumber);
    check.text('contract.title', input.contract.title);
  }
  if (check.object('inspection', input.inspection)) {
    const i = input.inspection;
    check.oneOf('inspection.kind', i.kind, ['ON_SITE', 'DOCUMENT']);
    check.date('inspection.conductedDate', i.conductedDate);
    if (i.place !== null) check.text('inspection.place', i.place);
    if (i.subcontractorName !== null) check.text('inspection.subcontractorName', i.subcontractorName);
    if (!Array.isArray(i.inspectors) || i.inspectors.length === 0 || i.inspectors.length > 10) {
      check.add('inspection.inspectors', 'must hold 1 to 10 names');
    } else {
      i.inspectors.forEach((name, n) => check.text(`inspection.inspectors[${n}]`, name, { maxLength: 100 }));
    }
    if (i.purpose !== null) check.text('inspection.purpose', i.purpose, long);
    if (i.summary !== null) check.text('inspection.summary', i.summary, long);
  }
  if (!Array.isArray(input.articles) || input.articles.length === 0 || input.articles.length > MAX_ROWS) {
    check.add('articles', `must hold 1 to ${MAX_ROWS} articles`);
  } else {
    input.articles.forEach((a, n) => check.text(`articles[${n}].title`, a.title));
  }
  for (const list of ['nonconformities', 'recommendations'] as const) {
    const items = input[list];
    if (!Array.isArray(items) || items.length > MAX_ROWS) {
      check.add(list, `must hold 0 to ${MAX_ROWS} items`);
      continue;
    }
    items.forEach((item, n) => {
      check.text(`${list}[${n}].clauseTitle`, item.clauseTitle);
      check.text(`${list}[${n}].question`, item.question, { maxLength: MAX_PARAGRAPH_LENGTH });
      check.text(`${list}[${n}].note`, item.note, long);
    });
  }
  if (check.object('contact', input.contact)) {
    check.text('contact.department', input.contact.department, { maxLength: 100 });
    check.text('contact.name', input.contact.name, { maxLength: 100 });
  }
  check.throwIfAny();
}

/** Every string that will be printed, for the glyph check. */
export function printedInspectionText(input: InspectionResultInput): string {
  const items = [...input.nonconformities, ...input.recommendations];
  return [
    input.documentNumber ?? '',
    input.orgName,
    input.issuerTitle,
    input.issuerName ?? '',
    input.contractor.name,
    input.contractor.representativeName,
    input.contract.contractNumber,
    input.contract.title,
    input.inspection.place ?? '',
    input.inspection.subcontractorName ?? '',
    ...input.inspection.inspectors,
    ...toParagraphs(input.inspection.purpose ?? ''),
    ...toParagraphs(input.inspection.summary ?? ''),
    input.authority?.title ?? '',
    input.improvement?.title ?? '',
    ...input.articles.map((a) => a.title),
    ...items.flatMap((i) => [i.clauseTitle, i.question, ...toParagraphs(i.note)]),
    input.contact.department,
    input.contact.name,
    input.contact.phone ?? '',
    input.contact.email ?? '',
  ].join('');
}

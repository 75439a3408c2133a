import { assertInputObject, InputChecker, MAX_PARAGRAPH_LENGTH, toParagraphs } from './document-input';

/**
 * 再委託承認通知書 / 再委託不承認通知書: the body's written answer to a contractor's request to sub-contract (特記事項
 * 再委託の制限 第1項ただし書: 「あらかじめ甲の書面による承認」; MIC guideline item 8). Everything it prints is fixed at
 * the decision: the addressee's representative, the signer and the contact as they were that day.
 */
export interface SubcontractDecisionInput {
  decision: SubcontractDecision;
  /** 文書番号 from the issuer's 文書記号, e.g. 置広情第12号; null when the settings keep no pattern. */
  documentNumber: string | null;
  /** `YYYY-MM-DD`: the day of the decision, printed in 和暦. */
  issuedDate: string;
  /** The issuer (甲). */
  orgName: string;
  /** The signer's 職名 and 氏名 for SUBCONTRACT_DECISION, as the 専決規程 names them. */
  issuerTitle: string;
  issuerName: string | null;
  sealOmitted: boolean;
  /** The addressee as at the decision. */
  contractor: { name: string; representativeName: string };
  contract: { contractNumber: string; title: string };
  /** What was requested. */
  request: {
    /** `YYYY-MM-DD`: the day the request was made. */
    requestedDate: string;
    subcontractor: { name: string; corporateNumber: string | null; address: string };
    /** For a deeper tier: the approved sub-contractor that sub-contracts further. */
    parentName: string | null;
    scope: string;
    /** 取り扱う情報; null for a request made before requests stated it. */
    informationHandled: string | null;
    workers: { name: string; role: string }[];
    /** `YYYY-MM-DD`; null for a request made before requests stated it. */
    plannedStartDate: string | null;
  };
  /** Conditions of an approval (optional) or the reason for a refusal (required). */
  note: string | null;
  /** Where the signed 特記事項 puts the approval; null where the contract's text names none. */
  authority: SubcontractAuthority | null;
  contact: { department: string; name: string; phone?: string; email?: string };
}

export type SubcontractDecision = 'APPROVED' | 'REJECTED';

export interface SubcontractAuthority {
  /** The 再委託の制限 clause's article number in the contract as signed. */
  articleNo: number;
  title: string;
  /** The paragraph requiring the body's prior written approval (第1項). */
  approvalParagraph: number;
  /** Whether the approval is that paragraph's ただし書. */
  proviso: boolean;
  /** The paragraph on the written request and its lead time (第2項); null when the signed text has none. */
  requestParagraph: number | null;
  /** The paragraph requiring equal duties of the sub-contractor (第3項); null when the signed text has none. */
  flowDownParagraph: number | null;
}

const DECISIONS: readonly SubcontractDecision[] = ['APPROVED', 'REJECTED'];
const MAX_WORKERS = 50;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;
const PHONE = /^[0-9０-９()（）\-－‐ \u3000+＋]+$/u;

/** Throws InvalidInputError (`DOCUMENT.INVALID_INPUT`) listing every problem; runs before anything is rendered. */
export function validateSubcontractDecisionInput(input: SubcontractDecisionInput): void {
  assertInputObject(input);
  const check = new InputChecker();
  const long = { maxLength: MAX_PARAGRAPH_LENGTH, multiline: true };
  check.oneOf('decision', input.decision, DECISIONS);
  if (input.documentNumber !== null) check.text('documentNumber', input.documentNumber, { maxLength: 50 });
  check.date('issuedDate', input.issuedDate);
  check.text('orgName', input.orgName);
  check.text('issuerTitle', input.issuerTitle);
  if (input.issuerName !== null) check.text('issuerName', input.issuerName, { maxLength: 100 });
  if (typeof input.sealOmitted !== 'boolean') check.add('sealOmitted', 'must be a boolean');
  if (check.object('contractor', input.contractor)) {
    check.text('contractor.name', input.contractor.name);
    check.text('contractor.representativeName', input.contractor.representativeName);
  }
  if (check.object('contract', input.contract)) {
    check.text('contract.contractNumber', input.contract.contractNumber);
    check.text('contract.title', input.contract.title);
  }
  if (check.object('request', input.request)) {
    const r = input.request;
    check.date('request.requestedDate', r.requestedDate);
    if (check.object('request.subcontractor', r.subcontractor)) {
      check.text('request.subcontractor.name', r.subcontractor.name);
      check.text('request.subcontractor.address', r.subcontractor.address);
      const number: unknown = r.subcontractor.corporateNumber;
      if (number !== null && (typeof number !== 'string' || !/^\d{13}$/u.test(number)))
        check.add('request.subcontractor.corporateNumber', 'must be 13 digits or null');
    }
    check.optionalText('request.parentName', r.parentName);
    check.text('request.scope', r.scope, long);
    check.optionalText('request.informationHandled', r.informationHandled, long);
    if (r.plannedStartDate !== null) check.date('request.plannedStartDate', r.plannedStartDate);
    if (!Array.isArray(r.workers) || r.workers.length > MAX_WORKERS) {
      check.add('request.workers', `must hold 0 to ${MAX_WORKERS} workers`);
    } else {
      r.workers.forEach((w, i) => {
        if (!check.object(`request.workers[${i}]`, w)) return;
        check.text(`request.workers[${i}].name`, w.name, { maxLength: 100 });
        check.text(`request.workers[${i}].role`, w.role, { maxLength: 100 });
      });
    }
  }
  if (input.decision === 'REJECTED') check.text('note', input.note, long);
  else check.optionalText('note', input.note, long);
  if (input.authority !== null && check.object('authority', input.authority)) {
    const a = input.authority;
    for (const field of ['articleNo', 'approvalParagraph'] as const) {
      if (!isPositive(a[field])) check.add(`authority.${field}`, 'must be a positive integer');
    }
    for (const field of ['requestParagraph', 'flowDownParagraph'] as const) {
      if (a[field] !== null && !isPositive(a[field]))
        check.add(`authority.${field}`, 'must be a positive integer or null');
    }
    if (typeof a.proviso !== 'boolean') check.add('authority.proviso', 'must be a boolean');
    check.text('authority.title', a.title);
  }
  if (check.object('contact', input.contact)) {
    const c = input.contact;
    check.text('contact.department', c.department, { maxLength: 100 });
    check.text('contact.name', c.name, { maxLength: 100 });
    if (
      c.phone !== undefined &&
      check.text('contact.phone', c.phone, { maxLength: 30 }) &&
      !PHONE.test(c.phone)
    )
      check.add('contact.phone', 'is not a telephone number');
    if (
      c.email !== undefined &&
      check.text('contact.email', c.email, { maxLength: 254 }) &&
      !EMAIL.test(c.email)
    )
      check.add('contact.email', 'is not an e-mail address');
  }
  check.throwIfAny();
}

/** Every string that will be printed, for the glyph check. */
export function printedSubcontractDecisionText(input: SubcontractDecisionInput): string {
  const r = input.request;
  return [
    input.documentNumber ?? '',
    input.orgName,
    input.issuerTitle,
    input.issuerName ?? '',
    input.contractor.name,
    input.contractor.representativeName,
    input.contract.contractNumber,
    input.contract.title,
    r.subcontractor.name,
    r.subcontractor.address,
    r.parentName ?? '',
    ...toParagraphs(r.scope),
    ...(r.informationHandled ? toParagraphs(r.informationHandled) : []),
    ...r.workers.flatMap((w) => [w.name, w.role]),
    ...(input.note ? toParagraphs(input.note) : []),
    input.authority?.title ?? '',
    input.contact.department,
    input.contact.name,
    input.contact.phone ?? '',
    input.contact.email ?? '',
  ].join('');
}

/** A fixed-order serialisation of what the notice prints, for the document ID. */
export function canonicalSubcontractDecision(input: SubcontractDecisionInput): string {
  const r = input.request;
  const a = input.authority;
  return JSON.stringify([
    input.decision,
    input.documentNumber,
    input.issuedDate,
    input.orgName,
    input.issuerTitle,
    input.issuerName,
    input.sealOmitted,
    [input.contractor.name, input.contractor.representativeName],
    [input.contract.contractNumber, input.contract.title],
    [
      r.requestedDate,
      [r.subcontractor.name, r.subcontractor.corporateNumber, r.subcontractor.address],
      r.parentName,
      toParagraphs(r.scope),
      r.informationHandled ? toParagraphs(r.informationHandled) : null,
      r.workers.map((w) => [w.name, w.role]),
      r.plannedStartDate,
    ],
    input.note ? toParagraphs(input.note) : null,
    a
      ? [a.articleNo, a.title, a.approvalParagraph, a.proviso, a.requestParagraph, a.flowDownParagraph]
      : null,
    [input.contact.department, input.contact.name, input.contact.phone ?? null, input.contact.email ?? null],
  ]);
}

function isPositive(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) > 0;
}

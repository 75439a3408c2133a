import { assertInputObject, InputChecker, MAX_PARAGRAPH_LENGTH, toParagraphs } from './document-input';

/**
 * 委託先選定調書: the body's own record of how the contractor was chosen (MIC guideline: 委託先の選定 — the contractor
 * can keep the measures the work needs; ISMS, プライバシーマーク and ISMAP as references). Fixed at the contract's
 * approval: the method, each criterion as answered with its note, the certifications seen and their flags, the
 * reason, who decided and when, the contract and the contractor as they were that day.
 */
export interface ContractorSelectionInput {
  documentNumber: string | null;
  /** `YYYY-MM-DD`: the approval, the day the record was fixed. */
  issuedDate: string;
  orgName: string;
  contract: {
    contractNumber: string;
    title: string;
    department: string;
    startDate: string;
    endDate: string;
    workLocations: string[];
    usesCloud: boolean;
  };
  contractor: { name: string; corporateNumber: string | null; address: string; representativeName: string };
  /** 調達方法 in Japanese. */
  method: string;
  criteria: {
    title: string;
    requirement: string;
    met: boolean;
    note: string | null;
    evidence: string | null;
    /** One line a certification, with its flags in words. */
    certifications: string[];
  }[];
  reason: string;
  decidedBy: string;
  /** `YYYY-MM-DD`. */
  decidedDate: string;
  approvedBy: string;
}

const MAX_CRITERIA = 50;

export function validateContractorSelectionInput(input: ContractorSelectionInput): void {
  assertInputObject(input);
  const check = new InputChecker();
  const long = { maxLength: MAX_PARAGRAPH_LENGTH, multiline: true };
  if (input.documentNumber !== null) check.text('documentNumber', input.documentNumber, { maxLength: 50 });
  check.date('issuedDate', input.issuedDate);
  check.date('decidedDate', input.decidedDate);
  check.text('orgName', input.orgName);
  if (check.object('contract', input.contract)) {
    check.text('contract.contractNumber', input.contract.contractNumber);
    check.text('contract.title', input.contract.title);
    check.text('contract.department', input.contract.department);
    check.date('contract.startDate', input.contract.startDate);
    check.date('contract.endDate', input.contract.endDate);
    if (!Array.isArray(input.contract.workLocations)) check.add('contract.workLocations', 'must be a list');
    else input.contract.workLocations.forEach((p, i) => check.text(`contract.workLocations[${i}]`, p));
  }
  if (check.object('contractor', input.contractor)) {
    check.text('contractor.name', input.contractor.name);
    check.text('contractor.address', input.contractor.address);
    check.text('contractor.representativeName', input.contractor.representativeName);
  }
  check.text('method', input.method, { maxLength: 50 });
  if (!Array.isArray(input.criteria) || input.criteria.length > MAX_CRITERIA) {
    check.add('criteria', `must hold 0 to ${MAX_CRITERIA} criteria`);
  } else {
    input.criteria.forEach((c, i) => {
      if (!check.object(`criteria[${i}]`, c)) return;
      check.text(`criteria[${i}].title`, c.title);
      check.text(`criteria[${i}].requirement`, c.requirement, long);
      if (typeof c.met !== 'boolean') check.add(`criteria[${i}].met`, 'must be a boolean');
      check.optionalText(`criteria[${i}].note`, c.note, long);
      check.optionalText(`criteria[${i}].evidence`, c.evidence, long);
      if (!Array.isArray(c.certifications)) check.add(`criteria[${i}].certifications`, 'must be a list');
      else c.certifications.forEach((t, j) => check.text(`criteria[${i}].certifications[${j}]`, t, long));
    });
  }
  check.text('reason', input.reason, long);
  check.text('decidedBy', input.decidedBy, { maxLength: 100 });
  check.text('approvedBy', input.approvedBy, { maxLength: 100 });
  check.throwIfAny();
}

/** Every string that will be printed, for the glyph check. */
export function printedContractorSelectionText(input: ContractorSelectionInput): string {
  return [
    input.documentNumber ?? '',
    input.orgName,
    input.contract.contractNumber,
    input.contract.title,
    input.contract.department,
    ...input.contract.workLocations,
    input.contractor.name,
    input.contractor.corporateNumber ?? '',
    input.contractor.address,
    input.contractor.representativeName,
    input.method,
    ...input.criteria.flatMap((c) => [
      c.title,
      c.requirement,
      ...(c.note ? toParagraphs(c.note) : []),
      ...(c.evidence ? toParagraphs(c.evidence) : []),
      ...c.certifications,
    ]),
    ...toParagraphs(input.reason),
    input.decidedBy,
    input.approvedBy,
  ].join('');
}

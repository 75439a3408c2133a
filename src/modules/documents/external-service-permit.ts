import { assertInputObject, InputChecker, MAX_PARAGRAPH_LENGTH, toParagraphs } from './document-input';
import {
  checkExternalServiceFacts,
  type ExternalServiceFacts,
  printedExternalServiceFacts,
} from './external-service-facts';

/**
 * 外部サービス利用許可通知書 / 外部サービス利用不許可通知書: the body's written decision on an application to use an
 * external service, issued with the decision. An approval states its conditions: the standard ones every use
 * carries (the class handled, the 外部サービス管理者's duties, the review, ISMAP and 約款 changes, erasure at the
 * end) and those the decider added. A refusal states its reason.
 */
export interface ExternalServicePermitInput {
  decision: ExternalServiceDecision;
  documentNumber: string | null;
  /** `YYYY-MM-DD`: the day of the decision. */
  issuedDate: string;
  orgName: string;
  issuerTitle: string;
  issuerName: string | null;
  sealOmitted: boolean;
  /** The applicant, as at the decision. */
  addressee: { department: string; name: string };
  application: {
    /** `YYYY-MM-DD`. */
    appliedDate: string;
    /** The 申請書's 文書番号, if it had one. */
    documentNumber: string | null;
  };
  service: ExternalServiceFacts;
  /** Conditions added by the decider (approval, optional) or the reason (refusal, required). */
  note: string | null;
  /** `YYYY-MM-DD`: when the use is next reviewed (approval); null for a refusal. */
  nextReviewDate: string | null;
  contact: { department: string; name: string; phone?: string; email?: string };
}

export type ExternalServiceDecision = 'APPROVED' | 'REJECTED';

const DECISIONS: readonly ExternalServiceDecision[] = ['APPROVED', 'REJECTED'];
const LONG = { maxLength: MAX_PARAGRAPH_LENGTH, multiline: true };

export function validateExternalServicePermitInput(input: ExternalServicePermitInput): void {
  assertInputObject(input);
  const check = new InputChecker();
  check.oneOf('decision', input.decision, DECISIONS);
  if (input.documentNumber !== null) check.text('documentNumber', input.documentNumber, { maxLength: 50 });
  check.date('issuedDate', input.issuedDate);
  check.text('orgName', input.orgName);
  check.text('issuerTitle', input.issuerTitle, { maxLength: 100 });
  check.optionalText('issuerName', input.issuerName, { maxLength: 100 });
  if (typeof input.sealOmitted !== 'boolean') check.add('sealOmitted', 'must be a boolean');
  if (check.object('addressee', input.addressee)) {
    check.text('addressee.department', input.addressee.department, { maxLength: 100 });
    check.text('addressee.name', input.addressee.name, { maxLength: 100 });
  }
  if (check.object('application', input.application)) {
    check.date('application.appliedDate', input.application.appliedDate);
    check.optionalText('application.documentNumber', input.application.documentNumber, { maxLength: 50 });
  }
  checkExternalServiceFacts(check, 'service', input.service);
  if (input.decision === 'REJECTED') check.text('note', input.note, LONG);
  else check.optionalText('note', input.note, LONG);
  if (input.decision === 'APPROVED') check.date('nextReviewDate', input.nextReviewDate);
  else if (input.nextReviewDate !== null) check.add('nextReviewDate', 'must be null for a refusal');
  if (check.object('contact', input.contact)) {
    const c = input.contact;
    check.text('contact.department', c.department, { maxLength: 100 });
    check.text('contact.name', c.name, { maxLength: 100 });
    if (c.phone !== undefined) check.text('contact.phone', c.phone, { maxLength: 30 });
    if (c.email !== undefined) check.text('contact.email', c.email, { maxLength: 254 });
  }
  check.throwIfAny();
}

export function printedExternalServicePermitText(input: ExternalServicePermitInput): string {
  return [
    input.documentNumber ?? '',
    input.orgName,
    input.issuerTitle,
    input.issuerName ?? '',
    input.addressee.department,
    input.addressee.name,
    input.application.documentNumber ?? '',
    ...printedExternalServiceFacts(input.service),
    ...(input.note ? toParagraphs(input.note) : []),
    input.contact.department,
    input.contact.name,
    input.contact.phone ?? '',
    input.contact.email ?? '',
  ].join('');
}

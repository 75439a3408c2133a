import { assertInputObject, InputChecker, MAX_PARAGRAPH_LENGTH, toParagraphs } from './document-input';

/**
 * 事故報告受付: the body's written acknowledgement of a contractor's incident report under the contract's
 * 事故発生時の報告 clause — what was reported and when, whether the first report kept the clause's hours, the day the
 * written report is due (第2項) and the duty to contain the damage (第3項). Fixed when the officer takes the report up.
 * Times are kept as printed (Japan time, 和暦), so the record reads as the document does.
 */
export interface IncidentReceiptInput {
  /** 文書番号 from the issuer's 文書記号; null when the settings keep no pattern. */
  documentNumber: string | null;
  /** `YYYY-MM-DD`: the day of the receipt, printed in 和暦. */
  issuedDate: string;
  orgName: string;
  issuerTitle: string;
  issuerName: string | null;
  sealOmitted: boolean;
  contractor: { name: string; representativeName: string };
  contract: { contractNumber: string; title: string };
  incident: {
    /** The kind in words (漏えい, 誤送信・誤送付, …). */
    kind: string;
    /** 「令和8年12月5日14時20分」. */
    detectedAt: string;
    reportedAt: string;
    /** null when not known. */
    occurredAt: string | null;
    summary: string;
    /** 対象となった情報, as reported (absent in receipts issued before it was printed). */
    informationInvolved?: string;
    /** 講じた措置 at the time of the report; null when none was reported. */
    containment?: string | null;
    /** The personal-information facts reported; null when none is involved. */
    personalInfo?: { persons: number | null; sensitive: boolean; myNumber: boolean } | null;
  };
  /** The 事故発生時の報告 article as signed; null where the contract has none. */
  clause: { articleNo: number; title: string } | null;
  firstReport: {
    hours: number;
    dueAt: string;
    /** 「3時間5分」 when the report came after the deadline; null when on time. */
    lateBy: string | null;
  };
  writtenReport: {
    days: number;
    /** `YYYY-MM-DD`. */
    dueDate: string;
    /** Already filed when the report was taken up. */
    submitted: boolean;
  };
  contact: { department: string; name: string; phone?: string; email?: string };
}

/** Checks the input before any rendering; throws InvalidInputError (`DOCUMENT.INVALID_INPUT`). */
export function validateIncidentReceiptInput(input: IncidentReceiptInput): void {
  assertInputObject(input);
  const check = new InputChecker();
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
  if (check.object('incident', input.incident)) {
    const i = input.incident;
    check.text('incident.kind', input.incident.kind, { maxLength: 50 });
    check.text('incident.detectedAt', input.incident.detectedAt, { maxLength: 50 });
    check.text('incident.reportedAt', input.incident.reportedAt, { maxLength: 50 });
    check.optionalText('incident.occurredAt', input.incident.occurredAt, { maxLength: 50 });
    check.text('incident.summary', input.incident.summary, {
      maxLength: MAX_PARAGRAPH_LENGTH,
      multiline: true,
    });
    if (i.informationInvolved !== undefined)
      check.text('incident.informationInvolved', i.informationInvolved, {
        maxLength: MAX_PARAGRAPH_LENGTH,
        multiline: true,
      });
    if (i.containment !== undefined && i.containment !== null)
      check.text('incident.containment', i.containment, { maxLength: MAX_PARAGRAPH_LENGTH, multiline: true });
    const p = i.personalInfo;
    if (p !== undefined && p !== null && check.object('incident.personalInfo', p)) {
      if (p.persons !== null && (!Number.isSafeInteger(p.persons) || p.persons < 0))
        check.add('incident.personalInfo.persons', 'must be a non-negative integer or null');
      if (typeof p.sensitive !== 'boolean') check.add('incident.personalInfo.sensitive', 'must be a boolean');
      if (typeof p.myNumber !== 'boolean') check.add('incident.personalInfo.myNumber', 'must be a boolean');
    }
  }
  if (input.clause !== null && check.object('clause', input.clause))
    check.text('clause.title', input.clause.title);
  if (check.object('firstReport', input.firstReport)) {
    if (!Number.isSafeInteger(input.firstReport.hours) || input.firstReport.hours < 1)
      check.add('firstReport.hours', 'must be a positive integer');
    check.text('firstReport.dueAt', input.firstReport.dueAt, { maxLength: 50 });
    check.optionalText('firstReport.lateBy', input.firstReport.lateBy, { maxLength: 50 });
  }
  if (check.object('writtenReport', input.writtenReport)) {
    if (!Number.isSafeInteger(input.writtenReport.days) || input.writtenReport.days < 1)
      check.add('writtenReport.days', 'must be a positive integer');
    check.date('writtenReport.dueDate', input.writtenReport.dueDate);
  }
  if (check.object('contact', input.contact)) {
    check.text('contact.department', input.contact.department, { maxLength: 100 });
    check.text('contact.name', input.contact.name, { maxLength: 100 });
  }
  check.throwIfAny();
}

/** Every string that will be printed, for the glyph check. */
export function printedIncidentReceiptText(input: IncidentReceiptInput): string {
  return [
    input.documentNumber ?? '',
    input.orgName,
    input.issuerTitle,
    input.issuerName ?? '',
    input.contractor.name,
    input.contractor.representativeName,
    input.contract.contractNumber,
    input.contract.title,
    input.incident.kind,
    ...toParagraphs(input.incident.summary),
    ...toParagraphs(input.incident.informationInvolved ?? ''),
    ...toParagraphs(input.incident.containment ?? ''),
    input.clause?.title ?? '',
    input.contact.department,
    input.contact.name,
    input.contact.phone ?? '',
    input.contact.email ?? '',
  ].join('');
}

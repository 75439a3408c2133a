import { assertInputObject, InputChecker } from './document-input';
import {
  checkExternalServiceFacts,
  type ExternalServiceFacts,
  printedExternalServiceFacts,
} from './external-service-facts';

/**
 * 外部サービス利用申請書: the officer's written application to use an external service (基本方針 第6条第6号イ and
 * the rules on external services under it), issued when the service is applied for. Everything it prints is fixed
 * at that moment: the service as described, the applicant and the addressee as they were that day.
 */
export interface ExternalServiceApplicationInput {
  /** 文書番号 from the issuer's 文書記号; null when the settings keep no pattern. */
  documentNumber: string | null;
  /** `YYYY-MM-DD`: the day of the application, printed in 和暦. */
  issuedDate: string;
  orgName: string;
  /** Who decides: the 職名 (and 氏名) of the official to whom the application is made. */
  addresseeTitle: string;
  addresseeName: string | null;
  applicant: { department: string; name: string };
  service: ExternalServiceFacts;
}

/** Throws InvalidInputError (`DOCUMENT.INVALID_INPUT`) listing every problem; runs before anything is rendered. */
export function validateExternalServiceApplicationInput(input: ExternalServiceApplicationInput): void {
  assertInputObject(input);
  const check = new InputChecker();
  if (input.documentNumber !== null) check.text('documentNumber', input.documentNumber, { maxLength: 50 });
  check.date('issuedDate', input.issuedDate);
  check.text('orgName', input.orgName);
  check.text('addresseeTitle', input.addresseeTitle, { maxLength: 100 });
  check.optionalText('addresseeName', input.addresseeName, { maxLength: 100 });
  if (check.object('applicant', input.applicant)) {
    check.text('applicant.department', input.applicant.department, { maxLength: 100 });
    check.text('applicant.name', input.applicant.name, { maxLength: 100 });
  }
  checkExternalServiceFacts(check, 'service', input.service);
  check.throwIfAny();
}

/** Every string that will be printed, for the glyph check. */
export function printedExternalServiceApplicationText(input: ExternalServiceApplicationInput): string {
  return [
    input.documentNumber ?? '',
    input.orgName,
    input.addresseeTitle,
    input.addresseeName ?? '',
    input.applicant.department,
    input.applicant.name,
    ...printedExternalServiceFacts(input.service),
  ].join('');
}

import { assertInputObject, InputChecker } from './document-input';

/** One category of what may or may not be posted, as printed. */
export interface SnsPolicyCategory {
  title: string;
  description: string;
}

/**
 * ソーシャルメディアアカウント運用方針 (情報セキュリティ基本方針 第6条第6号ウ: the 運用手順, the information that
 * may be posted, and the 責任者), generated from the account register and issued as a record when the account is
 * activated. Everything it prints is fixed that day.
 */
export interface SnsPolicyInput {
  documentNumber: string | null;
  /** `YYYY-MM-DD` (Japan): the day the account was activated, printed in 和暦. */
  issuedDate: string;
  orgName: string;
  account: {
    platformName: string;
    handle: string;
    url: string;
    displayName: string;
    operatorName: string;
    purpose: string;
    audience: string;
    websiteListingUrl: string;
    profileText: string | null;
  };
  managerName: string;
  posterNames: string[];
  fastPathApproverNames: string[];
  allowed: SnsPolicyCategory[];
  forbidden: SnsPolicyCategory[];
  credentialCustodian: string | null;
  loginDevices: string[];
  twoFactorMethodName: string;
  verification: string;
}

/** Throws InvalidInputError (`DOCUMENT.INVALID_INPUT`) listing every problem; runs before anything is rendered. */
export function validateSnsPolicyInput(input: SnsPolicyInput): void {
  assertInputObject(input);
  const check = new InputChecker();
  if (input.documentNumber !== null) check.text('documentNumber', input.documentNumber, { maxLength: 50 });
  check.date('issuedDate', input.issuedDate);
  check.text('orgName', input.orgName);
  if (check.object('account', input.account)) {
    for (const key of ['platformName', 'handle', 'url', 'displayName', 'operatorName', 'audience'] as const)
      check.text(`account.${key}`, input.account[key], { maxLength: 500 });
    check.text('account.purpose', input.account.purpose, { maxLength: 2000 });
    check.text('account.websiteListingUrl', input.account.websiteListingUrl, { maxLength: 500 });
  }
  check.text('managerName', input.managerName, { maxLength: 100 });
  check.throwIfAny();
}

/** Every string that will be printed, for the glyph check. */
export function printedSnsPolicyText(input: SnsPolicyInput): string {
  const a = input.account;
  return [
    input.documentNumber ?? '',
    input.orgName,
    ...Object.values(a).map((v) => v ?? ''),
    input.managerName,
    ...input.posterNames,
    ...input.fastPathApproverNames,
    ...[...input.allowed, ...input.forbidden].flatMap((c) => [c.title, c.description]),
    input.credentialCustodian ?? '',
    ...input.loginDevices,
    input.twoFactorMethodName,
    input.verification,
  ].join('');
}

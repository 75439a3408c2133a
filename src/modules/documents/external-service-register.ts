import { assertInputObject, InputChecker } from './document-input';

/**
 * 外部サービス台帳: the register of external services as it stands at the moment of the request (a report, not an
 * issued record: it is rendered for each request and says when it was made). One row per service, in the order
 * given, with the filters that selected them.
 */
export interface ExternalServiceRegisterInput {
  orgName: string;
  /** Japan date and time of the printout: `YYYY-MM-DD` and `HH:MM`. */
  asOfDate: string;
  asOfTime: string;
  /** The filters as words, e.g. 「機密性2、承認済み」; 「すべて」 without one. */
  filters: string;
  rows: ExternalServiceRegisterRow[];
}

export interface ExternalServiceRegisterRow {
  name: string;
  providerName: string;
  /** 「SaaS」 and 「約款」 / 「個別契約」. */
  model: string;
  department: string;
  /** 「機密性2」. */
  confidentiality: string;
  /** 「有」「有（特定個人情報を含む。）」「無」. */
  personalInfo: string;
  /** 「ISMAP C22-0123」; null when none. */
  ismap: string | null;
  /** `YYYY-MM-DD`, the registration's validity; null when none. */
  ismapValidUntil: string | null;
  status: string;
  managerName: string | null;
  /** `YYYY-MM-DD`; null when not in use. */
  nextReviewDate: string | null;
  /** What needs action, e.g. 「ISMAP期限切れ」. */
  flags: string[];
}

export const MAX_REGISTER_ROWS = 2000;

export function validateExternalServiceRegisterInput(input: ExternalServiceRegisterInput): void {
  assertInputObject(input);
  const check = new InputChecker();
  check.text('orgName', input.orgName);
  check.date('asOfDate', input.asOfDate);
  if (typeof input.asOfTime !== 'string' || !/^\d{2}:\d{2}$/u.test(input.asOfTime))
    check.add('asOfTime', 'must be HH:MM');
  check.text('filters', input.filters, { maxLength: 200 });
  if (!Array.isArray(input.rows) || input.rows.length > MAX_REGISTER_ROWS) {
    check.add('rows', `must hold 0 to ${MAX_REGISTER_ROWS} rows`);
  } else {
    input.rows.forEach((r, i) => {
      if (!check.object(`rows[${i}]`, r)) return;
      for (const field of [
        'name',
        'providerName',
        'model',
        'department',
        'confidentiality',
        'personalInfo',
        'status',
      ] as const)
        check.text(`rows[${i}].${field}`, r[field], { maxLength: 200 });
      check.optionalText(`rows[${i}].ismap`, r.ismap, { maxLength: 100 });
      check.optionalText(`rows[${i}].managerName`, r.managerName, { maxLength: 100 });
      if (r.ismapValidUntil !== null) check.date(`rows[${i}].ismapValidUntil`, r.ismapValidUntil);
      if (r.nextReviewDate !== null) check.date(`rows[${i}].nextReviewDate`, r.nextReviewDate);
      if (!Array.isArray(r.flags)) check.add(`rows[${i}].flags`, 'must be a list');
      else r.flags.forEach((f, j) => check.text(`rows[${i}].flags[${j}]`, f, { maxLength: 50 }));
    });
  }
  check.throwIfAny();
}

export function printedExternalServiceRegisterText(input: ExternalServiceRegisterInput): string {
  return [
    input.orgName,
    input.filters,
    ...input.rows.flatMap((r) => [
      r.name,
      r.providerName,
      r.model,
      r.department,
      r.confidentiality,
      r.personalInfo,
      r.ismap ?? '',
      r.status,
      r.managerName ?? '',
      ...r.flags,
    ]),
  ].join('');
}

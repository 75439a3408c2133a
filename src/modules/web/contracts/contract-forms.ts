import { isIsoDate } from '../../../common/clock';
import { DomainError, statusOf } from '../../../common/errors/domain-error';
import { plainMessage } from '../glossary';
import { formErrorsOf, type FormErrors } from '../web-forms';
import { formValue } from '../web-urls';

/** What one form on a page shows after a refused submission, with what was typed. */
export interface FormState extends FormErrors {
  values: Record<string, unknown>;
}

/** A form's string fields as the template reads them back (never objects, never undefined). */
export type FormValues = Record<string, string | string[]>;

/**
 * Refusals whose code names the field at fault: shown next to that field rather than only above the form.
 * The services raise them without field details because the API client reads the code.
 */
const FIELD_OF_CODE: Record<string, string> = {
  'CONTRACT.INVALID_PERIOD': 'endDate',
  'CONTRACT.NUMBER_TAKEN': 'contractNumber',
  'CONTRACT.CONTRACTOR_UNAVAILABLE': 'contractorId',
  'SUBCONTRACT.CONTRACTOR_UNAVAILABLE': 'contractorId',
  'SUBCONTRACT.CORPORATE_NUMBER_MISMATCH': 'contractorId',
  'SUBCONTRACT.PRIME_CONTRACTOR': 'subcontractor.corporateNumber',
  'SUBCONTRACT.ALREADY_IN_CHAIN': 'subcontractor.corporateNumber',
  'SUBCONTRACT.DUPLICATE': 'subcontractor.corporateNumber',
  'SUBCONTRACT.LEAD_TIME': 'plannedStartDate',
  'SUBCONTRACT.START_AFTER_CONTRACT_END': 'plannedStartDate',
  'SUBCONTRACT.PARENT_NOT_APPROVED': 'parentSubcontractId',
  'SUBCONTRACT.NOTE_REQUIRED': 'note',
  'WORKER.EMPLOYER_NOT_APPROVED': 'employerContractorId',
  'WORKER.LOCATION_NOT_ALLOWED': 'workLocation',
  'WORKER.FREELANCE_EMPLOYER_NOT_INDIVIDUAL': 'employmentType',
  'WORKER.DISPATCH_AGENCY_REQUIRED': 'dispatchAgencyName',
  'WORKER.DISPATCH_AGENCY_NOT_ALLOWED': 'dispatchAgencyName',
  'CONTRACT.WORK_LOCATION_DUPLICATE': 'workLocations',
  'CONTRACT.WORK_LOCATION_IN_USE': 'workLocations',
  'ASSESSMENT.DUE_DATE_IN_PAST': 'dueDate',
};

/** A service refusal as form errors plus the HTTP status to re-render with; anything else is rethrown. */
export function refusalOf(
  error: unknown,
  values: Record<string, unknown>,
): { status: number; form: FormState } {
  const errors = formErrorsOf(error);
  const domain = error as DomainError;
  const field = FIELD_OF_CODE[domain.code];
  // The service's own sentence says more than the generic message of an unnamed field rule.
  if (field) errors.errors[field] = plainMessage(domain.message);
  return { status: statusOf(domain.kind), form: { ...errors, values } };
}

/** Validation failures: the same shape as a refusal, status 400. */
export function invalidForm(errors: FormErrors, values: Record<string, unknown>): FormState {
  return { ...errors, values };
}

/** Only the named string fields of a posted body (selects, inputs), for re-display. */
export function pick(body: Record<string, unknown>, names: readonly string[]): FormValues {
  const out: FormValues = {};
  for (const name of names) {
    const value = body[name];
    if (typeof value === 'string') out[name] = value;
    else if (Array.isArray(value)) out[name] = value.filter((v): v is string => typeof v === 'string');
  }
  return out;
}

/** A required string field: passed through as typed so the DTO reports a blank or missing one. */
const raw = (value: unknown): unknown => (Array.isArray(value) ? undefined : value);

export const CONTRACT_FIELDS = [
  'contractNumber',
  'title',
  'contractorId',
  'department',
  'startDate',
  'endDate',
  'confidentialityClass',
  'handlesPersonalInfo',
  'usesCloud',
  'workLocations',
  'assessmentFrequency',
] as const;

/** The 作業場所 textarea: one place a line; blank lines dropped. */
export function placesOf(value: unknown): string[] | undefined {
  if (typeof value !== 'string') return undefined;
  return value
    .split(/\r\n|\r|\n/u)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** The contract form in the shape of CreateContractRequest (strings turned back into numbers and booleans). */
export function contractInputOf(body: Record<string, unknown>): Record<string, unknown> {
  return {
    contractNumber: raw(body.contractNumber),
    title: raw(body.title),
    contractorId: raw(body.contractorId),
    department: raw(body.department),
    startDate: raw(body.startDate),
    endDate: raw(body.endDate),
    confidentialityClass: formValue.int(body.confidentialityClass) ?? raw(body.confidentialityClass),
    handlesPersonalInfo: formValue.bool(body.handlesPersonalInfo) ?? raw(body.handlesPersonalInfo),
    usesCloud: formValue.bool(body.usesCloud) ?? raw(body.usesCloud),
    workLocations: placesOf(body.workLocations),
    assessmentFrequency: formValue.text(body.assessmentFrequency),
  };
}

/**
 * The edit form in the shape of UpdateContractRequest (the contractor of a contract does not change): a blank
 * required field is refused, a blank 作業場所 names no place.
 */
export function contractUpdateOf(body: Record<string, unknown>): Record<string, unknown> {
  const { contractorId: _contractorId, ...fields } = contractInputOf(body);
  return {
    version: formValue.int(body.version) ?? raw(body.version),
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
  };
}

export const WORKER_FIELDS = [
  'name',
  'employerContractorId',
  'employmentType',
  'dispatchAgencyName',
  'role',
  'workLocation',
  'trainingDate',
  'pledgeDate',
] as const;

/** The worker form as CreateWorkerRequest (a blank date: not recorded) or UpdateWorkerRequest (blank: cleared). */
export function workerInputOf(
  body: Record<string, unknown>,
  mode: 'create' | 'update',
): Record<string, unknown> {
  const date = (value: unknown): unknown =>
    value === '' || value === undefined ? (mode === 'update' ? null : undefined) : raw(value);
  return {
    ...(mode === 'update' ? { version: formValue.int(body.version) ?? raw(body.version) } : {}),
    name: raw(body.name),
    employerContractorId: raw(body.employerContractorId),
    employmentType: raw(body.employmentType),
    // Only a dispatched worker has a 派遣元: the field is ignored (and cleared on a change) for any other type.
    dispatchAgencyName:
      body.employmentType === 'DISPATCHED'
        ? formValue.text(body.dispatchAgencyName)
        : mode === 'update'
          ? null
          : undefined,
    role: raw(body.role),
    workLocation: raw(body.workLocation),
    trainingDate: date(body.trainingDate),
    pledgeDate: date(body.pledgeDate),
  };
}

/** A well-formed date refused by the DTO can only be a future one: say so rather than the generic message. */
export function explainFutureDates(errors: FormErrors, body: Record<string, unknown>): FormErrors {
  for (const field of ['trainingDate', 'pledgeDate']) {
    if (errors.errors[field] && isIsoDate(body[field]))
      errors.errors[field] = '本日以前の日付を入力してください。';
  }
  return errors;
}

/** Clause-level problems of a refused selection (CONTRACT.CLAUSES_INVALID / _REFUSED), keyed for the clause form. */
export function clauseErrorsOf(error: unknown): { errors: Record<string, string>; unplaced: string[] } {
  const errors: Record<string, string> = {};
  const unplaced: string[] = [];
  const details =
    error instanceof DomainError ? (error.details as { errors?: unknown } | undefined) : undefined;
  const list = Array.isArray(details?.errors) ? (details.errors as unknown[]) : [];
  for (const item of list) {
    const e = item as { clauseCode?: unknown; param?: unknown; message?: unknown };
    if (typeof e.message !== 'string') continue;
    const key =
      typeof e.clauseCode === 'string' && e.clauseCode
        ? typeof e.param === 'string'
          ? paramField(e.clauseCode, e.param)
          : clauseField(e.clauseCode)
        : null;
    if (key === null) unplaced.push(e.message);
    else errors[key] = errors[key] ? `${errors[key]} ${e.message}` : e.message;
  }
  return { errors, unplaced };
}

/** Form field names of the clause form: flat, so the urlencoded parser needs no bracket syntax. */
export const clauseField = (code: string): string => `clause.${code}`;
export const paramField = (code: string, param: string): string => `p.${code}.${param}`;

/** Every page of a keyset list (rosters and tiers are short; the cap keeps a runaway loop impossible). */
export async function allPages<T>(
  fetch: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
  maxPages = 20,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i += 1) {
    const page = await fetch(cursor);
    items.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return items;
}

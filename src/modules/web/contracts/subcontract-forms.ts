import type { FormErrors } from '../web-forms';
import { formValue } from '../web-urls';

/** The request form's fields: the proposal's under `subcontractor.…` (the DTO's own paths, so errors line up). */
export const SUBCONTRACT_FIELDS = [
  'subcontractor.name',
  'subcontractor.corporateNumber',
  'subcontractor.address',
  'subcontractor.representativeName',
  'subcontractor.securityOfficer.name',
  'subcontractor.securityOfficer.email',
  'subcontractor.securityOfficer.phone',
  'scope',
  'necessity',
  'informationHandled',
  'securityMeasures',
  'workers',
  'plannedStartDate',
  'parentSubcontractId',
] as const;

/** A required string field: passed through as typed so the DTO reports a blank or missing one. */
const raw = (value: unknown): unknown => (Array.isArray(value) ? undefined : value);

/**
 * The 従事者 textarea: one worker a line, 「氏名／担当する作業」 (a full-width or half-width slash, or a tab). A
 * line without one is a name with no role, which the DTO refuses beside the field.
 */
export function workersOf(value: unknown): { name: string; role: string }[] | undefined {
  if (typeof value !== 'string') return undefined;
  return value
    .split(/\r\n|\r|\n/u)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const at = line.search(/[／/\t]/u);
      return at < 0
        ? { name: line, role: '' }
        : { name: line.slice(0, at).trim(), role: line.slice(at + 1).trim() };
    });
}

/** The request form in the shape of CreateSubcontractRequest. */
export function subcontractInputOf(body: Record<string, unknown>): Record<string, unknown> {
  const number = formValue.text(body['subcontractor.corporateNumber']);
  return {
    subcontractor: {
      name: raw(body['subcontractor.name']),
      ...(number ? { corporateNumber: number } : {}),
      address: raw(body['subcontractor.address']),
      representativeName: raw(body['subcontractor.representativeName']),
      securityOfficer: {
        name: raw(body['subcontractor.securityOfficer.name']),
        email: raw(body['subcontractor.securityOfficer.email']),
        phone: raw(body['subcontractor.securityOfficer.phone']),
      },
    },
    scope: raw(body.scope),
    necessity: raw(body.necessity),
    informationHandled: raw(body.informationHandled),
    securityMeasures: raw(body.securityMeasures),
    workers: workersOf(body.workers) ?? raw(body.workers),
    plannedStartDate: raw(body.plannedStartDate),
    parentSubcontractId: formValue.text(body.parentSubcontractId),
  };
}

/** Errors of one worker line (`workers.2.role`) shown beside the one 従事者 textarea. */
export function placeWorkerErrors(form: FormErrors): FormErrors {
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(form.errors)) {
    const line = /^workers[.[](\d+)/u.exec(field);
    if (line) errors.workers ??= `${Number(line[1]) + 1}行目：「氏名／担当する作業」の形で入力してください。`;
    else errors[field] = message;
  }
  return { ...form, errors };
}

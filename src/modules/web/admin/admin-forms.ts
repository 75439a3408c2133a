import { DomainError, statusOf } from '../../../common/errors/domain-error';
import { formValue } from '../web-urls';

/** The HTTP status a page answers with when a service refused a form (400, 409, 422 …). */
export function refusalStatus(error: unknown): number {
  return error instanceof DomainError ? statusOf(error.kind) : 400;
}

/** A required text field as typed ('' when missing, so the DTO says 「入力してください。」). */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** An optional text field: blank is "not given" on a new record and "clear it" (null) on an edit. */
export function optional(value: unknown, blank: undefined | null): string | undefined | null {
  return formValue.text(value) ?? blank;
}

/** What a person types for a 法人番号: full-width digits from the IME, spaces and hyphens for readability. */
export function corporateNumberOf(value: unknown): string | undefined {
  const typed = formValue.text(value);
  if (typed === undefined) return undefined;
  return typed
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[\s\-－ー‐]/g, '');
}

/** The contractor form's fields, named as the DTO's paths (`securityOfficer.email`), in the DTO's shape. */
export function contractorFields(
  body: Record<string, unknown>,
  blank: undefined | null,
): Record<string, unknown> {
  return {
    corporateNumber: corporateNumberOf(body.corporateNumber) ?? blank,
    name: text(body.name),
    nameKana: optional(body.nameKana, blank),
    address: text(body.address),
    representativeName: text(body.representativeName),
    securityOfficer: {
      name: text(body['securityOfficer.name']),
      email: text(body['securityOfficer.email']).trim(),
      phone: text(body['securityOfficer.phone']).trim(),
    },
    notes: optional(body.notes, blank),
  };
}

/** Only the named fields of a query string, blanks dropped: the filters a list page passes to its service. */
export function pick(query: unknown, keys: readonly string[]): Record<string, string> {
  const source = (query ?? {}) as Record<string, unknown>;
  const picked: Record<string, string> = {};
  for (const key of keys) {
    const value = source[key];
    if (typeof value === 'string' && value.trim() !== '') picked[key] = value.trim();
  }
  return picked;
}

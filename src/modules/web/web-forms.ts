import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { DomainError, type ErrorKind } from '../../common/errors/domain-error';
import { unsafeTextProblems } from '../../common/validation/unsafe-text';
import { flatten, type FieldProblem } from '../../common/validation/validation.pipe';
import { FORM_INVALID, japaneseMessage, plainMessage, rulePriority } from './glossary';

/** What a form shows after a refused submission: a message per field and one for the form. */
export interface FormErrors {
  errors: Record<string, string>;
  formError: string | null;
}

export { japaneseMessage } from './glossary';

/**
 * Field errors keyed by the field path (`securityOfficer.email`), one message per field: a missing value is
 * reported before its form, its form before its size (an empty number is 「入力してください」, not 「小さすぎます」).
 */
export function fieldErrors(problems: FieldProblem[], raw?: Record<string, unknown>): Record<string, string> {
  const chosen = new Map<string, FieldProblem>();
  for (const problem of problems) {
    const before = chosen.get(problem.field);
    if (!before || rulePriority(problem.rule) < rulePriority(before.rule)) chosen.set(problem.field, problem);
  }
  return Object.fromEntries(
    [...chosen].map(([field, problem]) => [field, japaneseMessage(problem, raw && isGiven(raw, field))]),
  );
}

/** Whether the form gave a value for a field path (`securityOfficer.email`): not missing, not blank. */
function isGiven(raw: Record<string, unknown>, path: string): boolean {
  let value: unknown = raw;
  for (const key of path.split('.')) {
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  if (Array.isArray(value)) return value.length > 0;
  return value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');
}

/**
 * Validates a form against the same DTO class as the API. Returns the DTO, or the errors to show beside
 * the fields.
 */
export async function parseForm<T extends object>(
  cls: new () => T,
  raw: Record<string, unknown>,
): Promise<{ ok: true; value: T } | { ok: false; errors: FormErrors }> {
  const value = plainToInstance(cls, raw);
  const problems: ValidationError[] = await validate(value, { whitelist: true, forbidNonWhitelisted: true });
  // The API's plain-text rule (unsafe-text.ts), shown beside the field it concerns.
  const unsafe = unsafeTextProblems(raw);
  if (problems.length === 0 && unsafe.length === 0) return { ok: true, value };
  return {
    ok: false,
    errors: {
      errors: fieldErrors([...unsafe, ...flatten(problems)], raw),
      formError: FORM_INVALID,
    },
  };
}

/**
 * A refusal the user can act on (bad input, a business rule, a conflict), turned into what the form shows;
 * anything else is not the user's to fix and is rethrown.
 */
export function formErrorsOf(
  error: unknown,
  kinds: readonly ErrorKind[] = ['INVALID', 'RULE', 'CONFLICT', 'FORBIDDEN'],
): FormErrors {
  if (!(error instanceof DomainError) || !kinds.includes(error.kind)) {
    throw error;
  }
  const details = error.details as { fields?: FieldProblem[] } | undefined;
  return {
    errors: details?.fields ? fieldErrors(details.fields) : {},
    formError: plainMessage(error.message),
  };
}

/** Form fields arrive as strings: '' means "not given". */
export function blankToUndefined(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== '' && v !== undefined));
}

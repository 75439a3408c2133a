import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { DomainError, type ErrorKind } from '../../common/errors/domain-error';
import { unsafeTextProblems } from '../../common/validation/unsafe-text';
import { flatten, type FieldProblem } from '../../common/validation/validation.pipe';

/** What a form shows after a refused submission: a message per field and one for the form. */
export interface FormErrors {
  errors: Record<string, string>;
  formError: string | null;
}

const MESSAGES: Record<string, (problem: FieldProblem) => string> = {
  isNotEmpty: () => '入力してください。',
  isDefined: () => '入力してください。',
  minLength: () => '入力してください。',
  maxLength: (p) => `${/(\d+)/.exec(p.message)?.[1] ?? ''}文字以内で入力してください。`,
  isEmail: () => 'メールアドレスの形式で入力してください。',
  isoDate: () => '日付を「YYYY-MM-DD」の形で入力してください。',
  isInt: () => '整数で入力してください。',
  min: () => '値が小さすぎます。',
  max: () => '値が大きすぎます。',
  isIn: () => '選択肢から選んでください。',
  isUuid: () => '選択肢から選んでください。',
  corporateNumber: () => '13桁の法人番号を入力してください（チェックディジットが一致しません）。',
  matches: () => '入力の形式が正しくありません。',
  unknownField: () => '不明な項目です。',
  isBoolean: () => '選択してください。',
  plainText: () => '空白だけの入力や、制御文字・書式制御文字を含む入力はできません。',
  maxCodePoints: (p) => `${/(\d+)/.exec(p.message)?.[1] ?? ''}文字以内で入力してください。`,
};

export function japaneseMessage(problem: FieldProblem): string {
  return (MESSAGES[problem.rule] ?? (() => '入力内容を確認してください。'))(problem);
}

/** Field errors keyed by the field path (`securityOfficer.email`), first message per field. */
export function fieldErrors(problems: FieldProblem[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const problem of problems) errors[problem.field] ??= japaneseMessage(problem);
  return errors;
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
      errors: fieldErrors([...unsafe, ...flatten(problems)]),
      formError: '入力内容に誤りがあります。',
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
  return { errors: details?.fields ? fieldErrors(details.fields) : {}, formError: error.message };
}

/** Form fields arrive as strings: '' means "not given". */
export function blankToUndefined(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== '' && v !== undefined));
}

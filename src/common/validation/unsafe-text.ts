import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { InvalidInputError } from '../errors/domain-error';
import type { FieldProblem } from './validation.pipe';

/**
 * One plain-text rule for every text the API and the forms take: no control characters but the line breaks of
 * a multi-line field (CR, LF), no zero-width or direction-override characters (U+200B–U+200F, U+2028–U+202E,
 * U+2060–U+2069, U+FEFF), no lone surrogate. They show as nothing or reorder what a reader sees in the UI, and
 * the documents refuse them later with a 400 — better refused where they are typed. Single-line fields refuse
 * line breaks too, through their DTO's PlainTextRule.
 */
/* eslint-disable no-control-regex -- finding control characters is the point */
const UNSAFE =
  /[\u0000-\u0009\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF\uD800-\uDFFF]/u;
/* eslint-enable no-control-regex */

/** Fields whose value is a secret, never displayed: any character is the owner's choice. */
const SECRET_FIELDS: ReadonlySet<string> = new Set(['password', 'currentPassword', 'newPassword']);

export function isUnsafeText(value: string): boolean {
  return UNSAFE.test(value);
}

/** Every string in a request body or query (arrays and nested objects included) that breaks the rule. */
export function unsafeTextProblems(value: unknown, path = ''): FieldProblem[] {
  if (typeof value === 'string') {
    return isUnsafeText(value)
      ? [
          {
            field: path,
            rule: 'plainText',
            message: `${path} must not contain control, zero-width or direction-override characters`,
          },
        ]
      : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => unsafeTextProblems(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) =>
      SECRET_FIELDS.has(key) ? [] : unsafeTextProblems(v, path ? `${path}.${key}` : key),
    );
  }
  return [];
}

/**
 * The rule on every API body and query (DTO classes). Web pages take their bodies as plain records and apply the
 * same rule through parseForm, so the refusal shows beside the field instead of on an error page.
 */
export class UnsafeTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' && metadata.type !== 'query') return value;
    if (!metadata.metatype || metadata.metatype === Object) return value;
    const problems = unsafeTextProblems(value);
    if (problems.length) {
      throw new InvalidInputError('REQUEST.VALIDATION', '入力内容に誤りがあります。', { fields: problems });
    }
    return value;
  }
}

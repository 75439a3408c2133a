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

/** Fields whose value is a secret, never displayed: every character is the owner's choice. */
const SECRET_FIELDS: ReadonlySet<string> = new Set(['password', 'currentPassword', 'newPassword']);

export function isUnsafeText(value: string): boolean {
  return UNSAFE.test(value);
}

/**
 * Every string in a request body or query (arrays and nested objects included) that breaks the rule. Walked
 * without recursion, so a deeply nested body cannot exhaust the stack (the DTO refuses its shape afterwards).
 */
export function unsafeTextProblems(value: unknown, path = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length > 0) {
    const [current, at] = stack.pop() as [unknown, string];
    if (typeof current === 'string') {
      if (isUnsafeText(current)) {
        problems.push({
          field: at,
          rule: 'plainText',
          message: `${at} must not contain control, zero-width or direction-override characters`,
        });
      }
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([current[i], `${at}[${i}]`]);
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, v] = entries[i];
        if (!SECRET_FIELDS.has(key)) stack.push([v, at ? `${at}.${key}` : key]);
      }
    }
  }
  return problems;
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

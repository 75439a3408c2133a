import type { FieldProblem } from '../../common/validation/validation.pipe';
import { CHOICE_FIELDS, FIELD_NAMES, HIDDEN_FIELDS } from './glossary-fields';
import { FLASH } from './glossary-flash';
import { LABELS } from './glossary-labels';

/**
 * The words of the web UI in one place: the Japanese labels of the API's codes (`glossary-labels.ts`), the names
 * of the form fields (`glossary-fields.ts`), the messages of a refused form (here), and the messages shown once
 * after a form succeeded (`glossary-flash.ts`). A wording is changed there, and every page that shows it follows.
 */

export { CHOICE_FIELDS, FIELD_NAMES, FLASH, HIDDEN_FIELDS, LABELS };

/** The field's name without a form prefix or an item id: `answer_<uuid>` → `answer`. */
export function baseField(field: string): string {
  return field.replace(/_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu, '');
}

/** The Japanese name of a field (of the form `form` where a page has several), or null if the glossary has none. */
export function fieldName(field: string, form?: string): string | null {
  // The issuer settings name one signer per kind of document: `signers.<kind>.title`.
  const base = baseField(field).replace(/^signers\.\w+\./u, 'signers.');
  return (form ? FIELD_NAMES[`${form}.${base}`] : undefined) ?? FIELD_NAMES[base] ?? null;
}

/**
 * A service's message as a page shows it: the API's messages name the field they concern in brackets for the
 * API's users (「所属する委託先（contractorId）が必要です。」); a page never shows a field code, so those go. A field
 * code starts with a small letter; an abbreviation in brackets (PDF, ISMS) stays.
 */
export function plainMessage(message: string): string {
  return message.replace(/[（(][a-z][A-Za-z0-9_.]*(?:[、,]\s*[a-z][A-Za-z0-9_.]*)*[）)]/gu, '');
}

/** A refused form's general message and the title of the error summary. */
export const FORM_INVALID = '入力内容に誤りがあります。';
/** The title of the error summary of a refusal that concerns no field (a conflict, a rule of the service). */
export const REFUSED_TITLE = '操作を完了できませんでした';
export const errorSummaryTitle = (count: number): string =>
  count > 0 ? `入力内容を確認してください（${count}件）` : '入力内容を確認してください';

const numberIn = (p: FieldProblem): string => /(\d+)/.exec(p.message)?.[1] ?? '';

/** The message of a validation rule that failed, in plain Japanese. */
const MESSAGES: Record<string, (problem: FieldProblem) => string> = {
  isNotEmpty: () => '入力してください。',
  isDefined: () => '入力してください。',
  minLength: () => '入力してください。',
  maxLength: (p) => `${numberIn(p)}文字以内で入力してください。`,
  isEmail: () => 'メールアドレスの形式で入力してください。',
  isoDate: () => '日付を「YYYY-MM-DD」の形で入力してください。',
  isDateString: () => '日付を「YYYY-MM-DD」の形で入力してください。',
  isISO8601: () => '日付を「YYYY-MM-DD」の形で入力してください。',
  isInt: () => '整数で入力してください。',
  min: (p) => (numberIn(p) ? `${numberIn(p)}以上の数を入力してください。` : '値が小さすぎます。'),
  max: (p) => (numberIn(p) ? `${numberIn(p)}以下の数を入力してください。` : '値が大きすぎます。'),
  isIn: () => '選択肢から選んでください。',
  isEnum: () => '選択肢から選んでください。',
  isUuid: () => '選択肢から選んでください。',
  corporateNumber: () => '13桁の法人番号を入力してください（チェックディジットが一致しません）。',
  matches: () => '入力の形式が正しくありません。',
  unknownField: () => 'この項目は受け付けられません。',
  isBoolean: () => '選択してください。',
  plainText: () => '空白だけの入力や、制御文字・書式制御文字を含む入力はできません。',
  katakana: () => 'フリガナは全角カタカナで入力してください。',
  isoDateTime: () => '日時を正しく入力してください（例：2026-12-05T10:30）。',
  maxCodePoints: (p) => `${numberIn(p)}文字以内で入力してください。`,
  arrayMaxSize: (p) => `${numberIn(p)}件以内としてください。`,
  arrayMinSize: () => '1件以上選択してください。',
};

/** Rules that say a field is missing come before rules about its form, which come before its size. */
const RULE_ORDER = ['isDefined', 'isNotEmpty', 'minLength'];
export const rulePriority = (rule: string): number => {
  const at = RULE_ORDER.indexOf(rule);
  if (at >= 0) return at;
  return rule === 'min' || rule === 'max' ? RULE_ORDER.length + 1 : RULE_ORDER.length;
};

/**
 * The message for one problem. `given`: whether the form gave the field a value (unknown for a service's refusal).
 * A choice left unselected is 「選択してください。」 whatever rule failed (an empty number fails @Max first), a value
 * that is not one of the choices (a tampered form) 「選択肢から選んでください。」; a text or date field left blank is
 * 「入力してください。」 whichever rule failed first (an empty date fails its format, an empty name the plain-text rule).
 */
export function japaneseMessage(problem: FieldProblem, given?: boolean): string {
  if (problem.rule !== 'unknownField' && CHOICE_FIELDS.has(baseField(problem.field).replace(/^.*\./u, ''))) {
    if (problem.rule === 'arrayMaxSize') return MESSAGES.arrayMaxSize(problem);
    return given === true ? '選択肢から選んでください。' : '選択してください。';
  }
  if (given === false && problem.rule !== 'unknownField') return '入力してください。';
  return (MESSAGES[problem.rule] ?? (() => '入力内容を確認してください。'))(problem);
}

/** The flash message of a key, with the name of what it concerns where the page knows it. */
export function flashMessage(key: string, name?: string | null): string | null {
  const template = FLASH[key];
  if (template === undefined) return null;
  return template
    .replace(/【([^】]*)】/gu, (_, part: string) => (name ? part.replace('{name}', name) : ''))
    .replace('{name}', name ?? '');
}

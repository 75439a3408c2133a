import {
  baseField,
  errorSummaryTitle,
  fieldName,
  FORM_INVALID,
  HIDDEN_FIELDS,
  REFUSED_TITLE,
} from './glossary';

/** One line of the error summary: the field's Japanese name and its message, linked to the field when it has one. */
export interface ErrorSummaryItem {
  text: string;
  href: string | null;
}

/** The box at the top of a page whose form was refused (partials/form-errors.hbs). */
export interface ErrorSummary {
  title: string;
  message: string | null;
  items: ErrorSummaryItem[];
}

interface FormLike {
  errors?: unknown;
  formError?: unknown;
  /** The prefix of the ids of this form's fields, when it is not `f-` (pages with several forms). */
  idPrefix?: unknown;
  /** Lines of a refusal that are not about one field (the MIC items a contract leaves uncovered), as they are. */
  summaryItems?: unknown;
}

/**
 * The id prefix of the fields of `forms.<key>` on pages with several forms (contracts/detail, subcontract): each
 * form's fields are `<key>-<name>`, except these.
 */
const FORM_ID_PREFIX: Record<string, string> = { register: 'reg-', subcontract: 'f-' };

/** An assessment item's file is chosen in its own upload form (`file-<itemId>`), not in the answers form. */
const ITEM_FIELD_IDS: Record<string, string> = { evidence: 'file-' };

/** The id of a field's element: `<prefix><name>`, or an item field's own id. */
function idOf(field: string, prefix: string): string {
  const base = baseField(field);
  const own = ITEM_FIELD_IDS[base];
  return own && base !== field ? `${own}${field.slice(base.length + 1)}` : `${prefix}${field}`;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The error summary of a page model, from every refused form it holds: `errors`/`formError` at the top level,
 * `form`, or one of `forms.<key>` (the page's forms by name). Null when no form was refused. `fieldNames` in the
 * model names fields the glossary cannot (an assessment's items).
 */
export function errorSummaryOf(model: Record<string, unknown>): ErrorSummary | null {
  const sources: { form: FormLike; key?: string; prefix: string }[] = [{ form: model, prefix: 'f-' }];
  if (isRecord(model.form)) sources.push({ form: model.form, prefix: 'f-' });
  if (isRecord(model.forms)) {
    for (const [key, form] of Object.entries(model.forms)) {
      if (isRecord(form)) sources.push({ form, key, prefix: FORM_ID_PREFIX[key] ?? `${key}-` });
    }
  }
  const names = isRecord(model.fieldNames) ? model.fieldNames : {};
  const items: ErrorSummaryItem[] = [];
  let message: string | null = null;
  for (const { form, key, prefix } of sources) {
    const idPrefix = typeof form.idPrefix === 'string' ? form.idPrefix : prefix;
    if (typeof form.formError === 'string' && form.formError && message === null) message = form.formError;
    if (Array.isArray(form.summaryItems)) {
      for (const item of form.summaryItems as Partial<ErrorSummaryItem>[]) {
        if (typeof item?.text === 'string') items.push({ text: item.text, href: item.href ?? null });
      }
    }
    if (!isRecord(form.errors)) continue;
    for (const [field, text] of Object.entries(form.errors)) {
      if (typeof text !== 'string' || !text) continue;
      const given = names[field];
      const name = typeof given === 'string' ? given : fieldName(field, key);
      items.push({
        text: name ? `${name}：${text}` : text,
        href: HIDDEN_FIELDS.has(baseField(field)) ? null : `#${idOf(field, idPrefix)}`,
      });
    }
  }
  if (items.length === 0 && message === null) return null;
  return {
    title: items.length > 0 ? errorSummaryTitle(items.length) : REFUSED_TITLE,
    // The general 「入力内容に誤りがあります」 says nothing the list does not.
    message: items.length > 0 && message === FORM_INVALID ? null : message,
    items,
  };
}

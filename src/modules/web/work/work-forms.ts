import type { FastifyReply } from 'fastify';
import type { Actor } from '../../../common/auth/actor';
import { DomainError, statusOf, type ErrorKind } from '../../../common/errors/domain-error';
import { confirmFirst, type Confirmation } from '../confirmation';
import { FORM_INVALID, LABELS, plainMessage } from '../glossary';
import type { WebPage } from '../web-page';
import { formErrorsOf, parseForm, type FormErrors } from '../web-forms';

/** What a page shows again after a refused form: what was typed, the errors, and a one-off message. */
export interface FormState {
  values?: Record<string, unknown>;
  errors?: Record<string, string>;
  formError?: string | null;
  flash?: string | null;
}

const UUID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** An id from a query string or a hidden field, or undefined when it is not one. */
export const uuidOf = (value: unknown): string | undefined =>
  typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : undefined;

/** The name of one item's field in a form that covers every item of an assessment: `answer_<itemId>`. */
export const itemField = (prefix: string, itemId: string): string => `${prefix}_${itemId}`;

/**
 * The per-item fields of one kind (`comment_<itemId>`), by item id in the order the form sent them. Only
 * string values count: a repeated key (a tampered form) is not an answer.
 */
export function itemFields(body: Record<string, unknown>, prefix: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(body)) {
    if (!key.startsWith(`${prefix}_`) || typeof value !== 'string') continue;
    const id = UUID.exec(key.slice(prefix.length + 1))?.[1];
    if (id) found.set(id.toLowerCase(), value);
  }
  return found;
}

/** Checkboxes sharing a name arrive as nothing, one string, or a list of strings. */
export function listOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * A required text field exactly as typed, '' included (so the form answers 「入力してください」 rather than a
 * type error); anything that is not a string is "not given".
 */
export const typed = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** A validation error of a nested DTO (`items.2.comment`) moved to the field the user typed (`comment_<itemId>`). */
function perItemErrors(form: FormErrors, itemIds: readonly string[]): FormErrors {
  const errors: Record<string, string> = {};
  for (const [path, message] of Object.entries(form.errors)) {
    const nested = /^items\.(\d+)\.(\w+)$/.exec(path);
    const itemId = nested ? itemIds[Number(nested[1])] : undefined;
    errors[nested && itemId ? itemField(nested[2], itemId) : path] ??= message;
  }
  return { errors, formError: form.formError };
}

/** The items a service refusal names (`details.itemIds`), if any. */
function refusedItemIds(error: unknown): string[] {
  const details =
    error instanceof DomainError ? (error.details as { itemIds?: unknown } | undefined) : undefined;
  return listOf(details?.itemIds);
}

/** The field a refusal is about, with the page's own wording where the service's names API fields. */
export type FieldOfRefusal = string | { field: string; message: string };

/**
 * A service refusal the user can act on, as the form shows it, with the status of the refusal (409 stale or
 * conflicting, 422 a rule, 400 bad input). `fields` puts the message of an error code beside the field it is
 * about. Anything else is rethrown for the error page (404 for another company's object).
 */
export function refusalOf(
  error: unknown,
  fields: Record<string, FieldOfRefusal> = {},
  kinds?: readonly ErrorKind[],
): { status: number; form: FormErrors } {
  const form = formErrorsOf(error, kinds);
  if (!(error instanceof DomainError)) return { status: 400, form };
  // A refusal that names its field itself (`details.field`, e.g. a character the documents cannot print).
  const own = (error.details as { field?: unknown } | undefined)?.field;
  const target = fields[error.code] ?? (typeof own === 'string' ? own : undefined);
  if (typeof target === 'string') form.errors[target] ??= plainMessage(error.message);
  else if (target) {
    form.errors[target.field] ??= target.message;
    form.formError = target.message;
  }
  return { status: statusOf(error.kind), form };
}

/** One radio button or option of a label group (answer, verdict, severity, …), marked when it is the current value. */
export interface Choice {
  value: string;
  label: string;
  checked: boolean;
}

export function choices(group: string, codes: readonly string[], current: unknown): Choice[] {
  return codes.map((value) => ({
    value,
    label: LABELS[group]?.[value] ?? value,
    checked: value === current,
  }));
}

/** Multi-line text as its lines, so a page can keep the writer's line breaks without unescaped HTML. */
export function linesOf(text: string | null | undefined): string[] {
  return text ? text.split(/\r\n|\r|\n/) : [];
}

/** What the user typed for a field if the form came back, else the stored value. */
export function currentValue(
  values: Record<string, unknown> | undefined,
  field: string,
  stored: string | null | undefined,
): string {
  const typedValue = values?.[field];
  return typeof typedValue === 'string' ? typedValue : (stored ?? '');
}

/** What an item's message may depend on: what was posted for it, and the refusal's details. */
interface ItemRefusalContext {
  answer: string | undefined;
  details: Record<string, unknown>;
}

interface ItemRefusal {
  field: string;
  message: string | ((context: ItemRefusalContext) => string);
  /** The value given is itself refused (not only a blank field): mark the field even when filled in. */
  evenIfGiven?: boolean;
}

/** 「A」、「B」又は「C」: labelled codes as a Japanese list of alternatives. */
function alternatives(codes: readonly string[]): string {
  const quoted = codes.map((code) => `「${LABELS.answer[code] ?? code}」`);
  return quoted.length < 2
    ? quoted.join('')
    : `${quoted.slice(0, -1).join('、')}又は${quoted[quoted.length - 1]}`;
}

/** Why a comment is missing depends on the answer it goes with (answer-rules.ts, needsComment). */
function commentRequired({ answer }: ItemRefusalContext): string {
  if (answer === 'YES') return '「はい」と回答した項目には、詳細を記入してください。';
  if (answer === 'IMPLEMENTED')
    return 'この設問では、「実施している」と回答する場合も、実施の状況を記入してください。';
  return '「実施している」以外の回答には、状況の説明を記入してください。';
}

/**
 * Refusals of an assessment that name items: the message goes beside each named item's field that was left
 * blank (a finding without its note gets the message at the note, not at a severity that was chosen), or beside
 * the field whose value is refused.
 */
const ITEM_REFUSALS: Record<string, ItemRefusal[]> = {
  'ASSESSMENT.COMMENT_REQUIRED': [{ field: 'comment', message: commentRequired }],
  'ASSESSMENT.ANSWER_NOT_ALLOWED': [
    {
      field: 'answer',
      evenIfGiven: true,
      message: ({ details }) =>
        `この回答は選べません。${alternatives(listOf(details.allowed))}から選んでください。`,
    },
  ],
  'ASSESSMENT.EVIDENCE_REQUIRED': [
    {
      field: 'evidence',
      message:
        '「実施している」又は「一部実施」と回答したこの設問には、根拠資料（証跡ファイル）を添付してください。',
    },
  ],
  'ASSESSMENT.UNANSWERED_ITEMS': [{ field: 'answer', message: '回答を選んでください。' }],
  'ASSESSMENT.UNREVIEWED_ITEMS': [{ field: 'verdict', message: '判定を選んでください。' }],
  'ASSESSMENT.FINDING_INCOMPLETE': [
    { field: 'note', message: '指摘とする場合は、所見を記入してください。' },
    { field: 'severity', message: '指摘とする場合は、重要度を選んでください。' },
  ],
};

function markRefusedItems(form: FormErrors, error: unknown, body: Record<string, unknown>): void {
  if (!(error instanceof DomainError)) return;
  const details = (error.details ?? {}) as Record<string, unknown>;
  for (const { field, message, evenIfGiven } of ITEM_REFUSALS[error.code] ?? []) {
    for (const itemId of refusedItemIds(error)) {
      const name = itemField(field, itemId);
      const given = body[name];
      if (!evenIfGiven && typeof given === 'string' && given.trim() !== '') continue;
      const answer = body[itemField('answer', itemId)];
      const context = { answer: typeof answer === 'string' ? answer : undefined, details };
      form.errors[name] ??= typeof message === 'string' ? message : message(context);
    }
  }
}

/** One form post of the web UI, from what was typed to the redirect. */
export interface FormSpec<T, R> {
  /** The API's request class the form is checked against. */
  dto: new () => T;
  /** The form mapped to the DTO's shape. */
  input: Record<string, unknown>;
  /** What was typed, shown again on a refusal. */
  body: Record<string, unknown>;
  /** For forms over every item of an assessment: the item of each `items.n`, for errors beside the item. */
  itemIds?: readonly string[];
  /** Checks of the form itself (a comment typed without an answer), by field. */
  pageErrors?: Record<string, string>;
  /** Service error codes whose message belongs beside one field. */
  fields?: Record<string, FieldOfRefusal>;
  /**
   * The confirmation step of an action that approves, completes, deletes or withdraws (confirmation.ts,
   * confirmFirst): called once the form is valid; false when it answered with the confirmation page instead.
   * `edit` shows the page again with what was typed (pass it to confirmFirst for 「入力内容を修正する」).
   */
  confirm?(input: T, edit: () => Promise<void>): Promise<boolean>;
  run(input: T): Promise<R>;
  /** The page again, with the state of the refused form. */
  show(state: FormState, status: number): Promise<void>;
  /** Where the browser goes after success (Post/Redirect/Get). */
  redirect(result: R): string;
}

/**
 * Validates with the API's DTO (400 and the page again, errors beside the fields, what was typed kept), hands
 * over to the service, shows its refusal the same way with the refusal's status, or redirects with 303.
 */
export async function runForm<T extends object, R>(reply: FastifyReply, spec: FormSpec<T, R>): Promise<void> {
  const parsed = await parseForm(spec.dto, spec.input);
  const pageErrors = spec.pageErrors ?? {};
  if (!parsed.ok || Object.keys(pageErrors).length > 0) {
    const form = parsed.ok
      ? { errors: {}, formError: FORM_INVALID }
      : perItemErrors(parsed.errors, spec.itemIds ?? []);
    await spec.show({ ...form, errors: { ...form.errors, ...pageErrors }, values: spec.body }, 400);
    return;
  }
  const edit = (): Promise<void> => spec.show({ values: spec.body }, 200);
  if (spec.confirm && !(await spec.confirm(parsed.value, edit))) return;
  let result: R;
  try {
    result = await spec.run(parsed.value);
  } catch (error) {
    const { status, form } = refusalOf(error, spec.fields);
    markRefusedItems(form, error, spec.body);
    await spec.show({ ...form, values: spec.body }, status);
    return;
  }
  await reply.status(303).redirect(spec.redirect(result));
}

/** What shows a record's page (the record's view), here with the state of a refused form. */
export interface RecordView {
  render(actor: Actor, reply: FastifyReply, id: string, state: FormState, status: number): Promise<void>;
}

/** The page of one record (an incident, an SNS account, an external service) that holds the forms of its steps. */
export interface StepPage {
  page: WebPage;
  view: RecordView;
  /** The record's page, e.g. `/incidents/<id>`: where a confirmation goes back to and a step ends up. */
  url: string;
  actor: Actor;
  reply: FastifyReply;
  id: string;
  /** The form as posted. */
  body: Record<string, unknown>;
}

/** One step's form on a record's page. */
export interface StepForm<T, R> {
  dto: new () => T;
  input: Record<string, unknown>;
  /**
   * The API's field → the page's, where one page holds several forms and names its fields apart (`note` →
   * `closingNote`), so a refusal shows beside the right field.
   */
  rename?: Record<string, string>;
  pageErrors?: Record<string, string>;
  fields?: Record<string, FieldOfRefusal>;
  /**
   * For a step that cannot simply be undone: what the confirmation page says (its way back is the record's page),
   * worked out only when the page is shown.
   */
  confirm?: (input: T) => Omit<Confirmation, 'back'> | Promise<Omit<Confirmation, 'back'>>;
  run: (input: T) => Promise<R>;
  /** The message the record's page shows after the step (`?flash=`). */
  flash: string | ((result: R) => string);
}

/** A step taken from a record's page: runForm, asked first where the step says so, back to the record's page. */
export function runStepForm<T extends object, R>(at: StepPage, spec: StepForm<T, R>): Promise<void> {
  const { rename, confirm, flash } = spec;
  return runForm(at.reply, {
    dto: spec.dto,
    input: spec.input,
    body: at.body,
    pageErrors: spec.pageErrors,
    fields: spec.fields,
    confirm: confirm
      ? (input, edit) =>
          confirmFirst(
            at.page,
            at.actor,
            at.reply,
            at.body,
            async () => ({ ...(await confirm(input)), back: at.url }),
            edit,
          )
      : undefined,
    run: spec.run,
    show: (state, status) =>
      at.view.render(at.actor, at.reply, at.id, rename ? renamed(state, rename) : state, status),
    redirect: (result) => `${at.url}?flash=${typeof flash === 'function' ? flash(result) : flash}`,
  });
}

/** A form's state with the errors moved from the API's field names to the page's. */
function renamed(state: FormState, rename: Record<string, string>): FormState {
  return {
    ...state,
    errors: Object.fromEntries(
      Object.entries(state.errors ?? {}).map(([field, message]) => [rename[field] ?? field, message]),
    ),
  };
}

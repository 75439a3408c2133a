import type { AssessmentResponse } from '../../assessments/dto/assessment.dto';
import type { EvidenceUpload } from '../../evidence/dto/evidence.dto';
import { formValue } from '../web-urls';
import { refusalOfFile, type PostedFile } from './evidence-form';
import { itemField, itemFields, listOf } from './work-forms';

/** A form over every item of an assessment, in the shape of the API's request, with its own checks. */
export interface ItemsForm {
  input: Record<string, unknown>;
  itemIds: string[];
  pageErrors: Record<string, string>;
}

/**
 * The answer form (`answer_<itemId>` radios, `comment_<itemId>` texts — 状況の説明 on a 自己点検票, 詳細 on a
 * 定期報告) as SaveAnswersRequest: every item whose answer was chosen, so a partial save is allowed. Which answers
 * the kind takes and when a comment is needed are the service's rules (answer-rules.ts). The comment goes as typed: the form shows the stored one,
 * so an emptied box means the comment was removed.
 */
export function answersOf(body: Record<string, unknown>): ItemsForm {
  const answers = itemFields(body, 'answer');
  const comments = itemFields(body, 'comment');
  const itemIds = [...answers.keys()];
  return {
    input: {
      version: formValue.int(body.version),
      items: itemIds.map((itemId) => ({
        itemId,
        answer: answers.get(itemId),
        comment: comments.get(itemId),
      })),
    },
    itemIds,
    pageErrors: {
      ...orphans(
        comments,
        answers,
        'answer',
        '回答を選んでください（説明だけを保存することはできません。）。',
      ),
      ...(itemIds.length === 0
        ? { items: '保存する回答がありません。回答を選んでから保存してください。' }
        : {}),
    },
  };
}

/** The review form (`verdict_`, `note_`, `severity_<itemId>`) as ReviewRequest; 「確認を完了する」 sends complete=true. */
export function verdictsOf(body: Record<string, unknown>): ItemsForm {
  const verdicts = itemFields(body, 'verdict');
  const notes = itemFields(body, 'note');
  const severities = itemFields(body, 'severity');
  const itemIds = [...verdicts.keys()];
  return {
    input: {
      version: formValue.int(body.version),
      items: itemIds.map((itemId) => ({
        itemId,
        verdict: verdicts.get(itemId),
        note: formValue.text(notes.get(itemId)),
        severity: formValue.text(severities.get(itemId)),
      })),
      complete: formValue.bool(body.complete),
    },
    itemIds,
    pageErrors: orphans(
      notes,
      verdicts,
      'verdict',
      '判定を選んでください（所見だけを保存することはできません。）。',
    ),
  };
}

/** Text typed for an item whose choice was left empty would be dropped without a word: say so beside the item. */
function orphans(
  texts: Map<string, string>,
  chosen: Map<string, string>,
  field: string,
  message: string,
): Record<string, string> {
  return Object.fromEntries(
    [...texts]
      .filter(([itemId, text]) => !chosen.has(itemId) && text.trim() !== '')
      .map(([itemId]) => [itemField(field, itemId), message]),
  );
}

/** The files of the answer form (`file_<itemId>`), checked as the evidence store would check them. */
export interface ItemFiles {
  /** What to attach once the answers are saved. */
  uploads: EvidenceUpload[];
  /** By item id, the names of every file chosen there (said again when they could not be attached). */
  chosen: Record<string, string[]>;
  /** Beside the question (`evidence_<itemId>`), why a file would be refused. */
  errors: Record<string, string>;
}

const FILE_FIELD = /^file_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export async function filesOf(
  files: readonly PostedFile[],
  itemIds: ReadonlySet<string>,
): Promise<ItemFiles> {
  const result: ItemFiles = { uploads: [], chosen: {}, errors: {} };
  for (const file of files) {
    const itemId = FILE_FIELD.exec(file.field)?.[1]?.toLowerCase();
    if (!itemId || !itemIds.has(itemId)) {
      result.errors.items = '添付先の設問が、この自己点検にありません。ページを開き直してください。';
      continue;
    }
    (result.chosen[itemId] ??= []).push(file.fileName);
    const refusal = await refusalOfFile(file);
    const field = itemField('evidence', itemId);
    if (refusal) result.errors[field] ??= `${file.fileName}：${refusal.message}`;
    else result.uploads.push({ itemId, fileName: file.fileName, bytes: file.bytes });
  }
  return result;
}

/**
 * 「第n条の未判定の設問をすべて適合とする」 (`acceptArticle=n`, confirmed by the article's checkbox
 * `acceptConfirm=n`): the verdicts typed, plus 適合 for every item of the article with no verdict stored or
 * typed; never the completion of the review. Unconfirmed, or an article the assessment does not have: an error
 * beside the article's button, and nothing saved.
 */
export function acceptArticleOf(
  assessment: AssessmentResponse,
  article: number,
  body: Record<string, unknown>,
  typed: ItemsForm,
): { form: ItemsForm; error: string | null } {
  const input = { ...typed.input, complete: false };
  const ofArticle = (assessment.items ?? []).filter((i) => i.articleNo === article);
  const remaining = ofArticle.filter((i) => !i.verdict && !typed.itemIds.includes(i.id));
  let error: string | null = null;
  if (ofArticle.length === 0) error = '指定された条の設問は、この自己点検にありません。';
  else if (!listOf(body.acceptConfirm).includes(String(article)))
    error = `第${article}条の未判定の設問をまとめて判定するには、確認の欄にチェックを入れてください。`;
  if (error) {
    return {
      form: { ...typed, input, pageErrors: { ...typed.pageErrors, [`accept_${article}`]: error } },
      error,
    };
  }
  const items = [
    ...(typed.input.items as unknown[]),
    ...remaining.map((i) => ({ itemId: i.id, verdict: 'ACCEPTED' })),
  ];
  return {
    form: {
      input: { ...input, items },
      itemIds: [...typed.itemIds, ...remaining.map((i) => i.id)],
      pageErrors: typed.pageErrors,
    },
    error: null,
  };
}

import { formValue } from '../web-urls';
import { itemField, itemFields } from './work-forms';

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

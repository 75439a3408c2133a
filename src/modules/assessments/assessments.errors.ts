import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  RuleViolation,
} from '../../common/errors/domain-error';
import type { AssessmentStatus } from './assessment.entity';

export const AssessmentErrors = {
  notFound: () => new NotFoundError('ASSESSMENT.NOT_FOUND', '指定された自己点検が見つかりません。'),
  itemNotFound: (itemId: string) =>
    new InvalidInputError('ASSESSMENT.ITEM_NOT_FOUND', 'この自己点検にない設問が指定されています。', {
      itemId,
    }),
  wrongStatus: (status: AssessmentStatus, action: string) =>
    new ConflictError('ASSESSMENT.INVALID_STATE', `現在の状態（${status}）では「${action}」を行えません。`, {
      status,
    }),
  commentRequired: (itemIds: string[]) =>
    new InvalidInputError(
      'ASSESSMENT.COMMENT_REQUIRED',
      '「実施している」以外の回答には、状況の説明（コメント）を記入してください。',
      { itemIds },
    ),
  unanswered: (itemIds: string[]) =>
    new RuleViolation('ASSESSMENT.UNANSWERED_ITEMS', '未回答の設問があるため提出できません。', { itemIds }),
  findingIncomplete: (itemIds: string[]) =>
    new InvalidInputError(
      'ASSESSMENT.FINDING_INCOMPLETE',
      '指摘事項には、内容（note）と重要度（severity）が必要です。',
      {
        itemIds,
      },
    ),
  unreviewed: (itemIds: string[]) =>
    new RuleViolation('ASSESSMENT.UNREVIEWED_ITEMS', '判定していない設問があるため、確認を完了できません。', {
      itemIds,
    }),
};

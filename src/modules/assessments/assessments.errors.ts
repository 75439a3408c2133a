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
      '状況の説明（コメント）が必要な回答があります。「実施している」以外の回答、説明を求める設問への回答、及び定期報告で「はい」とした項目には、内容を記入してください。',
      { itemIds },
    ),
  answerNotAllowed: (itemIds: string[], allowed: readonly string[]) =>
    new InvalidInputError(
      'ASSESSMENT.ANSWER_NOT_ALLOWED',
      `この点検・報告では使えない回答があります（使える回答：${allowed.join('、')}）。`,
      { itemIds, allowed },
    ),
  evidenceRequired: (itemIds: string[]) =>
    new RuleViolation(
      'ASSESSMENT.EVIDENCE_REQUIRED',
      '根拠資料の添付を求める設問に、資料が添付されていないため提出できません。',
      { itemIds },
    ),
  dueDateInPast: () =>
    new InvalidInputError('ASSESSMENT.DUE_DATE_IN_PAST', '提出期限には本日以降の日付を指定してください。'),
  contractNotActive: () =>
    new RuleViolation(
      'ASSESSMENT.CONTRACT_NOT_ACTIVE',
      '履行中（承認済み）の契約についてのみ自己点検を求められます。',
    ),
  generationRunning: () =>
    new ConflictError(
      'ASSESSMENT.GENERATION_RUNNING',
      '自己点検の作成を他の処理で実行中です。しばらくしてから、もう一度操作してください。',
    ),
  alreadyExists: () =>
    new ConflictError('ASSESSMENT.ALREADY_EXISTS', 'この契約には、本日開始の自己点検が既にあります。'),
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

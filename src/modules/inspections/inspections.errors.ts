import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  RuleViolation,
} from '../../common/errors/domain-error';
import type { InspectionStatus } from './inspection.entity';

export const InspectionErrors = {
  notFound: () => new NotFoundError('INSPECTION.NOT_FOUND', '指定された検査が見つかりません。'),
  contractNotActive: () =>
    new RuleViolation(
      'INSPECTION.CONTRACT_NOT_ACTIVE',
      '検査は、承認済みの契約（有効または終了）についてのみ計画できます。',
    ),
  noClauses: () =>
    new RuleViolation(
      'INSPECTION.NO_ITEMS',
      'この契約の特記事項には検査項目となる設問がないため、検査を計画できません。',
    ),
  placeRequired: () =>
    new InvalidInputError(
      'INSPECTION.PLACE_REQUIRED',
      '立入検査では、検査の場所（place）を指定してください。',
    ),
  placeNotAllowed: (allowed: string[]) =>
    new RuleViolation(
      'INSPECTION.PLACE_NOT_IN_CONTRACT',
      `検査の場所は、この契約の作業場所（${allowed.join('、')}）又は再委託先の作業場所としてください。`,
      { allowed },
    ),
  placeForDocument: () =>
    new InvalidInputError(
      'INSPECTION.PLACE_FOR_DOCUMENT',
      '書面監査には、検査の場所（place）及び再委託先（subcontractId）を指定できません。',
    ),
  subcontractInvalid: () =>
    new RuleViolation(
      'INSPECTION.SUBCONTRACT_INVALID',
      '指定された再委託は、この契約について承認されたものではありません。',
    ),
  inspectorInvalid: (userIds: string[]) =>
    new RuleViolation(
      'INSPECTION.INSPECTOR_INVALID',
      '検査員として指定された利用者は、組合の職員として登録されていません。',
      { userIds },
    ),
  inspectorNameInvalid: () =>
    new InvalidInputError(
      'INSPECTION.INSPECTOR_NAME_INVALID',
      '検査員の氏名を、改行を含めずに記入してください。',
    ),
  plannedInPast: () =>
    new InvalidInputError('INSPECTION.PLANNED_IN_PAST', '実施予定日には今日以降の日付を指定してください。'),
  itemInvalid: (itemIds: string[]) =>
    new InvalidInputError('INSPECTION.ITEM_INVALID', '指定された項目は、この検査の項目ではありません。', {
      itemIds,
    }),
  noteRequired: (itemIds: string[]) =>
    new InvalidInputError(
      'INSPECTION.NOTE_REQUIRED',
      '不適合とした項目には、確認した事実（note）を記入してください。',
      { itemIds },
    ),
  nothingChecked: () =>
    new RuleViolation(
      'INSPECTION.NOTHING_CHECKED',
      '検査の実施を記録するには、少なくとも一つの項目について適合又は不適合を記録してください。',
    ),
  conductedInFuture: () =>
    new InvalidInputError('INSPECTION.CONDUCTED_IN_FUTURE', '実施日には今日以前の日付を指定してください。'),
  reasonRequired: () =>
    new InvalidInputError('INSPECTION.REASON_REQUIRED', '検査を中止する理由を記入してください。'),
  wrongState: (status: InspectionStatus, label: string) =>
    new ConflictError(
      'INSPECTION.INVALID_TRANSITION',
      `現在の状態（${status}）では「${label}」を行えません。`,
      {
        status,
      },
    ),
  noResult: () =>
    new NotFoundError('INSPECTION.NO_RESULT', 'この検査の検査結果通知書は、まだ発行されていません。'),
};

import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  RuleViolation,
} from '../../common/errors/domain-error';

/** The selection record (選定) of a contract and the approval's check of it. */
export const SelectionErrors = {
  stale: () =>
    new ConflictError(
      'SELECTION.STALE_VERSION',
      '選定の記録は、表示した後に変更されています。最新の内容を読み込んでから、もう一度保存してください。',
    ),
  unknownCriterion: (index: number, code: string) =>
    new InvalidInputError(
      'SELECTION.UNKNOWN_CRITERION',
      `確認項目「${code}」は、この契約に適用される選定基準にありません。`,
      {
        fields: [
          {
            field: `criteria.${index}.code`,
            rule: 'applicableCriterion',
            message: 'not an applicable criterion',
          },
        ],
      },
    ),
  duplicateCriterion: (index: number, code: string) =>
    new InvalidInputError(
      'SELECTION.DUPLICATE_CRITERION',
      `確認項目「${code}」が重複して指定されています。`,
      {
        fields: [{ field: `criteria.${index}.code`, rule: 'unique', message: 'given twice' }],
      },
    ),
  noteRequired: (index: number, title: string) =>
    new InvalidInputError(
      'SELECTION.NOTE_REQUIRED',
      `確認項目「${title}」を満たしていないときは、確認の内容（note）に、満たしていない事実と選定に支障がないと判断した理由を記入してください。`,
      {
        fields: [
          {
            field: `criteria.${index}.note`,
            rule: 'requiredWhenNotMet',
            message: 'note is required when met is false',
          },
        ],
      },
    ),
  notIssued: () =>
    new NotFoundError(
      'SELECTION.DOCUMENT_NOT_ISSUED',
      '選定調書は、契約の承認の際に作成されます。この契約はまだ承認されていません。',
    ),
  /** Approval of a contract whose selection record is missing or incomplete (422). */
  incomplete: (missing: string[], described: string) =>
    new RuleViolation(
      'CONTRACT.SELECTION_INCOMPLETE',
      `委託先の選定の記録が完了していないため、契約を承認できません（未記入：${described}）。選定の記録を完成させてください。`,
      { missing },
    ),
};

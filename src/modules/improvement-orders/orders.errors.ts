import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  RuleViolation,
} from '../../common/errors/domain-error';
import type { OrderStatus } from './improvement-order.entity';

export const OrderErrors = {
  notFound: () => new NotFoundError('ORDER.NOT_FOUND', '指定された改善指示が見つかりません。'),
  basisRequired: () =>
    new InvalidInputError(
      'ORDER.BASIS_REQUIRED',
      '改善指示には、根拠となる指摘事項（findingItemIds）か条項（clauseCode）を指定してください。',
    ),
  contractNotActive: () =>
    new RuleViolation(
      'ORDER.CONTRACT_NOT_ACTIVE',
      '改善指示は、承認済みの契約（有効または終了）にのみ発出できます。',
    ),
  findingInvalid: (itemIds: string[]) =>
    new RuleViolation(
      'ORDER.FINDING_INVALID',
      '指定された設問が、この契約の確認済み自己点検の指摘事項ではありません。',
      { itemIds },
    ),
  findingAdvisory: (itemIds: string[]) =>
    new RuleViolation(
      'ORDER.FINDING_ADVISORY',
      '推奨事項（特記事項が義務として定めていない事項）は、改善指示の根拠にできません。',
      { itemIds },
    ),
  findingAlreadyOrdered: (itemIds: string[]) =>
    new ConflictError(
      'ORDER.FINDING_ALREADY_ORDERED',
      '指摘事項の一部は、既に対応中の改善指示に含まれています。',
      {
        itemIds,
      },
    ),
  clauseNotInContract: (clauseCode: string) =>
    new RuleViolation('ORDER.CLAUSE_NOT_IN_CONTRACT', 'この契約の特記事項に含まれない条項です。', {
      clauseCode,
    }),
  sourceAmbiguous: (sources: string[]) =>
    new InvalidInputError(
      'ORDER.SOURCE_AMBIGUOUS',
      '改善指示の根拠は、自己点検の指摘事項（findingItemIds）、立入検査（inspectionId）又は事故報告（incidentId）のいずれか一つを指定してください。',
      { sources },
    ),
  nonconformitiesWithoutInspection: () =>
    new InvalidInputError(
      'ORDER.NONCONFORMITIES_WITHOUT_INSPECTION',
      '不適合項目（nonconformityItemIds）は、立入検査（inspectionId）を指定した場合にのみ指定できます。',
    ),
  sourceInvalid: (source: string, sourceId: string, reason?: string) =>
    new RuleViolation(
      'ORDER.SOURCE_INVALID',
      source === 'INCIDENT'
        ? '指定された事故報告は、この契約について改善指示の根拠にできるものではありません。'
        : '指定された立入検査は、この契約について結果を通知済みのものではありません。',
      { source, sourceId, ...(reason ? { reason } : {}) },
    ),
  nonconformityInvalid: (itemIds: string[]) =>
    new RuleViolation(
      'ORDER.NONCONFORMITY_INVALID',
      '指定された項目が、この立入検査で不適合とされた項目ではありません。',
      { itemIds },
    ),
  nonconformityAlreadyOrdered: (itemIds: string[]) =>
    new ConflictError(
      'ORDER.NONCONFORMITY_ALREADY_ORDERED',
      '不適合項目の一部は、既に対応中の改善指示に含まれています。',
      { itemIds },
    ),
  foundRequired: () =>
    new InvalidInputError(
      'ORDER.FOUND_REQUIRED',
      '自己点検、立入検査及び事故報告によらない改善指示には、事実を確認した日（foundOn）及び確認の方法（foundHow）を記載してください。',
    ),
  foundInFuture: () =>
    new InvalidInputError(
      'ORDER.FOUND_IN_FUTURE',
      '事実を確認した日（foundOn）には、今日以前の日付を指定してください。',
    ),
  factsRequired: () =>
    new InvalidInputError(
      'ORDER.FACTS_REQUIRED',
      '指摘事項によらない改善指示には、確認した事実及びその確認の方法（facts）を記載してください。',
    ),
  paragraphsWithoutClause: () =>
    new InvalidInputError(
      'ORDER.PARAGRAPHS_WITHOUT_CLAUSE',
      '項（clauseParagraphs）は、条項（clauseCode）を指定した場合にのみ指定できます。',
    ),
  clauseImposesNoDuty: (clauseCode: string, paragraphs: number[], dutyParagraphs: number[]) =>
    new RuleViolation(
      'ORDER.CLAUSE_IMPOSES_NO_DUTY',
      dutyParagraphs.length === 0
        ? 'この条項は乙に義務を課していないため、改善指示の根拠として引用できません。'
        : `指定された項は乙に義務を課していないため、引用できません。引用できる項は、${dutyParagraphs.map((p) => `第${p}項`).join('、')}です。`,
      { clauseCode, paragraphs, dutyParagraphs },
    ),
  planAfterDue: (plannedCompletionDate: string, dueDate: string) =>
    new RuleViolation('ORDER.PLAN_AFTER_DUE', '完了予定日は、改善期限までの日付を指定してください。', {
      plannedCompletionDate,
      dueDate,
    }),
  dueDateInPast: () =>
    new InvalidInputError('ORDER.DUE_DATE_IN_PAST', '改善期限には今日以降の日付を指定してください。'),
  wrongRole: () => new ForbiddenError('ORDER.FORBIDDEN_STEP', 'この手続は、あなたの役割では行えません。'),
  wrongState: (status: OrderStatus, label: string) =>
    new ConflictError('ORDER.INVALID_TRANSITION', `現在の状態（${status}）では「${label}」を行えません。`, {
      status,
    }),
  evidenceInvalid: (ids: string[]) =>
    new RuleViolation(
      'ORDER.EVIDENCE_INVALID',
      '添付された証跡の一部は、この改善指示のものではありません。',
      { ids },
    ),
  noteRequired: () =>
    new InvalidInputError('ORDER.NOTE_REQUIRED', '差戻しや再対応の指示には、理由を記入してください。'),
};

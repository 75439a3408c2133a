import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  RuleViolation,
} from '../../common/errors/domain-error';

export const ContractorErrors = {
  notFound: () => new NotFoundError('CONTRACTOR.NOT_FOUND', '指定された委託先が見つかりません。'),
  corporateNumberTaken: () =>
    new ConflictError('CONTRACTOR.CORPORATE_NUMBER_TAKEN', 'この法人番号の委託先は既に登録されています。'),
  hasOpenContracts: (contractNumbers: string[]) =>
    new RuleViolation(
      'CONTRACTOR.HAS_OPEN_CONTRACTS',
      `起案中又は有効な契約（${contractNumbers.join('、')}）があるため、アーカイブできません。契約を終了し、又は解除してから行ってください。`,
      { contractNumbers },
    ),
  archived: () => new ConflictError('CONTRACTOR.ARCHIVED', 'アーカイブ済みの委託先は変更できません。'),
  certificationNotFound: () =>
    new NotFoundError('CERTIFICATION.NOT_FOUND', '指定された認証情報が見つかりません。'),
  certificationPeriod: () =>
    new InvalidInputError(
      'CERTIFICATION.INVALID_PERIOD',
      '有効期間の終了日は開始日以降の日付を指定してください。',
    ),
};

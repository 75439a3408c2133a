import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  RuleViolation,
} from '../../common/errors/domain-error';

export const UserErrors = {
  notFound: () => new NotFoundError('USER.NOT_FOUND', '指定された利用者が見つかりません。'),
  emailTaken: () => new ConflictError('USER.EMAIL_TAKEN', 'このメールアドレスは既に登録されています。'),
  contractorRequired: () =>
    new InvalidInputError(
      'USER.CONTRACTOR_REQUIRED',
      '受託者の利用者には、所属する委託先（contractorId）が必要です。',
    ),
  contractorNotAllowed: () =>
    new InvalidInputError('USER.CONTRACTOR_NOT_ALLOWED', '受託者以外の利用者には、委託先を設定できません。'),
  contractorUnavailable: () =>
    new RuleViolation(
      'USER.CONTRACTOR_UNAVAILABLE',
      '指定された委託先が存在しないか、アーカイブされています。',
    ),
  callerNoLongerAdmin: () =>
    new ForbiddenError(
      'USER.CALLER_NOT_ADMIN',
      'この操作の時点で、あなたは有効な情報セキュリティ管理者ではなくなっています。',
    ),
  selfLockout: () =>
    new RuleViolation(
      'USER.SELF_LOCKOUT',
      '自分自身を無効化したり、管理者の権限を外したりすることはできません。',
    ),
};

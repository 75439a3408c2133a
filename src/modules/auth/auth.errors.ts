import { DomainError, UnauthenticatedError } from '../../common/errors/domain-error';

export const AuthErrors = {
  badCredentials: () =>
    new UnauthenticatedError(
      'AUTH.INVALID_CREDENTIALS',
      'メールアドレスまたはパスワードが正しくありません。',
    ),
  tooManyAttempts: (retryAfterSeconds: number) =>
    new DomainError(
      'TOO_MANY',
      'AUTH.TOO_MANY_ATTEMPTS',
      'サインインの失敗が続いたため、一時的に受け付けを停止しています。しばらくしてから再度お試しください。',
      { retryAfterSeconds },
    ),
  companyNotActive: () =>
    new DomainError(
      'FORBIDDEN',
      'AUTH.COMPANY_NOT_ACTIVE',
      '所属する委託先の利用が停止されているため、サインインできません。情報セキュリティ管理者にお問い合わせください。',
    ),
  sessionInvalid: () =>
    new UnauthenticatedError('AUTH.SESSION_INVALID', 'セッションが無効です。再度サインインしてください。'),
  sessionExpired: () =>
    new UnauthenticatedError(
      'AUTH.SESSION_EXPIRED',
      'セッションの有効期限が切れました。再度サインインしてください。',
    ),
};

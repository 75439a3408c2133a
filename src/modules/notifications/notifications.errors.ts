import { ConflictError, InvalidInputError, NotFoundError } from '../../common/errors/domain-error';

export const NotificationErrors = {
  /** Missing, or another user's: the same answer, so ids cannot be probed. */
  notFound: () => new NotFoundError('NOTIFICATION.NOT_FOUND', '指定された通知が見つかりません。'),
  remindersRunning: () =>
    new ConflictError(
      'NOTIFICATION.REMINDERS_RUNNING',
      'リマインダーの作成を他の処理で実行中です。しばらくしてから、もう一度操作してください。',
    ),
  invalidDate: () =>
    new InvalidInputError('NOTIFICATION.INVALID_DATE', '日付は YYYY-MM-DD 形式の暦日で指定してください。'),
};

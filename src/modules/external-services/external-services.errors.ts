import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  RuleViolation,
} from '../../common/errors/domain-error';
import type { ExternalServiceStatus } from './external-service.entity';

export const ExternalServiceErrors = {
  notFound: () => new NotFoundError('EXTERNAL_SERVICE.NOT_FOUND', '指定された外部サービスが見つかりません。'),
  corporateNumberInvalid: () =>
    new InvalidInputError(
      'EXTERNAL_SERVICE.CORPORATE_NUMBER_INVALID',
      '法人番号は、検査用数字を含む13桁の数字で入力してください。',
    ),
  managerInvalid: () =>
    new RuleViolation(
      'EXTERNAL_SERVICE.MANAGER_INVALID',
      '外部サービス管理者には、組合の職員として登録されている利用者を指定してください。',
    ),
  specificWithoutPersonal: () =>
    new InvalidInputError(
      'EXTERNAL_SERVICE.SPECIFIC_WITHOUT_PERSONAL',
      '特定個人情報を取り扱う場合は、個人情報を取り扱うものとしてください。',
    ),
  ismapIncomplete: () =>
    new InvalidInputError(
      'EXTERNAL_SERVICE.ISMAP_INCOMPLETE',
      'ISMAP又はISMAP-LIUの登録を記録するときは、登録の区分、登録番号、有効期限、確認日及び確認した掲載元を入力してください。',
    ),
  fieldLocked: (fields: string[]) =>
    new RuleViolation(
      'EXTERNAL_SERVICE.FIELD_LOCKED',
      '承認後の外部サービスについては、ISMAP、約款、認証、代替手段、管理者及び見直しの間隔の記録のみ変更できます。',
      { fields },
    ),
  termsModelForClass: () =>
    new RuleViolation(
      'EXTERNAL_SERVICE.TERMS_MODEL_FOR_CLASS',
      '約款型の外部サービスは、機密性2以上の情報を取り扱う業務に利用することを承認できません。',
    ),
  dataLocationRequired: () =>
    new RuleViolation(
      'EXTERNAL_SERVICE.DATA_LOCATION_REQUIRED',
      '機密性2以上の情報を取り扱う外部サービスは、データの保管場所を記録しなければ承認できません。',
    ),
  ismapRequired: () =>
    new RuleViolation(
      'EXTERNAL_SERVICE.ISMAP_REQUIRED',
      '機密性2以上の情報を取り扱う外部サービスは、本日有効なISMAP又はISMAP-LIUの登録又は代替の評価を記録しなければ承認できません。',
    ),
  conditionsRequired: () =>
    new InvalidInputError('EXTERNAL_SERVICE.CONDITIONS_REQUIRED', '利用の条件を記入してください。'),
  reasonRequired: () => new InvalidInputError('EXTERNAL_SERVICE.REASON_REQUIRED', '理由を記入してください。'),
  endedInFuture: () =>
    new InvalidInputError(
      'EXTERNAL_SERVICE.ENDED_IN_FUTURE',
      '利用を終了した日には、今日以前の日付を指定してください。',
    ),
  wrongState: (status: ExternalServiceStatus, label: string) =>
    new ConflictError(
      'EXTERNAL_SERVICE.INVALID_TRANSITION',
      `現在の状態（${status}）では「${label}」を行えません。`,
      { status },
    ),
};

import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  RuleViolation,
} from '../../common/errors/domain-error';

/** Social-media accounts, their posts and incidents (第6条第6号ウ). */
export const SnsErrors = {
  accountNotFound: () =>
    new NotFoundError('SNS.ACCOUNT_NOT_FOUND', '指定されたSNSアカウントが見つかりません。'),
  postNotFound: () => new NotFoundError('SNS.POST_NOT_FOUND', '指定された投稿が見つかりません。'),
  unknownCategory: (codes: string[]) =>
    new InvalidInputError(
      'SNS.UNKNOWN_CATEGORY',
      `発信できる情報又は発信してはならない情報の分類（${codes.join('、')}）が、分類の一覧にないか、種別が異なります。`,
      { codes },
    ),
  userInvalid: (userIds: string[]) =>
    new RuleViolation(
      'SNS.USER_INVALID',
      '責任者、発信担当又は災害時の承認者として指定された利用者は、本団体の職員として登録されていません。',
      { userIds },
    ),
  externalServiceInvalid: () =>
    new RuleViolation(
      'SNS.EXTERNAL_SERVICE_INVALID',
      '指定された外部サービスは、外部サービスの台帳に登録されていません。',
    ),
  twoFactorMethodMissing: () =>
    new InvalidInputError(
      'SNS.TWO_FACTOR_METHOD_REQUIRED',
      '二要素認証を有効とする場合は、その方式（twoFactorMethod）を指定してください。',
    ),
  unverifiedReasonMissing: () =>
    new InvalidInputError(
      'SNS.UNVERIFIED_REASON_REQUIRED',
      '認証済みバッジがない場合は、その理由（unverifiedReason）を記入してください。',
    ),
  activationNoManager: () =>
    new RuleViolation('SNS.ACTIVATION_NO_MANAGER', '責任者を定めていないため、運用を開始できません。'),
  activationNoTwoFactor: () =>
    new RuleViolation(
      'SNS.ACTIVATION_NO_TWO_FACTOR',
      '二要素認証が有効になっていないため、運用を開始できません。',
    ),
  activationNoWebsiteListing: () =>
    new RuleViolation(
      'SNS.ACTIVATION_NO_WEBSITE_LISTING',
      '本団体のウェブサイトでこのアカウントを掲載しているページのURLが登録されていないため、運用を開始できません。',
    ),
  notManager: () =>
    new ForbiddenError(
      'SNS.NOT_MANAGER',
      'この操作は、このアカウントの責任者又はシステム管理者のみが行えます。',
    ),
  notPoster: () =>
    new ForbiddenError('SNS.NOT_POSTER', 'この操作は、このアカウントの発信担当のみが行えます。'),
  notFastPathApprover: () =>
    new ForbiddenError(
      'SNS.NOT_FAST_PATH_APPROVER',
      '災害時の即時承認は、このアカウントで指定された承認者又は責任者のみが行えます。',
    ),
  accountNotActive: () =>
    new RuleViolation('SNS.ACCOUNT_NOT_ACTIVE', '運用中でないアカウントの投稿は、承認及び記録ができません。'),
  accountClosed: () =>
    new RuleViolation(
      'SNS.ACCOUNT_CLOSED',
      '廃止したアカウントについては、投稿案の作成及び事案の記録ができません。',
    ),
  classNotPublic: (informationClass: number) =>
    new RuleViolation(
      'SNS.CLASS_NOT_PUBLIC',
      `機密性${informationClass}の情報はSNSで発信できません。発信できるのは機密性1の情報に限られます。`,
      { informationClass },
    ),
  reasonRequired: () => new InvalidInputError('SNS.REASON_REQUIRED', '理由（reason）を記入してください。'),
  publishedInFuture: () =>
    new InvalidInputError('SNS.PUBLISHED_IN_FUTURE', '投稿日時には、現在以前の日時を指定してください。'),
  incidentFieldsMismatch: (fields: string[]) =>
    new InvalidInputError(
      'SNS.INCIDENT_FIELDS_MISMATCH',
      `事案の種別に合わない項目（${fields.join('、')}）が指定されています。`,
      { fields },
    ),
  noPolicy: () =>
    new NotFoundError(
      'SNS.NO_POLICY',
      'このアカウントの運用方針は、まだ発行されていません（運用を開始した時に発行されます）。',
    ),
  wrongState: (status: string, label: string) =>
    new ConflictError('SNS.INVALID_TRANSITION', `現在の状態（${status}）では「${label}」を行えません。`, {
      status,
    }),
};

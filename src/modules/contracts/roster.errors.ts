import { ConflictError, InvalidInputError, RuleViolation } from '../../common/errors/domain-error';
import type { RosterEvent, RosterStatus } from './roster.state';

/** The roster's acknowledgement (受理) and the rules a roster entry must meet. */
export const RosterErrors = {
  stale: () =>
    new ConflictError(
      'ROSTER.STALE_VERSION',
      '従事者名簿は、表示した後に変更されています。最新の名簿を確認してから、もう一度受理してください。',
    ),
  invalidTransition: (status: RosterStatus, event: RosterEvent) =>
    new ConflictError(
      'ROSTER.INVALID_TRANSITION',
      event === 'acknowledge'
        ? '従事者名簿は既に受理されており、受理の後の変更はありません。'
        : `現在の状態（${status}）では従事者名簿を変更できません。`,
      { status, event },
    ),
  empty: () =>
    new RuleViolation('ROSTER.EMPTY', '従事者が登録されていないため、従事者名簿を受理できません。'),
};

export const WorkerRuleErrors = {
  locationNotAllowed: (allowed: readonly string[]) =>
    new InvalidInputError(
      'WORKER.LOCATION_NOT_ALLOWED',
      `作業場所は、契約で定めた作業場所（${allowed.map((p) => `「${p}」`).join('、')}）のいずれかを指定してください。`,
      {
        allowed,
        fields: [
          { field: 'workLocation', rule: 'allowedLocation', message: 'must be one of the allowed places' },
        ],
      },
    ),
  agencyRequired: () =>
    new InvalidInputError(
      'WORKER.DISPATCH_AGENCY_REQUIRED',
      '派遣労働者については、派遣元の事業者名を入力してください。',
      {
        fields: [
          {
            field: 'dispatchAgencyName',
            rule: 'requiredWhenDispatched',
            message: 'dispatchAgencyName is required when employmentType is DISPATCHED',
          },
        ],
      },
    ),
  agencyNotAllowed: () =>
    new InvalidInputError(
      'WORKER.DISPATCH_AGENCY_NOT_ALLOWED',
      '派遣元の事業者名は、雇用形態が派遣労働者である従事者についてのみ入力できます。',
      {
        fields: [
          {
            field: 'dispatchAgencyName',
            rule: 'onlyWhenDispatched',
            message: 'dispatchAgencyName is only for employmentType DISPATCHED',
          },
        ],
      },
    ),
  freelanceNeedsIndividual: () =>
    new RuleViolation(
      'WORKER.FREELANCE_EMPLOYER_NOT_INDIVIDUAL',
      '雇用形態を個人事業主とできるのは、受託者又は承認を受けた再委託先が個人（法人番号のない事業者）であり、' +
        'その本人が従事する場合に限ります。法人に請負又は委任で従事する個人事業主は、再委託先として承認を受けてください。',
    ),
};

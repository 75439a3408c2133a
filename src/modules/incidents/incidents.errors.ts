import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  RuleViolation,
} from '../../common/errors/domain-error';
import type { IncidentStatus, IncidentStep } from './incident.state';
import { INCIDENT_TRANSITIONS } from './incident.state';

const field = (name: string, rule: string, message: string) => ({ fields: [{ field: name, rule, message }] });

/** 事故報告 (特記事項 事故発生時の報告). */
export const IncidentErrors = {
  notFound: () => new NotFoundError('INCIDENT.NOT_FOUND', '指定された事故報告が見つかりません。'),
  noReceipt: () =>
    new NotFoundError(
      'INCIDENT.NO_RECEIPT',
      'この事故報告の受付通知書は、まだ発行されていません（受付の処理の後に発行されます。）。',
    ),
  contractNotSigned: () =>
    new RuleViolation(
      'INCIDENT.CONTRACT_NOT_SIGNED',
      '締結（承認）前の契約については、事故を報告できません。契約の状態を確認してください。',
    ),
  occurredAfterDetected: () =>
    new InvalidInputError(
      'INCIDENT.OCCURRED_AFTER_DETECTED',
      '発生日時が、事故を知った日時より後になっています。',
      field('occurredAt', 'notAfterDetectedAt', 'must not be after detectedAt'),
    ),
  detectedInFuture: () =>
    new InvalidInputError(
      'INCIDENT.DETECTED_IN_FUTURE',
      '事故を知った日時が、報告する時点（現在）より後になっています。',
      field('detectedAt', 'notInFuture', 'must not be after the time of the report (now)'),
    ),
  occurredInFuture: () =>
    new InvalidInputError(
      'INCIDENT.OCCURRED_IN_FUTURE',
      '発生日時が、報告する時点（現在）より後になっています。',
      field('occurredAt', 'notInFuture', 'must not be after the time of the report (now)'),
    ),
  personsRequired: () =>
    new InvalidInputError(
      'INCIDENT.PERSONS_REQUIRED',
      '個人情報が含まれる場合は、対象となる本人の数（見込みを含む。）を入力してください。',
      field('personalInfo.persons', 'required', 'persons is required when personal information is involved'),
    ),
  invalidState: (status: IncidentStatus, step: IncidentStep) =>
    new ConflictError(
      'INCIDENT.INVALID_STATE',
      `この事故報告は、現在の状態（${status}）では${INCIDENT_TRANSITIONS[step].label}ができません。`,
      { status, step, allowedFrom: INCIDENT_TRANSITIONS[step].from ?? [] },
    ),
  noCommissionReport: () =>
    new RuleViolation(
      'INCIDENT.NO_COMMISSION_REPORT',
      'この事故は、個人情報保護委員会への報告を要する事態に当たらないため、報告の記録はありません。',
    ),
  commissionReportDone: () =>
    new ConflictError(
      'INCIDENT.COMMISSION_REPORT_ALREADY_RECORDED',
      'この報告は、既に報告済みとして記録されています。',
    ),
  finalBeforePrompt: () =>
    new RuleViolation('INCIDENT.FINAL_BEFORE_PROMPT', '確報は、速報を記録した後に記録してください。'),
  doneBeforeLearned: (learnedOn: string) =>
    new InvalidInputError(
      'INCIDENT.DONE_BEFORE_REPORTED',
      '報告日が、委託先から事故の報告を受けた日より前になっています。',
      { learnedOn, ...field('doneDate', 'notBeforeReport', `must be ${learnedOn} or later`) },
    ),
  doneInFuture: () =>
    new InvalidInputError(
      'INCIDENT.DONE_IN_FUTURE',
      '報告日に、今日より後の日は入力できません。',
      field('doneDate', 'notInFuture', 'must not be after today (Japan time)'),
    ),
};

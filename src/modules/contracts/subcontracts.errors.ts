import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  RuleViolation,
} from '../../common/errors/domain-error';
import { formatWareki } from '../../common/dates/wareki';
import type { SubcontractStatus, SubcontractStep } from './subcontract.state';
import { SUBCONTRACT_TRANSITIONS } from './subcontract.state';

/** 再委託 (policy Art. 2(3): sub-contractors are 受託者 too) and the worker roster (従事者名簿). */
export const SubcontractErrors = {
  notFound: () => new NotFoundError('SUBCONTRACT.NOT_FOUND', '指定された再委託が見つかりません。'),
  forbiddenByContract: () =>
    new RuleViolation(
      'SUBCONTRACT.FORBIDDEN_BY_CONTRACT',
      'この契約は再委託を禁止する条項を含むため、再委託できません。',
    ),
  contractorUnavailable: () =>
    new RuleViolation(
      'SUBCONTRACT.CONTRACTOR_UNAVAILABLE',
      '再委託先が委託先として登録されていないか、有効な状態（ACTIVE）ではありません。',
    ),
  primeContractor: () =>
    new RuleViolation('SUBCONTRACT.PRIME_CONTRACTOR', '契約の受託者自身を再委託先にすることはできません。'),
  alreadyInChain: () =>
    new RuleViolation(
      'SUBCONTRACT.ALREADY_IN_CHAIN',
      'この事業者は再委託元の系列に既に含まれているため、再委託先にできません。',
    ),
  parentNotApproved: () =>
    new RuleViolation(
      'SUBCONTRACT.PARENT_NOT_APPROVED',
      '再委託元には、この契約で承認済みの再委託を指定してください。',
    ),
  duplicate: () =>
    new ConflictError(
      'SUBCONTRACT.DUPLICATE',
      'この事業者への再委託は、同じ再委託元のもとで既に申請中または承認済みです。',
    ),
  invalidState: (status: SubcontractStatus, step?: SubcontractStep) =>
    new ConflictError(
      'SUBCONTRACT.INVALID_STATE',
      step === 'approve' && status === 'REQUESTED'
        ? '再委託先を登録してから承認してください（現在の状態: REQUESTED）。'
        : `この再委託は、現在の状態（${status}）では${step ? SUBCONTRACT_TRANSITIONS[step].label : 'その操作'}ができません。`,
      {
        status,
        ...(step ? { step, allowedFrom: SUBCONTRACT_TRANSITIONS[step].from ?? [] } : {}),
      },
    ),
  /** 特記事項 再委託の制限 第2項: the request is due the clause's number of days before the start. */
  leadTime: (earliestStartDate: string, leadDays: number) =>
    new RuleViolation(
      'SUBCONTRACT.LEAD_TIME',
      `再委託の承認の申請は、再委託を開始する日の${leadDays}日前までに行う必要があります。開始予定日は${formatWareki(earliestStartDate)}以降の日としてください。`,
      {
        earliestStartDate,
        leadDays,
        fields: [
          {
            field: 'plannedStartDate',
            rule: 'leadTime',
            message: `must be ${earliestStartDate} or later (${leadDays} days' notice)`,
          },
        ],
      },
    ),
  /**
   * 特記事項 再委託の制限 第1項: the body approves before the sub-contractor starts. A planned start already past
   * when the officer decides would be approved after the fact, with a notice naming a start in the past.
   */
  startPassed: (plannedStartDate: string, today: string) =>
    new RuleViolation(
      'SUBCONTRACT.START_PASSED',
      `再委託の開始予定日（${formatWareki(plannedStartDate)}）を過ぎているため、承認できません。開始予定日を改めた申請を受けるか、不承認としてください。`,
      // No field: the decision form has none for the date; the message names it.
      { plannedStartDate, today },
    ),
  startAfterContractEnd: (endDate: string) =>
    new RuleViolation(
      'SUBCONTRACT.START_AFTER_CONTRACT_END',
      `再委託の開始予定日が契約期間の末日（${formatWareki(endDate)}）より後になっています。`,
      {
        endDate,
        fields: [
          { field: 'plannedStartDate', rule: 'withinContract', message: `must be ${endDate} or earlier` },
        ],
      },
    ),
  proposalRequired: () =>
    new InvalidInputError(
      'SUBCONTRACT.PROPOSAL_REQUIRED',
      '再委託先の名称、法人番号、所在地等を入力してください。',
      {
        fields: [
          {
            field: 'subcontractor',
            rule: 'proposalRequired',
            message: 'a contractor proposes the sub-contractor; contractorId is for staff only',
          },
        ],
      },
    ),
  proposalOrContractor: () =>
    new InvalidInputError(
      'SUBCONTRACT.PROPOSAL_OR_CONTRACTOR',
      '再委託先は、登録済みの事業者（contractorId）か申請内容（subcontractor）のいずれか一方で指定してください。',
      {
        fields: [
          {
            field: 'subcontractor',
            rule: 'exactlyOne',
            message: 'give exactly one of contractorId, subcontractor',
          },
        ],
      },
    ),
  corporateNumberMismatch: () =>
    new RuleViolation(
      'SUBCONTRACT.CORPORATE_NUMBER_MISMATCH',
      '指定した事業者の法人番号が、申請された再委託先の法人番号と一致しません。',
    ),
  contractNotSigned: () =>
    new RuleViolation(
      'SUBCONTRACT.CONTRACT_NOT_SIGNED',
      '再委託の承認又は不承認は、契約の締結（承認）後に行ってください。通知書には締結した特記事項の条項を記載するためです。',
    ),
  noticeNotIssued: () =>
    new NotFoundError('SUBCONTRACT.NOTICE_NOT_FOUND', 'この再委託には、まだ通知書が発行されていません。'),
  noteRequired: () =>
    new InvalidInputError('SUBCONTRACT.NOTE_REQUIRED', '再委託を承認しない場合は、理由を入力してください。', {
      fields: [
        { field: 'note', rule: 'requiredWhenRefused', message: 'note is required when approved is false' },
      ],
    }),
};

export const WorkerErrors = {
  notFound: () => new NotFoundError('WORKER.NOT_FOUND', '指定された従事者が見つかりません。'),
  employerNotApproved: () =>
    new RuleViolation(
      'WORKER.EMPLOYER_NOT_APPROVED',
      '従事者の所属事業者は、契約の受託者または承認済みの再委託先でなければなりません。',
    ),
};

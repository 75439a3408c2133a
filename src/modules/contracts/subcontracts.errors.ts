import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  RuleViolation,
} from '../../common/errors/domain-error';
import type { SubcontractStatus } from './subcontract.entity';

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
  invalidState: (status: SubcontractStatus) =>
    new ConflictError(
      'SUBCONTRACT.INVALID_STATE',
      `この再委託は既に判断済みです（現在の状態: ${status}）。`,
      { status },
    ),
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

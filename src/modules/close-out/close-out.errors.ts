import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RuleViolation,
} from '../../common/errors/domain-error';
import { CLOSE_OUT_TRANSITIONS, type CloseOutStatus, type CloseOutStep } from './close-out.state';

export interface MissingParty {
  subcontractId: string | null;
  name: string;
}

const names = (parties: MissingParty[]): string => parties.map((p) => `「${p.name}」`).join('、');

/** 返還・廃棄報告 (close-out): stable codes for every refusal. */
export const CloseOutErrors = {
  notFound: () => new NotFoundError('CLOSE_OUT.NOT_FOUND', '指定された返還・廃棄報告が見つかりません。'),
  notOwed: (contractStatus: string) =>
    new ConflictError(
      'CLOSE_OUT.NOT_OWED',
      'この契約はまだ終了又は解除されていないため、返還・廃棄報告を求めていません。',
      { contractStatus },
    ),
  wrongState: (status: CloseOutStatus, step: CloseOutStep) =>
    new ConflictError(
      'CLOSE_OUT.INVALID_STATE',
      `返還・廃棄報告の現在の状態では「${CLOSE_OUT_TRANSITIONS[step].label}」を行えません。`,
      { status },
    ),
  forbiddenStep: (step: CloseOutStep) =>
    new ForbiddenError(
      'CLOSE_OUT.FORBIDDEN_STEP',
      `「${CLOSE_OUT_TRANSITIONS[step].label}」は、この利用者の役割では行えません。`,
    ),
  certificateMissing: (parties: MissingParty[]) =>
    new RuleViolation(
      'CLOSE_OUT.CERTIFICATE_MISSING',
      `次の者の消去証明書が添付されていません（${names(parties)}）。消去証明書のファイルを添付してください。`,
      { parties },
    ),
  sectionMissing: (parties: MissingParty[]) =>
    new RuleViolation(
      'CLOSE_OUT.SECTION_MISSING',
      `承認された再委託先のうち、返還・廃棄の報告がない者があります（${names(parties)}）。再委託先ごとに記載してください。`,
      { parties },
    ),
  sectionUnknown: (subcontractIds: string[]) =>
    new RuleViolation(
      'CLOSE_OUT.SECTION_UNKNOWN',
      'この契約で承認された再委託先でない者の報告、又は同じ者についての重複した報告が含まれています。',
      { subcontractIds },
    ),
  contractorSectionMissing: () =>
    new RuleViolation(
      'CLOSE_OUT.CONTRACTOR_SECTION_MISSING',
      '受託者自身の返還・廃棄の報告がありません。受託者の欄を記載してください。',
    ),
  sectionEmpty: (parties: MissingParty[]) =>
    new RuleViolation(
      'CLOSE_OUT.SECTION_EMPTY',
      `返還したもの又は消去・廃棄したものが記載されていない報告があります（${names(parties)}）。`,
      { parties },
    ),
  evidenceInvalid: (evidenceIds: string[]) =>
    new RuleViolation(
      'CLOSE_OUT.EVIDENCE_INVALID',
      '指定された消去証明書のファイルは、この返還・廃棄報告に添付されたものではありません。',
      { evidenceIds },
    ),
  reasonRequired: () =>
    new RuleViolation('CLOSE_OUT.REASON_REQUIRED', '差し戻す場合は、その理由を記載してください。'),
};

import type { EntityManager } from 'typeorm';
import { addDays, todayInJapan } from '../../common/clock';
import { NotFoundError } from '../../common/errors/domain-error';
import {
  type ExternalServiceApplicationInput,
  printedExternalServiceApplicationText,
  validateExternalServiceApplicationInput,
} from '../documents/external-service-application';
import type { ExternalServiceFacts } from '../documents/external-service-facts';
import {
  type ExternalServicePermitInput,
  printedExternalServicePermitText,
  validateExternalServicePermitInput,
} from '../documents/external-service-permit';
import type { IssuedDocument, IssuedDocumentKind } from '../documents/issued-document.entity';
import type { IssuedDocuments } from '../documents/issued-documents.service';
import { assertPrintable } from '../documents/pdf-fonts';
import type { IssuerSettings } from '../settings/issuer-settings.entity';
import type { IssuerSettingsService } from '../settings/issuer-settings.service';
import { User } from '../users/user.entity';
import type { ExternalService, TermsChecklist } from './external-service.entity';

/** The owner type of an external service's documents. */
export const EXTERNAL_SERVICE_OWNER = 'external_service';

export const EXTERNAL_SERVICE_DOCUMENT_KINDS = {
  application: 'EXTERNAL_SERVICE_APPLICATION',
  permit: 'EXTERNAL_SERVICE_PERMIT',
  refusal: 'EXTERNAL_SERVICE_REFUSAL',
} as const satisfies Record<string, IssuedDocumentKind>;

export const ExternalServiceDocumentErrors = {
  noApplication: () =>
    new NotFoundError(
      'EXTERNAL_SERVICE.NO_APPLICATION_DOCUMENT',
      'この外部サービスの利用申請書は、まだ作成されていません（利用の申請の時に作成されます。）。',
    ),
  noDecision: () =>
    new NotFoundError(
      'EXTERNAL_SERVICE.NO_DECISION_DOCUMENT',
      'この外部サービスの利用許可通知書（又は不許可通知書）は、まだ発行されていません。',
    ),
};

export const MODEL_WORDS: Readonly<Record<ExternalService['model'], string>> = {
  IAAS: 'IaaS',
  PAAS: 'PaaS',
  SAAS: 'SaaS',
  TERMS: '約款型サービス',
};

export const CONTRACT_FORM_WORDS: Readonly<Record<ExternalService['contractForm'], string>> = {
  INDIVIDUAL: '個別契約',
  TERMS: '約款（利用規約）への同意',
};

export const ISMAP_WORDS: Readonly<Record<NonNullable<ExternalService['ismapKind']>, string>> = {
  ISMAP: 'ISMAP',
  ISMAP_LIU: 'ISMAP-LIU',
};

/** The 約款 checklist as printed: what was looked for, and whether the terms satisfy it. */
const TERMS_CHECKS: readonly { key: keyof TermsChecklist; label: string; good: boolean }[] = [
  { key: 'confidentiality', label: '秘密の保持', good: true },
  { key: 'noSecondaryUse', label: '目的外利用の禁止', good: true },
  // The item records whether the provider may change the terms alone: "yes" is the risk.
  { key: 'unilateralChanges', label: '一方的な変更がないこと', good: false },
  { key: 'erasureAtEnd', label: '利用終了時の情報の消去', good: true },
];

/** 「個人情報を取り扱う（特定個人情報を含む。）」. */
export function personalInformationWords(
  s: Pick<ExternalService, 'personalInfo' | 'specificPersonalInfo'>,
): string {
  if (!s.personalInfo) return '個人情報を取り扱わない';
  return s.specificPersonalInfo
    ? '個人情報を取り扱う（特定個人情報を含む。）'
    : '個人情報を取り扱う（特定個人情報を含まない。）';
}

/** What the documents print about the service, as it stands now. */
export function externalServiceFacts(
  service: ExternalService,
  managerName: string | null,
): ExternalServiceFacts {
  const s = service;
  const law = [s.governingLaw?.trim(), s.court?.trim() ? `管轄裁判所 ${s.court.trim()}` : null].filter(
    Boolean,
  );
  const termsUsed = s.contractForm === 'TERMS' || s.model === 'TERMS' || !!s.termsUrl;
  const checklist = s.termsChecklist ?? {
    confidentiality: null,
    noSecondaryUse: null,
    unilateralChanges: null,
    erasureAtEnd: null,
  };
  return {
    name: s.name,
    provider: { name: s.providerName, corporateNumber: s.providerCorporateNumber },
    model: MODEL_WORDS[s.model],
    contractForm: CONTRACT_FORM_WORDS[s.contractForm],
    department: s.department,
    purpose: s.purpose,
    confidentiality: `機密性${s.confidentialityClass}`,
    personalInformation: personalInformationWords(s),
    dataLocation: s.dataLocation?.trim() || null,
    governingLaw: law.length > 0 ? law.join('、') : null,
    terms: termsUsed
      ? {
          url: s.termsUrl?.trim() || null,
          version: s.termsVersion?.trim() || null,
          checkedDate: s.termsCheckedOn,
          checklist: TERMS_CHECKS.map(({ key, label, good }) => {
            const value = checklist[key];
            return { label, result: value === null ? '未確認' : value === good ? '適' : '否' };
          }),
        }
      : null,
    ismap:
      s.ismapKind && s.ismapNumber && s.ismapValidUntil
        ? {
            kind: ISMAP_WORDS[s.ismapKind],
            registrationNumber: s.ismapNumber,
            scope: s.ismapScope?.trim() || null,
            validUntil: s.ismapValidUntil,
            checkedDate: s.ismapCheckedOn,
            sourceUrl: s.ismapSourceUrl?.trim() || null,
            renewalPending: s.ismapRenewalPending,
          }
        : null,
    alternativeEvaluation: s.alternativeEvaluation?.trim() || null,
    otherCertifications: s.otherCertifications?.trim() || null,
    fallback: s.fallbackAndBackup?.trim() || null,
    managerName,
    reviewIntervalMonths: s.reviewIntervalMonths,
  };
}

/** The official who decides on external services and signs the notice: the 情報セキュリティ管理者 as set. */
function decider(settings: IssuerSettings): { title: string; name: string | null } {
  const signer = settings.signers.IMPROVEMENT_NOTICE;
  return { title: signer.title.trim() || '情報セキュリティ管理者', name: signer.name.trim() || null };
}

async function nameOf(manager: EntityManager, userId: string | null): Promise<User | null> {
  return userId ? manager.findOneBy(User, { id: userId }) : null;
}

/**
 * The 外部サービス利用申請書 as a record, in the applying transaction: the service as described at that moment, the
 * applicant and the addressee of that day, with its 文書番号. Checked printable first, so an application that
 * could not be printed is refused now rather than at every download.
 */
export async function recordExternalServiceApplication(
  settingsService: IssuerSettingsService,
  documents: IssuedDocuments,
  manager: EntityManager,
  service: ExternalService,
  appliedBy: string,
  at: Date,
): Promise<IssuedDocument> {
  const settings = await settingsService.current(manager);
  const [applicant, managerUser] = await Promise.all([
    nameOf(manager, appliedBy),
    nameOf(manager, service.managerUserId),
  ]);
  const issuedDate = todayInJapan(at);
  const to = decider(settings);
  const input: Omit<ExternalServiceApplicationInput, 'documentNumber'> = {
    issuedDate,
    orgName: settings.orgName,
    addresseeTitle: to.title,
    addresseeName: to.name,
    applicant: { department: service.department, name: applicant?.displayName ?? '（不明）' },
    service: externalServiceFacts(service, managerUser?.displayName ?? null),
  };
  validateExternalServiceApplicationInput({ ...input, documentNumber: null });
  assertPrintable(printedExternalServiceApplicationText({ ...input, documentNumber: null }));
  return documents.issue(manager, {
    kind: EXTERNAL_SERVICE_DOCUMENT_KINDS.application,
    ownerType: EXTERNAL_SERVICE_OWNER,
    ownerId: service.id,
    issuedOn: issuedDate,
    issuedAt: at,
    issuedBy: appliedBy,
    numberPattern: settings.documentNumberPattern,
    build: (documentNumber) => ({ ...input, documentNumber }),
  });
}

/**
 * The 外部サービス利用許可通知書 (approval, with the conditions) or 不許可通知書 (rejection, with the reason) as a
 * record, in the deciding transaction. `service` is the row as decided: its status APPROVED or REJECTED, its
 * conditions or reason, its next review date.
 */
export async function recordExternalServiceDecision(
  settingsService: IssuerSettingsService,
  documents: IssuedDocuments,
  manager: EntityManager,
  service: ExternalService,
  decidedBy: string,
  at: Date,
): Promise<IssuedDocument> {
  const approved = service.status === 'APPROVED';
  if (!approved && service.status !== 'REJECTED') throw new Error(`not a decision: ${service.status}`);
  const settings = await settingsService.current(manager);
  const [applicant, managerUser, deciderUser, application] = await Promise.all([
    nameOf(manager, service.appliedBy),
    nameOf(manager, service.managerUserId),
    nameOf(manager, decidedBy),
    documents.find(manager, EXTERNAL_SERVICE_OWNER, service.id, EXTERNAL_SERVICE_DOCUMENT_KINDS.application),
  ]);
  const issuedDate = todayInJapan(at);
  const signer = decider(settings);
  const note = approved ? service.conditions?.trim() || null : service.decisionReason?.trim() || null;
  const input: Omit<ExternalServicePermitInput, 'documentNumber'> = {
    decision: approved ? 'APPROVED' : 'REJECTED',
    issuedDate,
    orgName: settings.orgName,
    issuerTitle: signer.title,
    issuerName: signer.name,
    sealOmitted: settings.sealOmitted,
    addressee: { department: service.department, name: applicant?.displayName ?? '（不明）' },
    application: {
      appliedDate: service.appliedAt ? todayInJapan(service.appliedAt) : issuedDate,
      documentNumber: application?.documentNumber ?? null,
    },
    service: externalServiceFacts(service, managerUser?.displayName ?? null),
    note,
    nextReviewDate: approved ? (service.nextReviewOn ?? addDays(issuedDate, 365)) : null,
    contact: {
      department: settings.contactSection.trim() || service.department,
      name: settings.contactPerson.trim() || deciderUser?.displayName || signer.title,
      ...(settings.contactPhone.trim() ? { phone: settings.contactPhone.trim() } : {}),
      ...(settings.contactEmail.trim()
        ? { email: settings.contactEmail.trim() }
        : deciderUser?.email
          ? { email: deciderUser.email }
          : {}),
    },
  };
  validateExternalServicePermitInput({ ...input, documentNumber: null });
  assertPrintable(printedExternalServicePermitText({ ...input, documentNumber: null }));
  return documents.issue(manager, {
    kind: approved ? EXTERNAL_SERVICE_DOCUMENT_KINDS.permit : EXTERNAL_SERVICE_DOCUMENT_KINDS.refusal,
    ownerType: EXTERNAL_SERVICE_OWNER,
    ownerId: service.id,
    issuedOn: issuedDate,
    issuedAt: at,
    issuedBy: decidedBy,
    numberPattern: settings.documentNumberPattern,
    build: (documentNumber) => ({ ...input, documentNumber }),
  });
}

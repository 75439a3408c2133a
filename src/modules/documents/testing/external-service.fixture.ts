import type { ExternalServiceApplicationInput } from '../external-service-application';
import type { ExternalServiceFacts } from '../external-service-facts';
import type { ExternalServicePermitInput } from '../external-service-permit';
import type { ExternalServiceRegisterInput } from '../external-service-register';

/** A 機密性2 SaaS used under its 約款, with an ISMAP registration, as a real application would describe it. */
export function externalServiceFactsFixture(
  overrides: Partial<ExternalServiceFacts> = {},
): ExternalServiceFacts {
  return {
    name: 'おきたまWeb会議サービス',
    provider: { name: '株式会社置賜クラウド', corporateNumber: '7000012050002' },
    model: 'SaaS',
    contractForm: '約款（利用規約）への同意',
    department: '総務課',
    purpose: '構成市町との定例会議をオンラインで開催するため\n会議資料の共有を行うため',
    confidentiality: '機密性2',
    personalInformation: '個人情報を取り扱う（特定個人情報を含まない。）',
    dataLocation: '日本国内（東京リージョン及び大阪リージョン）',
    governingLaw: '日本法（東京地方裁判所を第一審の専属的合意管轄裁判所とする。）',
    terms: {
      url: 'https://example.jp/terms',
      version: '2026年4月1日改定版',
      checkedDate: '2026-05-20',
      checklist: [
        { label: '秘密の保持', result: '適' },
        { label: '目的外利用の禁止', result: '適' },
        { label: '一方的な変更がないこと', result: '否' },
        { label: '利用終了時の情報の消去', result: '適' },
      ],
    },
    ismap: {
      kind: 'ISMAP',
      registrationNumber: 'C22-0123-2',
      scope: 'おきたまWeb会議サービス（会議、録画及びチャットの機能）',
      validUntil: '2027-03-31',
      checkedDate: '2026-05-20',
      sourceUrl: 'https://www.ismap.go.jp/csm',
      renewalPending: false,
    },
    alternativeEvaluation: null,
    otherCertifications: 'ISO/IEC 27001、ISO/IEC 27017',
    fallback: '障害時は電話会議に切り替える。会議資料は庁内のファイルサーバに原本を保管する。',
    managerName: '長井 花子',
    reviewIntervalMonths: 12,
    ...overrides,
  };
}

export function externalServiceApplicationFixture(
  overrides: Partial<ExternalServiceApplicationInput> = {},
): ExternalServiceApplicationInput {
  return {
    documentNumber: '置広情第41号',
    issuedDate: '2026-06-01',
    orgName: '置賜広域行政事務組合',
    addresseeTitle: '情報セキュリティ管理者',
    addresseeName: '南陽 次郎',
    applicant: { department: '総務課', name: '長井 花子' },
    service: externalServiceFactsFixture(),
    ...overrides,
  };
}

export function externalServicePermitFixture(
  overrides: Partial<ExternalServicePermitInput> = {},
): ExternalServicePermitInput {
  return {
    decision: 'APPROVED',
    documentNumber: '置広情第45号',
    issuedDate: '2026-06-10',
    orgName: '置賜広域行政事務組合',
    issuerTitle: '情報セキュリティ管理者',
    issuerName: '南陽 次郎',
    sealOmitted: true,
    addressee: { department: '総務課', name: '長井 花子' },
    application: { appliedDate: '2026-06-01', documentNumber: '置広情第41号' },
    service: externalServiceFactsFixture(),
    note: '録画機能は、会議の参加者全員の同意を得た場合に限り用いること。',
    nextReviewDate: '2027-06-10',
    contact: {
      department: '総務課情報政策係',
      name: '川西 一郎',
      phone: '0238-88-0000',
      email: 'joho@example.lg.jp',
    },
    ...overrides,
  };
}

export function externalServiceRefusalFixture(): ExternalServicePermitInput {
  return externalServicePermitFixture({
    decision: 'REJECTED',
    documentNumber: '置広情第46号',
    note:
      '約款において、提供者が利用者に通知することなく約款を変更できるとされており、取り扱う情報の機密性に照らして、' +
      '利用の条件が一方的に変更されるおそれを否定できない。',
    nextReviewDate: null,
  });
}

/** A register of three services: one in use, one with its ISMAP past its validity, one applied for. */
export function externalServiceRegisterFixture(
  overrides: Partial<ExternalServiceRegisterInput> = {},
): ExternalServiceRegisterInput {
  return {
    orgName: '置賜広域行政事務組合',
    asOfDate: '2026-12-06',
    asOfTime: '09:05',
    filters: 'すべて',
    rows: [
      {
        name: 'おきたまWeb会議サービス',
        providerName: '株式会社置賜クラウド',
        model: 'SaaS／約款',
        department: '総務課',
        confidentiality: '機密性2',
        personalInfo: '有',
        ismap: 'ISMAP C22-0123-2',
        ismapValidUntil: '2027-03-31',
        status: '承認済み',
        managerName: '長井 花子',
        nextReviewDate: '2027-06-10',
        flags: [],
      },
      {
        name: '共同利用型文書管理クラウド',
        providerName: '米沢システム開発株式会社',
        model: 'IaaS／個別契約',
        department: '情報政策課',
        confidentiality: '機密性3',
        personalInfo: '有（特定）',
        ismap: 'ISMAP C21-0007-1',
        ismapValidUntil: '2026-11-30',
        status: '承認済み',
        managerName: '川西 一郎',
        nextReviewDate: '2026-10-01',
        flags: ['ISMAP期限切れ', '見直し期限超過'],
      },
      {
        name: '広報用動画配信サービス',
        providerName: 'Example Video Inc.',
        model: '約款型／約款',
        department: '総務課',
        confidentiality: '機密性1',
        personalInfo: '無',
        ismap: null,
        ismapValidUntil: null,
        status: '申請中',
        managerName: null,
        nextReviewDate: null,
        flags: [],
      },
    ],
    ...overrides,
  };
}

import type { InspectionResultInput } from '../inspection-result';

/** A reported 立入検査 with two nonconformities and a recommendation, as the service records it. */
export function inspectionResultFixture(
  overrides: Partial<InspectionResultInput> = {},
): InspectionResultInput {
  return {
    documentNumber: '置広情第31号',
    issuedDate: '2026-07-10',
    orgName: '置賜広域行政事務組合',
    issuerTitle: '情報セキュリティ管理者',
    issuerName: '米沢 一郎',
    sealOmitted: true,
    contractor: { name: '株式会社置賜データサービス', representativeName: '代表取締役 髙橋 一郎' },
    contract: { contractNumber: 'R8-総務-012', title: '窓口業務支援システム保守業務委託' },
    inspection: {
      kind: 'ON_SITE',
      conductedDate: '2026-07-01',
      announced: false,
      place: '山形県長井市ままの上5番1号 受託者作業室',
      subcontractorName: null,
      inspectors: ['長井 花子', '米沢 一郎'],
      purpose: '個人情報の取扱状況及び作業場所の管理状況の確認',
      summary: '作業場所の入退室管理は適切に行われていたが、記録の保管に改善を要する。',
    },
    authority: { articleNo: 19, title: '監査及び検査', paragraph: 1, unannouncedParagraph: 3 },
    improvement: { articleNo: 20, title: '改善の指示', paragraph: 1 },
    articles: [
      { articleNo: 5, title: '秘密の保持', conforming: 2, nonconforming: 0, notChecked: 0 },
      { articleNo: 9, title: '作業場所の特定', conforming: 1, nonconforming: 0, notChecked: 1 },
      { articleNo: 14, title: '外部記録媒体の管理', conforming: 1, nonconforming: 1, notChecked: 0 },
      { articleNo: 19, title: '監査及び検査', conforming: 2, nonconforming: 1, notChecked: 0 },
    ],
    nonconformities: [
      {
        articleNo: 14,
        basis: 2,
        clauseTitle: '外部記録媒体の管理',
        question: '外部記録媒体を持ち出すときは、管理台帳に記録していますか。',
        note: '令和8年6月中に持ち出した USB メモリ2点について、管理台帳への記録がなかった。',
      },
      {
        articleNo: 19,
        basis: 4,
        clauseTitle: '監査及び検査',
        question:
          'この特記事項に基づき作成した記録（従事者名簿、外部記録媒体の管理台帳、研修の記録等）を、甲の求めに応じて速やかに提示できるよう保管していますか。',
        note: '従事者名簿の提示を求めたところ、最新のものが保管されていなかった。',
      },
    ],
    recommendations: [
      {
        articleNo: 5,
        basis: null,
        clauseTitle: '秘密の保持',
        question: '秘密の保持に関する研修の資料を、毎年度見直していますか。',
        note: '研修資料が令和6年度の版のままであった。',
      },
    ],
    contact: {
      department: '総務課情報政策係',
      name: '長井 花子',
      phone: '0238-88-0000',
      email: 'joho@example.lg.jp',
    },
    ...overrides,
  };
}

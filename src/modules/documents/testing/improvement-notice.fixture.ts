import type { ImprovementNoticeFinding, ImprovementNoticeInput } from '../improvement-notice';

/**
 * A realistic 改善指示書 after a quarterly self-assessment of the contract in special-provisions.fixture.ts: USB
 * memory used without approval and a worker roster missing a sub-contractor's staff (the 尼崎市 2022 pattern).
 * The contractor's names use 髙, 﨑 and 𠮷 on purpose, as there.
 */
const FINDINGS: readonly ImprovementNoticeFinding[] = [
  {
    articleNo: 3,
    clauseTitle: '従事者名簿及び誓約書',
    question:
      '本業務の従事者全員について、氏名、雇用関係にある事業者名、役割及び作業場所を記載した名簿を作成し、甲に提出していますか。',
    answer: 'PARTIAL',
    comment: '再委託先の従事者２名について、名簿への記載が漏れていました。',
    reviewNote:
      '再委託先である株式会社置賜システムの従事者２名が、名簿に記載のないまま本業務に従事していたことを確認した。',
    severity: 'MEDIUM',
  },
  {
    articleNo: 10,
    clauseTitle: '複製及び持出しの制限',
    question:
      '本業務に使うUSBメモリ等の外部記録媒体を管理台帳で管理し、使用者、使用日時及び用途を記録していますか。',
    answer: 'NOT_IMPLEMENTED',
    comment:
      '管理台帳を作成していませんでした。\n現在は、承認済みの媒体以外を使用しないよう口頭で指示しています。',
    reviewNote:
      '承認を得ていないUSBメモリに住民情報を複製し、暗号化せずに作業場所の外へ持ち出していたことを、立入検査により確認した。',
    severity: 'HIGH',
  },
];

export function sampleImprovementNoticeInput(
  overrides: Partial<ImprovementNoticeInput> = {},
): ImprovementNoticeInput {
  return {
    orderNumber: 'R8-改善-0001',
    documentNumber: '置広情第12号',
    issuedDate: '2026-06-15',
    orgName: '置賜広域行政事務組合',
    issuerTitle: '情報セキュリティ管理者',
    issuerName: '髙橋　一郎',
    sealOmitted: true,
    authority: {
      articleNo: 20,
      title: '改善の指示',
      paragraph: 1,
      planParagraph: 2,
      completionParagraph: 4,
    },
    sources: [
      { kind: 'CHECKLIST', periodStart: '2026-04-01', periodEnd: '2027-03-31', submittedDate: '2026-06-01' },
    ],
    facts: null,
    contractor: { name: '株式会社髙﨑データサービス', representativeName: '代表取締役　𠮷田　髙志' },
    contract: { contractNumber: '置広第８－００１２号', title: '住民情報システム運用保守業務委託' },
    title: '外部記録媒体の管理及び従事者名簿の整備',
    description:
      '外部記録媒体の管理台帳を整備し、甲の承認を得た媒体に限って使用する運用を定め、全ての従事者に周知すること。\n' +
      '従事者名簿を再委託先の従事者を含めて最新の状態とし、甲に届け出ること。あわせて、名簿に記載のない者が本業務に従事することのないよう、作業場所への入室管理を見直すこと。',
    severity: 'HIGH',
    dueDate: '2026-08-31',
    planDueDays: 14,
    basis: [
      { articleNo: 10, title: '複製及び持出しの制限' },
      { articleNo: 3, title: '従事者名簿及び誓約書' },
    ],
    findings: FINDINGS.map((f) => ({ ...f })),
    contact: {
      department: '置賜広域行政事務組合　総務課情報政策係',
      name: '佐藤　恵',
      email: 'joho-seisaku@okitama-kouiki.example.jp',
      phone: '0238-00-1234',
    },
    ...overrides,
  };
}

/**
 * A notice as recorded before the 公文書 fields existed (session 3): no 文書番号, signer name, seal line,
 * authorising article, sources or facts. Such records must still render.
 */
export function legacyImprovementNoticeInput(
  overrides: Partial<ImprovementNoticeInput> = {},
): ImprovementNoticeInput {
  const {
    documentNumber: _n,
    issuerName: _s,
    sealOmitted: _o,
    authority: _a,
    sources: _src,
    facts: _f,
    ...legacy
  } = sampleImprovementNoticeInput();
  return { ...legacy, ...overrides };
}

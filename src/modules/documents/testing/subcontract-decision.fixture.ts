import type { SubcontractDecisionInput } from '../subcontract-decision';

/** A 再委託承認通知書 as a real decision would print it: a second tier, two workers, one extra condition. */
export function subcontractDecisionFixture(
  overrides: Partial<SubcontractDecisionInput> = {},
): SubcontractDecisionInput {
  return {
    decision: 'APPROVED',
    documentNumber: '置広情第27号',
    issuedDate: '2026-06-15',
    orgName: '置賜広域行政事務組合',
    issuerTitle: '総務課長',
    issuerName: '南陽 次郎',
    sealOmitted: true,
    contractor: { name: '株式会社置賜データサービス', representativeName: '代表取締役 髙橋 一郎' },
    contract: { contractNumber: 'R8-情政-0012', title: '住民情報システム運用保守業務委託' },
    request: {
      requestedDate: '2026-05-29',
      subcontractor: {
        name: '米沢データ印刷株式会社',
        corporateNumber: '7000012050002',
        address: '山形県米沢市金池三丁目1番1号',
      },
      parentName: '長井システム開発株式会社',
      scope: '住民税の税額決定通知書の印刷及び封入封緘\n印刷前のデータの検証',
      informationHandled: '住民の氏名、住所、生年月日及び税額（個人情報を含む。）',
      workers: [
        { name: '山﨑 花子', role: '封入封緘作業責任者' },
        { name: '髙橋 二郎', role: '印刷機の操作' },
      ],
      plannedStartDate: '2026-07-01',
    },
    note: '作業の開始及び終了の都度、作業に用いた外部記録媒体の受渡しの記録を添えて甲に報告すること。',
    authority: {
      articleNo: 16,
      title: '再委託の制限',
      approvalParagraph: 1,
      proviso: true,
      requestParagraph: 2,
      flowDownParagraph: 3,
    },
    contact: {
      department: '総務課情報政策係',
      name: '長井 花子',
      phone: '0238-88-0000',
      email: 'joho@example.lg.jp',
    },
    ...overrides,
  };
}

/** The same request refused, with a reason of several paragraphs. */
export function subcontractRejectionFixture(): SubcontractDecisionInput {
  return subcontractDecisionFixture({
    decision: 'REJECTED',
    documentNumber: '置広情第28号',
    note:
      '再委託先における情報セキュリティ対策として示された内容では、取り扱う情報の機密性に照らして、作業場所の入退室管理及び外部記録媒体の管理が十分であることを確認できない。\n' +
      '再委託先の従事者について、情報セキュリティに関する研修の受講状況が示されていない。',
  });
}

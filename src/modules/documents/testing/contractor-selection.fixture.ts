import type { ContractorSelectionInput } from '../contractor-selection';

/** A 委託先選定調書 as approval issues it: a cloud contract, four criteria (one not met, with its account), flags. */
export function contractorSelectionFixture(
  overrides: Partial<ContractorSelectionInput> = {},
): ContractorSelectionInput {
  return {
    documentNumber: '置広情第31号',
    issuedDate: '2026-03-25',
    orgName: '置賜広域行政事務組合',
    contract: {
      contractNumber: 'R8-情政-0012',
      title: '住民情報システム運用保守業務委託',
      department: '総務課情報政策係',
      startDate: '2026-04-01',
      endDate: '2027-03-31',
      workLocations: ['置賜広域行政事務組合本庁舎3階電算室', '乙の本社（山形県長井市）'],
      usesCloud: true,
    },
    contractor: {
      name: '株式会社置賜データサービス',
      corporateNumber: '7000012050002',
      address: '山形県長井市本町一丁目1番1号',
      representativeName: '代表取締役 髙橋 一郎',
    },
    method: '指名競争入札',
    criteria: [
      {
        title: '情報セキュリティに関する第三者認証',
        requirement:
          '情報セキュリティマネジメントシステム（ISO/IEC 27001）の認証又はプライバシーマークの付与を受けており、その適用範囲に本業務及び作業場所が含まれていること。',
        met: true,
        note: 'ISMS 認証の登録証及び適用範囲の記載を確認した。',
        evidence: 'ISMS 登録証（IS 500002）の写し',
        certifications: [
          'ISMS（ISO/IEC 27001）　IS 500002（令和11年3月31日まで）',
          'ISMS（ISO/IEC 27001）　IS 500001（令和8年3月31日まで）※契約の開始日（令和8年4月1日）には有効期限（令和8年3月31日）を過ぎている。',
        ],
      },
      {
        title: 'クラウドサービスの登録',
        requirement:
          '本業務に用いるクラウドサービスが、ISMAPクラウドサービスリスト又はISMAP-LIUクラウドサービスリストに登録されていること。',
        met: true,
        note: 'ISMAP クラウドサービスリストへの登録を確認した。',
        evidence: null,
        certifications: ['ISMAP　C22-0001-1（令和9年6月30日まで）'],
      },
      {
        title: '指名停止の状況',
        requirement: '本団体及び国等から指名停止の措置を受けている期間中でないこと。',
        met: true,
        note: null,
        evidence: null,
        certifications: [],
      },
      {
        title: '過去の事故の状況',
        requirement:
          '本団体との過去の契約において情報セキュリティに関する事故を起こしていないこと。事故があった場合は、再発防止策が講じられていること。',
        met: false,
        note: '令和5年度に電子メールの誤送信が1件あった。\n再発防止策として送信前の複数人確認が導入されたことを確認した。',
        evidence: '事故報告書及び再発防止策の実施報告書',
        certifications: [],
      },
    ],
    reason:
      '指名した3者のうち最低価格で入札し、確認項目のうち過去の事故の状況を除きすべて満たしている。\n過去の事故については再発防止策が講じられており、業務の履行に支障はないと判断した。',
    decidedBy: '情報政策係長　長井 花子',
    decidedDate: '2026-03-20',
    approvedBy: '総務課長　南陽 次郎',
    ...overrides,
  };
}

/** Many criteria with long notes, so the 調書 breaks across pages. */
export function longContractorSelection(): ContractorSelectionInput {
  const base = contractorSelectionFixture();
  const criteria = Array.from({ length: 12 }, (_, i) => ({
    ...base.criteria[i % base.criteria.length],
    title: `確認項目${i + 1}`,
    note: `${'確認した事実を記載する。'.repeat(8)}\n${'判断の理由を記載する。'.repeat(6)}`,
  }));
  return { ...base, criteria, reason: `${base.reason}\n`.repeat(4).trim() };
}

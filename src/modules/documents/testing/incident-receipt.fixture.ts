import type { IncidentReceiptInput } from '../incident-receipt';

/** A 事故報告受付通知書 of a late first report, the written report still owed. */
export function incidentReceiptFixture(overrides: Partial<IncidentReceiptInput> = {}): IncidentReceiptInput {
  return {
    documentNumber: '置広情第42号',
    issuedDate: '2026-12-07',
    orgName: '置賜広域行政事務組合',
    issuerTitle: '情報セキュリティ管理者',
    issuerName: '米沢 一郎',
    sealOmitted: true,
    contractor: { name: '置賜情報サービス株式会社', representativeName: '代表取締役 髙橋 一郎' },
    contract: { contractNumber: 'R8-情-0012', title: '住民情報システム運用支援業務委託' },
    incident: {
      kind: '誤送信・誤送付',
      detectedAt: '令和8年12月5日14時20分',
      reportedAt: '令和8年12月5日19時25分',
      occurredAt: null,
      summary:
        '納税通知書の発送データを、電子メールにより別の事業者に誤って送信した。\n誤送信先からは、同日中に削除した旨の報告を受けている。',
      informationInvolved: '住民3名分の氏名、住所及び税額（納税通知書の発送データ）',
      containment:
        '誤送信先に削除を依頼し、削除した旨の報告を受けた。\n送信先の確認の手順を見直すまで、電子メールによる送付を停止した。',
      personalInfo: { persons: 3, sensitive: false, myNumber: false },
    },
    clause: { articleNo: 18, title: '事故発生時の報告' },
    firstReport: { hours: 2, dueAt: '令和8年12月5日16時20分', lateBy: '3時間5分' },
    writtenReport: { days: 7, dueDate: '2026-12-12', submitted: false },
    contact: { department: '総務課情報管理係', name: '長井 花子', phone: '0238-88-0000' },
    ...overrides,
  };
}

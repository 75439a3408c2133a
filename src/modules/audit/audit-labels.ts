/**
 * The audit trail in words an auditor reads: the Japanese name of every action code the services write, of the
 * kinds of object, and of the keys their details carry. The codes stay as they are in the rows (the chain hashes
 * them); only the pages and the CSV translate. audit-labels.spec.ts fails when a service writes a code this table
 * does not name.
 */

export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  // サインイン・アクセス
  'auth.login': 'サインイン',
  'auth.login_failed': 'サインインの失敗',
  'auth.login_throttled': 'サインインの一時停止（試行回数の超過）',
  'auth.logout': 'サインアウト',
  'access.denied': '権限のない操作の拒否',
  // 利用者
  'user.bootstrap_admin': '最初の管理者の登録',
  'user.create': '利用者の登録',
  'user.update': '利用者の情報の変更',
  'user.deactivate': '利用者の利用停止',
  // 委託先・認証
  'contractor.create': '委託先の登録',
  'contractor.update': '委託先の情報の変更',
  'contractor.archive': '委託先のアーカイブ',
  'certification.create': '認証の登録',
  'certification.remove': '認証の削除',
  // 契約
  'contract.create': '契約の登録',
  'contract.update': '契約の内容の変更',
  'contract.clauses': '特記事項の条項の選択',
  'contract.approve': '契約の確定',
  'selection.record': '委託先の選定の記録',
  'contract.end': '契約の終了',
  'contract.terminate': '契約の解除',
  // 返還・廃棄報告
  'close_out.submit': '返還・廃棄報告の提出',
  'close_out.confirm': '返還・廃棄報告の確認（契約の完結）',
  'close_out.send_back': '返還・廃棄報告の差戻し',
  // 再委託
  'subcontract.request': '再委託の承認の申請',
  'subcontract.register': '再委託先の登録',
  'subcontract.approve': '再委託の承認',
  'subcontract.reject': '再委託の不承認',
  'subcontract.withdraw': '再委託の申請の取下げ',
  // 事故報告
  'incident.report': '事故の報告（第一報）',
  'sns_account.register': 'SNSアカウントの登録',
  'sns_account.edit': 'SNSアカウントの登録内容の変更',
  'sns_account.activate': 'SNSアカウントの運用開始',
  'sns_account.suspend': 'SNSアカウントの運用停止',
  'sns_account.close': 'SNSアカウントの廃止',
  'sns_account.incident': 'SNSアカウントのなりすまし・乗っ取りの記録',
  'sns_post.draft': 'SNS投稿案の作成',
  'sns_post.submit': 'SNS投稿案の承認申請',
  'sns_post.approve': 'SNS投稿の承認',
  'sns_post.return': 'SNS投稿案の差戻し',
  'sns_post.publish': 'SNS投稿の記録',
  'sns_post.correct': 'SNS投稿の訂正',
  'sns_post.delete': 'SNS投稿の削除',
  'incident.review': '事故報告の受付',
  'incident.request_detail': '事故報告書の提出の求め',
  'incident.detailed_report': '事故報告書の提出',
  'incident.close': '事故対応の完了',
  'incident.commission_report': '個人情報保護委員会への報告の記録',
  'incident.publication': '事故の公表についての判断の記録',
  'incident.receipt': '事故報告受付通知書の発行',
  // 従事者名簿
  'worker.add': '従事者の追加',
  'worker.update': '従事者の情報の変更',
  'worker.remove': '従事者の削除',
  'roster.acknowledge': '従事者名簿の受理',
  // 自己点検
  'assessment.generate': '自己点検の作成（定期）',
  'assessment.request': '自己点検の依頼',
  'assessment.answer': '自己点検の回答の保存',
  'assessment.submit': '自己点検の提出',
  'assessment.review': '自己点検の確認（途中保存）',
  'assessment.review_complete': '自己点検の確認の完了',
  'assessment.return': '自己点検の差戻し',
  // 証跡
  'evidence.upload': '証跡ファイルの登録',
  'evidence.remove': '証跡ファイルの削除',
  // 改善指示
  'order.issue': '改善指示の発出',
  'inspection.plan': '検査の計画',
  'inspection.record': '検査結果の記録',
  'inspection.conduct': '検査の実施の記録',
  'inspection.report': '検査結果の通知（検査結果通知書の発行）',
  'inspection.cancel': '検査の中止',
  // 外部サービス
  'external_service.register': '外部サービスの登録',
  'contract.external_services': '契約で利用する外部サービスの指定',
  'external_service.update': '外部サービスの登録内容の変更',
  'external_service.apply': '外部サービスの利用の申請',
  'external_service.approve': '外部サービスの利用の承認',
  'external_service.reject': '外部サービスの利用の不承認',
  'external_service.review': '外部サービスの定期見直し（利用継続）',
  'external_service.suspend': '外部サービスの定期見直し（利用停止）',
  'external_service.end': '外部サービスの利用の終了',
  'external_service.confirm_erasure': '外部サービスのデータ消去の確認',
  'order.submitPlan': '改善計画書の提出',
  'order.acceptPlan': '改善計画の承認',
  'order.rejectPlan': '改善計画の差戻し',
  'order.reportCompletion': '完了報告書の提出',
  'order.verifyAccepted': '改善の完了の確認',
  'order.verifyNotAccepted': '改善の完了の不確認（再対応）',
  'order.withdraw': '改善指示の取消し',
  'order.overdue': '改善指示の期限超過',
  'order.escalate': '改善指示の契約上の措置の検討',
  // 通知
  'notification.read': '通知の既読',
  'notification.read-all': '全ての通知の既読',
  'notification.reminders': '期限の通知の作成（定期）',
  'notification.email': '通知メールの送信',
  'notification.email-failed': '通知メールの送信の失敗',
  // 設定・監査ログ
  'settings.issuer.update': '発信者の設定の変更',
  'audit.checkpoint': '監査ログのチェックポイントの作成',
  'audit.checkpoint-key.replace': '監査ログのチェックポイントの署名鍵の変更',
};

/** The Japanese name of an action code; an unknown one (an older release's) is shown as 「その他の操作（code）」. */
export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? `その他の操作（${action}）`;
}

export const AUDIT_ENTITY_LABELS: Readonly<Record<string, string>> = {
  contractor: '委託先',
  contract: '契約',
  subcontract: '再委託',
  contract_close_out: '返還・廃棄報告',
  incident: '事故報告',
  assessment: '自己点検',
  improvement_order: '改善指示',
  inspection: '立入検査・書面監査',
  external_service: '外部サービス',
  evidence: '証跡',
  user: '利用者',
  notification: '通知',
  issuer_settings: '発信者の設定',
  route: '画面・API',
  audit_checkpoint: '監査ログのチェックポイント',
};

export function auditEntityLabel(entityType: string): string {
  return AUDIT_ENTITY_LABELS[entityType] ?? 'その他';
}

/** Japanese names of the keys the details (summary) carry; a key not listed is shown as it is. */
export const AUDIT_DETAIL_LABELS: Readonly<Record<string, string>> = {
  name: '名称・氏名',
  nameKana: 'フリガナ',
  corporateNumber: '法人番号',
  address: '所在地',
  representativeName: '代表者',
  securityOfficer: '情報セキュリティ責任者',
  email: 'メールアドレス',
  phone: '電話番号',
  displayName: '表示名',
  role: '役割',
  active: '利用の可否',
  status: '状態',
  from: '変更前の状態',
  to: '変更後の状態',
  contractId: '契約',
  contractNumber: '契約番号',
  title: '件名',
  department: '担当課',
  officerUserId: '契約担当者',
  startDate: '契約期間の開始日',
  endDate: '契約期間の終了日',
  contractorId: '委託先',
  contractorName: '委託先名',
  subcontractId: '再委託',
  parentSubcontractId: '上位の再委託',
  proposed: '申請された再委託先',
  proposedName: '申請された再委託先名',
  created: '新規作成',
  scope: '再委託の範囲',
  plannedStartDate: '開始予定日',
  leadDays: '申請期限（開始日の何日前まで）',
  workers: '従事者',
  workerId: '従事者',
  employerContractorId: '雇用主',
  employerName: '雇用主',
  employerTier: '再委託の階層',
  employmentType: '雇用形態',
  dispatchAgencyName: '派遣元',
  workLocation: '作業場所',
  trainingDate: '研修の受講日',
  pledgeDate: '誓約書の提出日',
  rosterRevision: '名簿の版',
  rosterStatus: '名簿の受理の状況',
  version: '版',
  contentSha256: '内容のハッシュ値',
  reason: '理由',
  note: '備考',
  orderNumber: '指示番号',
  dueDate: '期限',
  description: '内容',
  findingItemIds: '根拠とした指摘',
  assessmentId: '自己点検',
  periodStart: '対象期間の開始日',
  periodEnd: '対象期間の終了日',
  kind: '種別',
  score: '点数',
  fileName: 'ファイル名',
  sha256: 'ハッシュ値（SHA-256）',
  size: 'サイズ（バイト）',
  today: '基準日',
  asOf: '基準日',
  updated: '件数',
  claimed: '送信した通知',
  retry: '再送する通知',
  dropped: '送信を中止した通知',
  sources: '内訳',
  planned: '予定した件数',
  method: 'HTTPメソッド',
  path: 'アドレス',
  ip: 'IPアドレス',
  reasonCode: '理由の区分',
  seq: '番号',
  hash: 'ハッシュ値',
  file: 'ファイル',
  documentNumber: '文書番号',
  approved: '承認',
  decisionNote: '判断の理由',
  clauses: '条項',
  params: '条項の設定値',
  changes: '変更内容',
  route: 'アドレス',
  message: '差戻しの理由',
  items: '設問',
  itemId: '設問',
  answer: '回答',
  verdict: '確認の結果',
  severity: '重要度',
  handlesPersonalInfo: '個人情報の取扱い',
  usesCloud: 'クラウドサービスの利用',
  workLocations: '作業場所',
  occurredAt: '事故の発生日時',
  detectedAt: '事故を知った日時',
  reportedAt: '報告を受けた日時',
  firstReportDueAt: '第一報の期限',
  writtenReportDueDate: '事故報告書の提出期限',
  personsAffected: '対象となる本人の数',
  commissionGrounds: '個人情報保護委員会への報告を要する理由',
  commissionReports: '個人情報保護委員会への報告（速報・確報）',
  cause: '事故の原因',
  damageScope: '被害の範囲',
  measuresTaken: '講じた措置',
  recurrencePrevention: '再発防止策',
  firstSubmittedAt: '事故報告書の最初の提出日時',
  doneDate: '報告日',
  late: '期限の超過',
  decision: '判断',
  date: '日付',
  previous: '変更前の判断',
  confidentialityClass: '機密性の区分',
  assessmentFrequency: '自己点検の頻度',
  necessity: '再委託の必要性',
  informationHandled: '取り扱う情報',
  securityMeasures: '安全管理措置',
  documentSha256: '文書のハッシュ値',
  catalogueVersion: '特記事項の版',
  articles: '条の数',
  documentId: '文書',
  mediaType: 'ファイルの種類',
  sessionsEnded: '終了したサインイン',
  summary: '概要',
  mailTo: '送信先',
};

export function auditDetailLabel(key: string): string {
  return AUDIT_DETAIL_LABELS[key] ?? key;
}

/** Keys whose values are codes, and the label group (of the pages' code labels) that names them. */
export const AUDIT_DETAIL_CODE_GROUPS: Readonly<Record<string, string>> = {
  employmentType: 'employmentType',
  rosterStatus: 'rosterStatus',
  role: 'role',
  kind: 'assessmentKind',
  severity: 'severity',
  answer: 'answer',
  verdict: 'verdict',
  confidentialityClass: 'confidentiality',
  assessmentFrequency: 'frequency',
};

/** The label group of a status code (`status`, `from`, `to`), which depends on what the event is about. */
export function auditStatusGroup(action: string, entityType: string): string | null {
  if (action.startsWith('roster.') || action.startsWith('worker.')) return 'rosterStatus';
  const byEntity: Record<string, string> = {
    contract: 'contractStatus',
    contractor: 'contractorStatus',
    subcontract: 'subcontractStatus',
    assessment: 'assessmentStatus',
    improvement_order: 'orderStatus',
    inspection: 'inspectionStatus',
    external_service: 'externalServiceStatus',
    contract_close_out: 'closeOutStatus',
  };
  return byEntity[entityType] ?? null;
}

/**
 * Keys left out of the details when the key beside them already says the same in words: a worker's id beside
 * its name, an employer's id beside its name.
 */
export const AUDIT_DETAIL_REDUNDANT: Readonly<Record<string, string>> = {
  workerId: 'name',
  employerContractorId: 'employerName',
  contractorId: 'contractorName',
};

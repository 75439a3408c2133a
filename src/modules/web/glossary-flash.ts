// Part of the glossary (`glossary.ts`, which re-exports it): the messages shown once after a form succeeded.

/**
 * Messages shown once at the top of a page after a form succeeded (Post/Redirect/Get), chosen by the key in the
 * query string. `{name}` is filled in with what the page shows (a company, a contract, a person): a message says
 * what happened to what. Without that name, the words in 【】 are left out.
 */
export const FLASH: Record<string, string> = {
  saved: '保存しました。',
  created: '登録しました。',
  approved: '承認しました。',
  'selection-saved': '【契約「{name}」の】委託先の選定の記録を保存しました。',
  submitted: '【{name}を】提出しました。',
  returned: '【{name}を】差し戻しました。',
  reviewed: '【{name}の】確認を完了しました。',
  issued: '改善指示を発出しました。',
  requested: '自己点検票の提出を求めました。',
  acknowledged: '【契約「{name}」の】従事者名簿を受理しました。',
  'signed-out': 'サインアウトしました。',
  // 委託先
  'contractor-created': '【{name}を】委託先として登録しました。',
  'contractor-saved': '【{name}の】登録内容を保存しました。',
  'contractor-archived': '【{name}を】アーカイブしました。',
  'certification-created': '【{name}の】認証を登録しました。',
  'certification-removed': '【{name}の】認証を削除しました。',
  // 契約
  'contract-created': '【契約「{name}」を】起案しました。',
  'contract-saved': '【契約「{name}」の】内容を保存しました。',
  'contract-approved': '【契約「{name}」を】承認しました。',
  'contract-ended': '【契約「{name}」を】終了しました。',
  'contract-terminated': '【契約「{name}」を】解除しました。',
  'clauses-saved': '【契約「{name}」の】条項の選択を保存しました。',
  // 再委託
  'subcontract-requested': '【{name}への】再委託の承認を申請しました。',
  'subcontract-registered': '【{name}を】再委託先として登録しました。',
  'subcontract-approved': '【{name}への】再委託を承認し、承認通知書を発行しました。',
  'subcontract-rejected': '【{name}への】再委託を承認せず、不承認通知書を発行しました。',
  'subcontract-withdrawn': '【{name}への】再委託の申請を取り下げました。',
  // 従事者
  'worker-created': '【{name}さんを】従事者名簿に登録しました。',
  'worker-saved': '【{name}さんの】登録内容を保存しました。',
  'worker-removed': '【契約「{name}」の】従事者名簿から、従事者を削除しました。',
  // ユーザー・設定・通知・監査
  'user-created': '【{name}さんを】ユーザーとして登録しました。',
  'user-saved': '【{name}さんの】登録内容を保存しました。',
  'settings-saved': '発信者の設定を保存しました。',
  'notifications-read': '通知を既読にしました。',
  'notification-read': '通知を既読にしました。',
  'checkpoint-created': '監査ログのチェックポイントを作成しました。',
  // 自己点検・改善指示
  'evidence-removed': '証跡ファイルを削除しました。',
  'evidence-added': '証跡ファイルを添付しました。',
  'order-withdrawn': '改善指示を取り下げました。',
  'order-verified': '改善の確認を記録しました。',
  // 事故報告
  'incident-reported': '事故を報告しました。引き続き、事故報告書を期限までに提出してください。',
  'incident-reviewed': '【{name}からの】事故報告を受け付けました。',
  'incident-detail-requested': '【{name}に】事故報告書の提出を求めました。',
  'incident-detailed-report': '事故報告書を提出しました。',
  'incident-closed': '【{name}からの】事故報告への対応を完了としました。',
  'incident-commission-recorded': '個人情報保護委員会への報告を記録しました。',
  'incident-publication': '公表についての判断を記録しました。',
  // 立入検査・書面監査
  'inspection-planned': '検査を計画しました。',
  'inspection-recorded': '検査結果を保存しました。',
  'inspection-conducted': '検査の実施を記録しました。',
  'inspection-reported': '検査結果通知書を発行し、検査の結果を通知しました。',
  'inspection-cancelled': '検査を中止しました。',
  // 外部サービス
  'external-service-registered': '【「{name}」を】外部サービスとして登録しました。',
  'external-service-saved': '【「{name}」の】登録内容を保存しました。',
  'external-service-applied': '【「{name}」の】利用を申請しました。',
  'external-service-approved': '【「{name}」の】利用を承認しました。',
  'external-service-rejected': '【「{name}」の】利用を承認しないこととしました。',
  'external-service-reviewed': '【「{name}」の】定期見直しを記録しました。',
  'external-service-ended': '【「{name}」の】利用の終了を記録しました。データ消去の確認を記録してください。',
  'contract-services-saved': '利用する外部サービスの指定を保存しました。',
  'external-service-erased': '【「{name}」の】データ消去の確認を記録しました。利用は終了しました。',
  // SNSアカウント
  'sns-activated': '【アカウント {name} の】運用を開始しました。公式アカウント一覧に掲載されています。',
  'sns-suspended': '【アカウント {name} の】運用を停止しました。公式アカウント一覧から外れました。',
  'sns-closed': '【アカウント {name} を】廃止しました。',
  'sns-registered': '【アカウント {name} を】登録しました。',
  'sns-edited': '【アカウント {name} の】登録内容の変更を保存しました。',
  'sns-post-submitted': '投稿案を作成し、責任者に承認を申請しました。',
  'sns-post-approved': '投稿案を承認しました。',
  'sns-post-returned': '投稿案を差し戻しました。',
  // 返還・廃棄報告
  'close-out-submitted': '【契約「{name}」の】返還・廃棄報告を提出しました。',
  'close-out-returned': '【契約「{name}」の】返還・廃棄報告を差し戻しました。',
  'close-out-confirmed': '【契約「{name}」の】返還・廃棄報告を確認しました。契約は完結しました。',
};

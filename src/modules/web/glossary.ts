import type { FieldProblem } from '../../common/validation/validation.pipe';

/**
 * The words of the web UI in one place: the Japanese labels of the API's codes, the names of the form fields,
 * the messages of a refused form, and the messages shown once after a form succeeded. A wording is changed here,
 * and every page that shows it follows.
 */

/** Japanese labels for the codes the API uses, for the pages. */
export const LABELS: Record<string, Record<string, string>> = {
  role: {
    ADMIN: '情報セキュリティ管理者',
    OFFICER: '契約担当者',
    CONTRACTOR: '受託者',
    AUDITOR: '監査担当者',
  },
  contractorStatus: { ACTIVE: '取引中', SUSPENDED: '停止中', ARCHIVED: 'アーカイブ済み' },
  certificationType: {
    ISMS: 'ISMS（ISO/IEC 27001）',
    PRIVACY_MARK: 'プライバシーマーク',
    ISMAP: 'ISMAP',
    ISMAP_LIU: 'ISMAP-LIU',
    ISO27017: 'ISO/IEC 27017',
    ISO27018: 'ISO/IEC 27018',
    OTHER: 'その他',
  },
  contractStatus: { DRAFT: '起案中', ACTIVE: '有効', ENDED: '終了', TERMINATED: '解除', CLOSED: '完結' },
  closeOutStatus: {
    OWED: '報告待ち',
    SUBMITTED: '提出済み（確認待ち）',
    RETURNED: '差戻し',
    CONFIRMED: '確認済み',
  },
  closeOutBasis: { ENDED: '契約の終了', TERMINATED: '契約の解除' },
  frequency: { MONTHLY: '毎月', QUARTERLY: '四半期ごと', SEMIANNUAL: '半期ごと', ANNUAL: '毎年' },
  subcontractStatus: {
    REQUESTED: '申請中（再委託先の登録待ち）',
    REGISTERED: '承認待ち',
    APPROVED: '承認済み',
    REJECTED: '不承認',
    WITHDRAWN: '取下げ',
  },
  employmentType: { EMPLOYEE: '従業員・役員', DISPATCHED: '派遣労働者', FREELANCE: '個人事業主' },
  rosterStatus: { UNACKNOWLEDGED: '未受理', ACKNOWLEDGED: '受理済み', CHANGED: '変更あり・未受理' },
  assessmentKind: { CHECKLIST: '自己点検票', REPORT: '定期報告' },
  assessmentStatus: {
    OPEN: '回答中',
    SUBMITTED: '提出済み（確認待ち）',
    RETURNED: '差戻し',
    REVIEWED: '確認済み',
  },
  answer: {
    IMPLEMENTED: '実施している',
    PARTIAL: '一部実施',
    NOT_IMPLEMENTED: '実施していない',
    NOT_APPLICABLE: '該当しない',
    YES: 'はい',
    NO: 'いいえ',
  },
  verdict: { ACCEPTED: '適合', FINDING: '指摘' },
  /** A 定期報告 states facts of the period: the reviewer confirms them or records a finding. */
  reportVerdict: { ACCEPTED: '確認した（問題なし）', FINDING: '指摘' },
  severity: { LOW: '軽微', MEDIUM: '中程度', HIGH: '重大' },
  orderSource: {
    ASSESSMENT: '自己点検',
    INSPECTION: '立入検査・書面監査',
    INCIDENT: '事故報告',
    OTHER: 'その他（甲が確認した事実）',
  },
  inspectionKind: { ON_SITE: '立入検査', DOCUMENT: '書面監査' },
  inspectionStatus: {
    PLANNED: '計画中',
    CONDUCTED: '実施済み（通知前）',
    REPORTED: '結果通知済み',
    CANCELLED: '中止',
  },
  inspectionResult: { CONFORMING: '適合', NONCONFORMING: '不適合', NOT_CHECKED: '未確認' },
  externalServiceStatus: {
    DRAFT: '登録中（申請前）',
    APPLIED: '申請中（判断待ち）',
    APPROVED: '利用承認済み',
    REJECTED: '不承認',
    SUSPENDED: '利用停止中',
    ENDING: '利用終了（消去の確認待ち）',
    ENDED: '利用終了',
  },
  serviceModel: { IAAS: 'IaaS', PAAS: 'PaaS', SAAS: 'SaaS', TERMS: '約款型' },
  serviceContractForm: { INDIVIDUAL: '個別契約', TERMS: '約款' },
  ismapKind: { ISMAP: 'ISMAP', ISMAP_LIU: 'ISMAP-LIU' },
  orderStatus: {
    ISSUED: '発出済み（計画待ち）',
    PLAN_SUBMITTED: '改善計画の確認待ち',
    IN_PROGRESS: '改善実施中',
    COMPLETION_REPORTED: '完了確認待ち',
    CLOSED: '完了',
    WITHDRAWN: '取下げ',
  },
  orderEvent: {
    ISSUED: '改善指示の発出',
    PLAN_SUBMITTED: '改善計画書の提出',
    PLAN_ACCEPTED: '改善計画の承認',
    PLAN_REJECTED: '改善計画の差戻し',
    COMPLETION_REPORTED: '完了報告',
    VERIFIED_ACCEPTED: '改善の確認（完了）',
    VERIFIED_NOT_ACCEPTED: '改善の確認（再対応）',
    WITHDRAWN: '取下げ',
    OVERDUE: '期限超過',
    ESCALATED: '措置の検討対象',
  },
  confidentiality: { '1': '機密性1', '2': '機密性2', '3': '機密性3' },
  incidentKind: {
    LEAK: '漏えい',
    DESTRUCTION: '滅失',
    DAMAGE: '毀損',
    UNAUTHORIZED_ACCESS: '不正アクセス',
    MALWARE: 'マルウェア感染',
    LOSS: '紛失',
    MISDELIVERY: '誤送信・誤送付',
    OTHER: 'その他',
  },
  incidentStatus: {
    REPORTED: '報告あり（受付待ち）',
    UNDER_REVIEW: '確認中',
    DETAILED_REPORT_REQUESTED: '事故報告書の提出待ち',
    DETAILED_REPORT_SUBMITTED: '事故報告書の確認待ち',
    CLOSED: '完了',
  },
  commissionReportKind: { PROMPT: '速報', FINAL: '確報' },
  publicationDecision: { PUBLISH: '公表する', NOT_PUBLISH: '公表しない' },
  bool: { true: 'あり', false: 'なし' },
  snsPlatform: {
    X: 'X（旧Twitter）',
    FACEBOOK: 'Facebook',
    INSTAGRAM: 'Instagram',
    LINE: 'LINE',
    YOUTUBE: 'YouTube',
    TIKTOK: 'TikTok',
    OTHER: 'その他',
  },
  snsAccountStatus: { DRAFT: '準備中', ACTIVE: '運用中', SUSPENDED: '運用停止中', CLOSED: '廃止' },
  snsPostStatus: {
    DRAFT: '作成中',
    SUBMITTED: '承認待ち',
    RETURNED: '差戻し',
    APPROVED: '承認済み（投稿待ち）',
    PUBLISHED: '投稿済み',
    CORRECTED: '訂正済み',
    DELETED: '削除済み',
  },
  snsIncidentKind: { IMPERSONATION: 'なりすまし', TAKEOVER: '乗っ取り' },
  twoFactorMethod: {
    AUTHENTICATOR_APP: '認証アプリ',
    SECURITY_KEY: 'セキュリティキー',
    SMS: 'SMS',
    OTHER: 'その他',
  },
};

/**
 * The Japanese name of every field a web form posts, as the error summary names it (「機密性：選択してください。」).
 * A key `<form>.<field>` names the field of one form of a page with several (`end.reason` 終了の理由); a field of
 * an assessment item (`answer_<itemId>`) is named by its prefix.
 */
export const FIELD_NAMES: Record<string, string> = {
  // 委託先
  corporateNumber: '法人番号',
  name: '名称',
  nameKana: 'フリガナ',
  address: '所在地',
  representativeName: '代表者',
  securityOfficer: '情報セキュリティ責任者',
  'securityOfficer.name': '情報セキュリティ責任者の氏名',
  'securityOfficer.email': '情報セキュリティ責任者のメールアドレス',
  'securityOfficer.phone': '情報セキュリティ責任者の電話番号',
  notes: '備考',
  status: '状態',
  q: '検索する語句',
  certificationAttention: '認証の有効期限',
  // 認証
  type: '認証の種類',
  registrationNumber: '登録番号',
  issuer: '発行者（認証機関）',
  validFrom: '有効期間の開始日',
  validUntil: '有効期間の終了日',
  'archive.reason': 'アーカイブの理由',
  // 契約
  contractNumber: '契約番号',
  title: '件名',
  contractorId: '委託先',
  'register.contractorId': '登録済みの事業者',
  contractId: '契約',
  department: '担当課',
  startDate: '契約期間の開始日',
  endDate: '契約期間の終了日',
  confidentialityClass: '機密性',
  handlesPersonalInfo: '個人情報の取扱い',
  usesCloud: 'クラウドサービスの利用',
  workLocations: '作業場所',
  assessmentFrequency: '自己点検の頻度',
  officerUserId: '担当者',
  description: '内容',
  clauses: '条項',
  clauseParagraphs: '適合していない項',
  clauseCode: '根拠とする条項',
  endingWithinDays: '終了までの日数',
  'end.reason': '終了の理由',
  'terminate.reason': '解除の理由',
  'checklist.dueDate': '提出期限',
  // 返還・廃棄報告
  sections: '報告の欄',
  closeOutPending: '返還・廃棄報告',
  returnedItem: '返還したもの',
  returnedOn: '返還した日',
  erasedObject: '消去・廃棄の対象',
  erasedMethod: '消去・廃棄の方法',
  erasedMedia: '消去・廃棄した機器・媒体',
  erasedOn: '消去・廃棄の日',
  erasedPlace: '消去・廃棄の場所',
  erasedBy: '消去・廃棄の実施者',
  erasedWitness: '消去・廃棄の立会者',
  certificate: '消去証明書',
  certificateIds: '添付済みの消去証明書',
  confirmed: '確認又は差戻し',
  'confirm.note': '確認の所見',
  'sendBack.note': '差戻しの理由',
  // 再委託
  subcontractor: '再委託先',
  'subcontractor.name': '再委託先の名称',
  'subcontractor.corporateNumber': '再委託先の法人番号',
  'subcontractor.address': '再委託先の所在地',
  'subcontractor.representativeName': '再委託先の代表者',
  'subcontractor.securityOfficer.name': '再委託先の情報セキュリティ責任者の氏名',
  'subcontractor.securityOfficer.email': '再委託先の情報セキュリティ責任者のメールアドレス',
  'subcontractor.securityOfficer.phone': '再委託先の情報セキュリティ責任者の電話番号',
  parentSubcontractId: '上位の再委託先',
  scope: '再委託する業務の範囲',
  necessity: '再委託の必要性',
  informationHandled: '再委託先に取り扱わせる情報',
  securityMeasures: '再委託先における情報セキュリティ対策',
  workers: '再委託先の従事者',
  plannedStartDate: '再委託の開始予定日',
  approved: '承認又は不承認',
  'approve.note': '承認の条件',
  'reject.note': '承認しない理由',
  'withdraw.reason': '取下げの理由',
  // 従事者
  employerContractorId: '所属事業者',
  employmentType: '雇用形態',
  dispatchAgencyName: '派遣元の事業者名',
  role: '役割',
  workLocation: '作業場所',
  trainingDate: '情報セキュリティ研修の受講日',
  pledgeDate: '誓約書の提出日',
  // ユーザー
  email: 'メールアドレス',
  displayName: '表示名',
  password: 'パスワード',
  active: '利用の可否',
  // 発信者の設定
  orgName: '団体の名称',
  orgAddress: '団体の所在地',
  representativeTitle: '代表者の職名',
  sealOmitted: '公印',
  documentNumberPattern: '文書記号',
  contactSection: '問い合わせ先の課・係',
  contactPerson: '問い合わせ先の担当者',
  contactPhone: '問い合わせ先の電話番号',
  contactEmail: '問い合わせ先の電子メール',
  signers: '発信者',
  'signers.title': '発信者の職名',
  'signers.name': '発信者の氏名',
  // 自己点検・改善指示
  kind: '種別',
  dueDate: '期限',
  answer: '回答',
  comment: '状況の説明',
  evidence: '証跡ファイル',
  verdict: '判定',
  note: '所見',
  severity: '重要度',
  complete: '確認の完了',
  message: '差戻しの理由',
  assessmentId: '自己点検票',
  itemId: '設問',
  orderId: '改善指示',
  findingItemIds: '根拠とする指摘事項',
  facts: '確認した事実及びその方法',
  foundOn: '事実を確認した日',
  foundHow: '事実を確認した方法',
  inspectionId: '立入検査',
  nonconformityItemIds: '根拠とする不適合項目',
  incidentId: '事故報告',
  plannedOn: '実施予定日',
  announced: '事前の通知',
  inspectors: '検査員',
  place: '検査の場所',
  subcontractId: '再委託先',
  purpose: '目的・重点',
  result: '検査の結果',
  seen: '確認した記録・資料',
  conductedOn: '実施日',
  providerName: '提供者の名称',
  providerCorporateNumber: '提供者の法人番号',
  model: 'サービスの区分',
  contractForm: '契約の形態',
  specificPersonalInfo: '特定個人情報',
  dataLocation: 'データの保管場所',
  governingLaw: '準拠法',
  court: '合意管轄裁判所',
  termsUrl: '約款の掲載場所',
  termsVersion: '約款の版又はハッシュ値',
  termsCheckedOn: '約款を確認した日',
  termsChecklist: '約款の確認項目',
  termsConfidentiality: '秘密の保持の定め',
  termsNoSecondaryUse: '目的外利用の禁止の定め',
  termsUnilateralChanges: '約款の一方的な変更の定め',
  termsErasureAtEnd: '終了時の消去の定め',
  ismapKind: 'ISMAPの登録の区分',
  ismapNumber: 'ISMAPの登録番号',
  ismapScope: 'ISMAPの登録の対象範囲',
  ismapValidUntil: 'ISMAPの登録の有効期限',
  ismapCheckedOn: 'ISMAPの登録を確認した日',
  ismapSourceUrl: 'ISMAPの登録を確認した掲載元',
  ismapRenewalPending: 'ISMAPの登録の更新の申請',
  alternativeEvaluation: 'ISMAPに代わる評価',
  otherCertifications: 'その他の認証',
  fallbackAndBackup: '停止時の代替手段及びバックアップ',
  managerUserId: '外部サービス管理者',
  reviewIntervalMonths: '見直しの間隔',
  conditions: '利用の条件',
  outcome: '見直しの結果',
  endedOn: '利用を終了した日',
  serviceIds: '利用する外部サービス',
  rootCause: '原因',
  correctiveAction: '是正措置',
  preventiveAction: '再発防止策',
  plannedCompletionDate: '完了予定日',
  report: '実施した改善の内容',
  evidenceIds: '報告に添える証跡ファイル',
  accepted: '確認の結果',
  acceptConfirm: '未判定の設問をすべて判定することの確認',
  show: '表示する設問',
  effectivenessNote: '有効性の確認',
  reason: '理由',
  file: '証跡ファイル',
  // 事故報告
  occurredAt: '事故が発生した日時',
  detectedAt: '事故又はそのおそれを知った日時',
  summary: '事故の概要',
  informationInvolved: '対象となった情報',
  containment: '講じた措置',
  personalInfo: '個人情報',
  personalInfoInvolved: '個人情報が含まれるかどうか',
  'personalInfo.persons': '対象となる本人の数',
  'personalInfo.sensitive': '要配慮個人情報',
  'personalInfo.myNumber': '特定個人情報',
  'personalInfo.financialHarm': '財産的被害のおそれ',
  'personalInfo.unlawfulPurpose': '不正の目的のおそれ',
  reviewNote: '受付の際の確認事項',
  postText: '投稿する内容',
  platform: 'サービス',
  handle: 'ID',
  url: 'アカウントのURL',
  operatorName: '運用担当',
  audience: '主な対象',
  allowedCategories: '発信できる情報',
  forbiddenCategories: '発信してはならない情報',
  managerId: '責任者',
  posterIds: '発信担当',
  fastPathApproverIds: '災害時に即時に承認できる者',
  credentialCustodian: '認証情報の管理者',
  loginDevices: 'サインインに用いる端末',
  twoFactorEnabled: '二要素認証',
  twoFactorMethod: '二要素認証の方式',
  verified: '認証済みバッジ',
  unverifiedReason: '認証済みバッジがない理由',
  websiteListingUrl: 'ウェブサイトで掲載しているページのURL',
  profileText: 'プロフィールの文面',
  externalServiceId: '外部サービス',
  text: '投稿する内容',
  plannedAt: '投稿の予定日時',
  submit: '承認の申請',
  informationClass: '情報の機密性',
  decisionComment: '承認・差戻しの理由',
  disaster: '災害時の即時承認',
  suspendReason: '停止の理由',
  closeReason: '廃止の理由',
  detailRequest: '報告を求める事項',
  cause: '事故の原因',
  damageScope: '被害の範囲',
  measuresTaken: '講じた措置',
  recurrencePrevention: '再発防止策',
  closingNote: '確認の結果',
  commissionKind: '報告の種類',
  doneDate: '報告した日',
  commissionNote: '報告の方法・受付番号等',
  decision: '公表の判断',
  date: '日付',
  publicationDecision: '公表の判断',
  publicationDate: '公表日又は判断した日',
  publicationNote: '判断の理由・公表の方法',
  open: '対応が完了していないもの',
  // 一覧の絞り込み
  from: '期間の開始日',
  to: '期間の終了日',
  entityType: '対象の種類',
  actorId: '操作者のID',
  entityId: '対象のID',
  withTotal: '件数の表示',
  action: '操作',
  unread: '表示する通知',
  overdue: '期限超過',
  verify: '検証',
  limit: '表示件数',
  sort: '並べ替え',
  cursor: 'ページ',
  // 画面に表示しない項目（改ざんされた送信の場合に限り誤りとなる）
  version: '更新の確認用の番号',
  // 委託先の選定
  method: '選定の方法',
  criteria: '選定基準の確認',
  confirm: '実行の確認',
  items: '設問',
};

/** Fields the user picks from a list or radio buttons: whatever the rule, the message asks them to choose. */
export const CHOICE_FIELDS: ReadonlySet<string> = new Set([
  'status',
  'method',
  'certificationAttention',
  'type',
  'contractorId',
  'contractId',
  'confidentialityClass',
  'handlesPersonalInfo',
  'usesCloud',
  'assessmentFrequency',
  'clauses',
  'clauseParagraphs',
  'clauseCode',
  'parentSubcontractId',
  'approved',
  'employerContractorId',
  'employmentType',
  'active',
  'sealOmitted',
  'kind',
  'answer',
  'verdict',
  'severity',
  'assessmentId',
  'orderId',
  'findingItemIds',
  'evidenceIds',
  'certificateIds',
  'closeOutPending',
  'confirmed',
  'accepted',
  'entityType',
  'action',
  'unread',
  'overdue',
  'personalInfoInvolved',
  'commissionKind',
  'decision',
  'publicationDecision',
  'open',
  'model',
  'contractForm',
  'ismapKind',
  'managerUserId',
  'outcome',
  'termsConfidentiality',
  'termsNoSecondaryUse',
  'termsUnilateralChanges',
  'termsErasureAtEnd',
]);

/** Fields sent in hidden inputs: the summary names them, but there is no field on the page to go to. */
export const HIDDEN_FIELDS: ReadonlySet<string> = new Set([
  'version',
  'confirm',
  'complete',
  'items',
  'cursor',
  'show',
  'withTotal',
]);

/** The field's name without a form prefix or an item id: `answer_<uuid>` → `answer`. */
export function baseField(field: string): string {
  return field.replace(/_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu, '');
}

/** The Japanese name of a field (of the form `form` where a page has several), or null if the glossary has none. */
export function fieldName(field: string, form?: string): string | null {
  // The issuer settings name one signer per kind of document: `signers.<kind>.title`.
  const base = baseField(field).replace(/^signers\.\w+\./u, 'signers.');
  return (form ? FIELD_NAMES[`${form}.${base}`] : undefined) ?? FIELD_NAMES[base] ?? null;
}

/**
 * A service's message as a page shows it: the API's messages name the field they concern in brackets for the
 * API's users (「所属する委託先（contractorId）が必要です。」); a page never shows a field code, so those go. A field
 * code starts with a small letter; an abbreviation in brackets (PDF, ISMS) stays.
 */
export function plainMessage(message: string): string {
  return message.replace(/[（(][a-z][A-Za-z0-9_.]*(?:[、,]\s*[a-z][A-Za-z0-9_.]*)*[）)]/gu, '');
}

/** A refused form's general message and the title of the error summary. */
export const FORM_INVALID = '入力内容に誤りがあります。';
/** The title of the error summary of a refusal that concerns no field (a conflict, a rule of the service). */
export const REFUSED_TITLE = '操作を完了できませんでした';
export const errorSummaryTitle = (count: number): string =>
  count > 0 ? `入力内容を確認してください（${count}件）` : '入力内容を確認してください';

const numberIn = (p: FieldProblem): string => /(\d+)/.exec(p.message)?.[1] ?? '';

/** The message of a validation rule that failed, in plain Japanese. */
const MESSAGES: Record<string, (problem: FieldProblem) => string> = {
  isNotEmpty: () => '入力してください。',
  isDefined: () => '入力してください。',
  minLength: () => '入力してください。',
  maxLength: (p) => `${numberIn(p)}文字以内で入力してください。`,
  isEmail: () => 'メールアドレスの形式で入力してください。',
  isoDate: () => '日付を「YYYY-MM-DD」の形で入力してください。',
  isDateString: () => '日付を「YYYY-MM-DD」の形で入力してください。',
  isISO8601: () => '日付を「YYYY-MM-DD」の形で入力してください。',
  isInt: () => '整数で入力してください。',
  min: (p) => (numberIn(p) ? `${numberIn(p)}以上の数を入力してください。` : '値が小さすぎます。'),
  max: (p) => (numberIn(p) ? `${numberIn(p)}以下の数を入力してください。` : '値が大きすぎます。'),
  isIn: () => '選択肢から選んでください。',
  isEnum: () => '選択肢から選んでください。',
  isUuid: () => '選択肢から選んでください。',
  corporateNumber: () => '13桁の法人番号を入力してください（チェックディジットが一致しません）。',
  matches: () => '入力の形式が正しくありません。',
  unknownField: () => 'この項目は受け付けられません。',
  isBoolean: () => '選択してください。',
  plainText: () => '空白だけの入力や、制御文字・書式制御文字を含む入力はできません。',
  katakana: () => 'フリガナは全角カタカナで入力してください。',
  isoDateTime: () => '日時を正しく入力してください（例：2026-12-05T10:30）。',
  maxCodePoints: (p) => `${numberIn(p)}文字以内で入力してください。`,
  arrayMaxSize: (p) => `${numberIn(p)}件以内としてください。`,
  arrayMinSize: () => '1件以上選択してください。',
};

/** Rules that say a field is missing come before rules about its form, which come before its size. */
const RULE_ORDER = ['isDefined', 'isNotEmpty', 'minLength'];
export const rulePriority = (rule: string): number => {
  const at = RULE_ORDER.indexOf(rule);
  if (at >= 0) return at;
  return rule === 'min' || rule === 'max' ? RULE_ORDER.length + 1 : RULE_ORDER.length;
};

/**
 * The message for one problem. `given`: whether the form gave the field a value (unknown for a service's refusal).
 * A choice left unselected is 「選択してください。」 whatever rule failed (an empty number fails @Max first), a value
 * that is not one of the choices (a tampered form) 「選択肢から選んでください。」; a text or date field left blank is
 * 「入力してください。」 whichever rule failed first (an empty date fails its format, an empty name the plain-text rule).
 */
export function japaneseMessage(problem: FieldProblem, given?: boolean): string {
  if (problem.rule !== 'unknownField' && CHOICE_FIELDS.has(baseField(problem.field).replace(/^.*\./u, ''))) {
    if (problem.rule === 'arrayMaxSize') return MESSAGES.arrayMaxSize(problem);
    return given === true ? '選択肢から選んでください。' : '選択してください。';
  }
  if (given === false && problem.rule !== 'unknownField') return '入力してください。';
  return (MESSAGES[problem.rule] ?? (() => '入力内容を確認してください。'))(problem);
}

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
  'sns-post-submitted': '投稿案を作成し、責任者に承認を申請しました。',
  'sns-post-approved': '投稿案を承認しました。',
  'sns-post-returned': '投稿案を差し戻しました。',
  // 返還・廃棄報告
  'close-out-submitted': '【契約「{name}」の】返還・廃棄報告を提出しました。',
  'close-out-returned': '【契約「{name}」の】返還・廃棄報告を差し戻しました。',
  'close-out-confirmed': '【契約「{name}」の】返還・廃棄報告を確認しました。契約は完結しました。',
};

/** The flash message of a key, with the name of what it concerns where the page knows it. */
export function flashMessage(key: string, name?: string | null): string | null {
  const template = FLASH[key];
  if (template === undefined) return null;
  return template
    .replace(/【([^】]*)】/gu, (_, part: string) => (name ? part.replace('{name}', name) : ''))
    .replace('{name}', name ?? '');
}

import { formatWareki } from '../../common/dates/wareki';
import { DEFAULT_PRODUCT_NAME } from '../../config/env';
import type { AssessmentKind, AssessmentStatus } from '../assessments/assessment.entity';
import type { CertificationType } from '../contractors/certification.entity';
import type { ReminderStep } from './reminder-schedule';

/**
 * Every notification subject starts with this, so that mail filters and people recognise the sender. A mail
 * shows the product's configured name instead (PRODUCT_NAME, see mailSubject in notification-mail.ts).
 */
export const SUBJECT_PREFIX = `【${DEFAULT_PRODUCT_NAME}】`;
/** The subject column's length. */
export const MAX_SUBJECT_LENGTH = 200;

export interface Message {
  subject: string;
  body: string;
}

export const CERTIFICATION_LABELS: Readonly<Record<CertificationType, string>> = {
  ISMS: 'ISMS',
  PRIVACY_MARK: 'プライバシーマーク',
  ISMAP: 'ISMAP',
  ISMAP_LIU: 'ISMAP-LIU',
  ISO27017: 'ISO/IEC 27017',
  ISO27018: 'ISO/IEC 27018',
  OTHER: 'その他の認証',
};

/** A subject cut (with an ellipsis) to what the column holds, counting characters as MySQL does. */
export function clipSubject(subject: string): string {
  const chars = [...subject];
  return chars.length <= MAX_SUBJECT_LENGTH ? subject : `${chars.slice(0, MAX_SUBJECT_LENGTH - 1).join('')}…`;
}

/** A subject with the prefix, cut to what the column holds. */
export function subjectOf(text: string): string {
  return clipSubject(`${SUBJECT_PREFIX}${text}`);
}

/** 「3日後（令和8年7月14日）」. */
function inDays(daysLeft: number, date: string): string {
  return `${daysLeft}日後（${formatWareki(date)}）`;
}

function lines(...parts: string[]): string {
  return parts.join('\n');
}

export interface AssessmentDueFacts {
  step: ReminderStep;
  daysLeft: number;
  contractorName: string;
  contractNumber: string;
  contractTitle: string;
  department: string;
  periodStart: string;
  periodEnd: string;
  dueDate: string;
  status: AssessmentStatus;
  kind: AssessmentKind;
}

/** To the contractor: the periodic self-assessment (policy Art. 6(6)(ア)) is due soon, or overdue. */
export function assessmentDueMessage(f: AssessmentDueFacts): Message {
  const due = formatWareki(f.dueDate);
  const what = f.kind === 'REPORT' ? '定期報告' : '自己点検';
  const how = f.kind === 'REPORT' ? '期間中の出来事を報告' : '各設問に回答';
  const overdue = f.step === 'overdue';
  const subject = overdue
    ? `${what}の提出期限を過ぎています（契約番号 ${f.contractNumber}）`
    : f.daysLeft === 0
      ? `${what}の提出期限は本日です（契約番号 ${f.contractNumber}）`
      : `${what}の提出期限が${f.daysLeft}日後です（契約番号 ${f.contractNumber}）`;
  const lead = overdue
    ? `次の${what}は、提出期限（${due}）を過ぎていますが、まだ提出されていません。\n` +
      `速やかに${how}のうえ、提出してください。提出が遅れる事情がある場合は、${f.department}までご連絡ください。`
    : f.daysLeft === 0
      ? `次の${what}の提出期限は本日（${due}）です。\n本日中に${how}のうえ、提出してください。`
      : `次の${what}の提出期限が${inDays(f.daysLeft, f.dueDate)}に迫っています。\n` +
        `期限までに${how}のうえ、提出してください。`;
  return {
    subject: subjectOf(subject),
    body: lines(
      f.contractorName,
      'ご担当者様',
      '',
      lead,
      '',
      `契約番号：${f.contractNumber}`,
      `契約件名：${f.contractTitle}`,
      `対象期間：${formatWareki(f.periodStart)}～${formatWareki(f.periodEnd)}`,
      `提出期限：${due}`,
      `状　　況：${f.status === 'RETURNED' ? '差戻し中（修正のうえ再提出してください）' : '未提出'}`,
    ),
  };
}

export interface CertificationExpiryFacts {
  daysLeft: number;
  contractorName: string;
  type: CertificationType;
  registrationNumber: string;
  issuer: string;
  validUntil: string;
}

/** To the officers: a contractor's certification runs out soon; ask for the renewed one. */
export function certificationExpiryMessage(f: CertificationExpiryFacts): Message {
  const label = CERTIFICATION_LABELS[f.type];
  const until = formatWareki(f.validUntil);
  const subject =
    f.daysLeft === 0
      ? `委託先の認証の有効期限は本日までです（${f.contractorName}・${label}）`
      : `委託先の認証の有効期限が${f.daysLeft}日後に到来します（${f.contractorName}・${label}）`;
  return {
    subject: subjectOf(subject),
    body: lines(
      '契約担当者各位',
      '',
      f.daysLeft === 0
        ? `委託先が取得している次の認証は、本日（${until}）で有効期限を迎えます。`
        : `委託先が取得している次の認証の有効期限が${inDays(f.daysLeft, f.validUntil)}に到来します。`,
      '委託先に更新の予定を確認し、更新後の認証を登録してください。',
      '更新されない場合は、契約で求める情報セキュリティ対策が引き続き確保されているかを確認してください。',
      '',
      `委託先　：${f.contractorName}`,
      `認証　　：${label}`,
      `登録番号：${f.registrationNumber}`,
      `認証機関：${f.issuer}`,
      `有効期限：${until}`,
    ),
  };
}

export interface ContractEndingFacts {
  daysLeft: number;
  contractNumber: string;
  contractTitle: string;
  contractorName: string;
  department: string;
  startDate: string;
  endDate: string;
}

/** To the responsible officer: the contract ends soon; the information assets must come back or be erased. */
export function contractEndingMessage(f: ContractEndingFacts): Message {
  const end = formatWareki(f.endDate);
  const subject =
    f.daysLeft === 0
      ? `契約の終了日は本日です（契約番号 ${f.contractNumber}）`
      : `契約の終了日が${f.daysLeft}日後です（契約番号 ${f.contractNumber}）`;
  return {
    subject: subjectOf(subject),
    body: lines(
      'ご担当者様',
      '',
      f.daysLeft === 0
        ? `次の契約は、本日（${end}）で終了します。`
        : `次の契約は${inDays(f.daysLeft, f.endDate)}に終了します。`,
      '契約の終了に当たり、委託先に提供した情報資産の返還又は消去・廃棄（消去証明書の提出を含む。）、' +
        '最後の自己点検の提出など、特記事項に基づく手続を確認してください。',
      '契約を更新する場合は、新しい契約を登録してください。',
      '',
      `契約番号：${f.contractNumber}`,
      `契約件名：${f.contractTitle}`,
      `委託先　：${f.contractorName}`,
      `担当課　：${f.department}`,
      `契約期間：${formatWareki(f.startDate)}～${end}`,
    ),
  };
}

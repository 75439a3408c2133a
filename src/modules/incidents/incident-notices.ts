import type { EntityManager } from 'typeorm';
import { todayInJapan } from '../../common/clock';
import { formatWareki } from '../../common/dates/wareki';
import type { PlannedNotification } from '../notifications/notification.types';
import { contractorUsersByCompany } from '../notifications/recipients';
import { subjectOf } from '../notifications/reminder-messages';
import type { ContractFacts } from '../notifications/pending-work-notices';
import { COMMISSION_REPORT_LABELS, type CommissionReportKind } from './commission-rules';
import { durationText, minutesLate } from './incident-deadlines';
import type { Incident } from './incident.entity';

/** Kinds of the notices below, as stored in `notification.kind`. */
export const INCIDENT_NOTICE_KINDS = {
  reported: 'incident-reported',
  detailRequested: 'incident-detail-requested',
  detailedReport: 'incident-detailed-report',
  received: 'incident-received',
} as const;

export const INCIDENT_KIND_LABELS: Readonly<Record<string, string>> = {
  LEAK: '漏えい',
  DESTRUCTION: '滅失',
  DAMAGE: '毀損',
  UNAUTHORIZED_ACCESS: '不正アクセス',
  MALWARE: 'マルウェア感染',
  LOSS: '紛失',
  MISDELIVERY: '誤送信・誤送付',
  OTHER: 'その他',
};

const JST_OFFSET_MS = 9 * 3_600_000;

/** 「令和8年12月5日10時30分」 (Japan time). */
export function warekiDateTime(at: Date): string {
  const time = new Date(at.getTime() + JST_OFFSET_MS).toISOString().slice(11, 16).split(':');
  return `${formatWareki(todayInJapan(at))}${Number(time[0])}時${time[1]}分`;
}

/**
 * A contractor's first report: the contract's officer and every administrator hear of it at once, in the same
 * transaction as the report (and by e-mail after the commit), with the deadlines and whether the body may have to
 * report to the 個人情報保護委員会 itself.
 */
export function incidentReportedNotice(
  contract: ContractFacts,
  incident: Incident,
  tasks: { kind: CommissionReportKind; dueDate: string }[],
  userIds: string[],
): PlannedNotification {
  const late = minutesLate(incident.firstReportDueAt, incident.reportedAt);
  return {
    userIds,
    kind: INCIDENT_NOTICE_KINDS.reported,
    subject: subjectOf(
      `事故の報告がありました（${INCIDENT_KIND_LABELS[incident.kind]}、契約番号 ${contract.contractNumber}）`,
    ),
    body: [
      '契約担当者各位',
      '',
      `委託先（${contract.contractorName}）から、次の契約について事故の報告がありました。`,
      '内容を確認し、受付の処理を行ってください。',
      '',
      `契約番号　　：${contract.contractNumber}`,
      `契約件名　　：${contract.title}`,
      `事故の種類　：${INCIDENT_KIND_LABELS[incident.kind]}`,
      `知った日時　：${warekiDateTime(incident.detectedAt)}`,
      `報告日時　　：${warekiDateTime(incident.reportedAt)}`,
      late > 0
        ? `第一報の期限：${warekiDateTime(incident.firstReportDueAt)}（${durationText(late)}遅れ）`
        : `第一報の期限：${warekiDateTime(incident.firstReportDueAt)}（期限内）`,
      `報告書の期限：${formatWareki(incident.writtenReportDueDate)}`,
      ...(tasks.length
        ? [
            '',
            '個人情報保護委員会への報告を要する事態に当たる可能性があります。次の期限までに報告してください。',
            ...tasks.map((t) => `${COMMISSION_REPORT_LABELS[t.kind]}：${formatWareki(t.dueDate)}まで`),
          ]
        : []),
    ].join('\n'),
    link: `/incidents/${incident.id}`,
    dedupeKey: `incident-reported:${incident.id}`,
  };
}

/**
 * The officer takes the report up and the 事故報告受付通知書 is issued: the contractor's people hear of it, with its
 * 文書番号, in the same transaction.
 */
export async function incidentReceivedNotice(
  manager: EntityManager,
  incident: Incident,
  contract: ContractFacts,
  documentNumber: string | null,
): Promise<PlannedNotification> {
  const users =
    (await contractorUsersByCompany(manager, [incident.contractorId])).get(incident.contractorId) ?? [];
  const document = documentNumber ? `事故報告受付通知書 ${documentNumber}` : '事故報告受付通知書';
  return {
    userIds: users,
    kind: INCIDENT_NOTICE_KINDS.received,
    subject: subjectOf(`事故の報告を受け付けました（${document}）`),
    body: [
      `${contract.contractorName}`,
      'ご担当者様',
      '',
      `${warekiDateTime(incident.reportedAt)}に報告された事故（契約番号 ${contract.contractNumber}）について、報告を受け付けました（${document}）。`,
      '通知書は、事故報告の画面から確認できます。',
    ].join('\n'),
    link: `/incidents/${incident.id}`,
    dedupeKey: `incident-received:${incident.id}`,
  };
}

/** The officer asks for the written report (or for more): the contractor's people hear of it. */
export async function detailRequestedNotice(
  manager: EntityManager,
  incident: Incident,
  contract: ContractFacts,
  message: string,
): Promise<PlannedNotification> {
  const users =
    (await contractorUsersByCompany(manager, [incident.contractorId])).get(incident.contractorId) ?? [];
  return {
    userIds: users,
    kind: INCIDENT_NOTICE_KINDS.detailRequested,
    subject: subjectOf(`事故報告書の提出を求められています（契約番号 ${contract.contractNumber}）`),
    body: [
      `${contract.contractorName}`,
      'ご担当者様',
      '',
      `${warekiDateTime(incident.reportedAt)}に報告された事故について、事故報告書（原因、被害の範囲、講じた措置及び再発防止策）の提出を求めます。`,
      `提出期限は${formatWareki(incident.writtenReportDueDate)}です（特記事項 事故発生時の報告 第2項）。`,
      '',
      message,
    ].join('\n'),
    link: `/incidents/${incident.id}`,
    // One per request: asking again after a report is a new occasion.
    dedupeKey: `incident-detail-requested:${incident.id}:${incident.version}`,
  };
}

/** The contractor files its written report: the officer and the administrators hear of it. */
export function detailedReportNotice(
  contract: ContractFacts,
  incident: Incident,
  userIds: string[],
): PlannedNotification {
  return {
    userIds,
    kind: INCIDENT_NOTICE_KINDS.detailedReport,
    subject: subjectOf(`事故報告書が提出されました（契約番号 ${contract.contractNumber}）`),
    body: [
      '契約担当者各位',
      '',
      `委託先（${contract.contractorName}）から、${warekiDateTime(incident.reportedAt)}に報告された事故の報告書が提出されました。`,
      '内容を確認してください。',
    ].join('\n'),
    link: `/incidents/${incident.id}`,
    dedupeKey: `incident-detailed-report:${incident.id}:${incident.version}`,
  };
}

import type { EntityManager } from 'typeorm';
import { formatWareki } from '../../common/dates/wareki';
import type { PlannedNotification } from '../notifications/notification.types';
import { contractorUsersByCompany } from '../notifications/recipients';
import { subjectOf } from '../notifications/reminder-messages';
import { INSPECTION_KIND_WORDS } from '../documents/inspection-result.pdf';
import type { Inspection } from './inspection.entity';

/** The kind of the notice below, as stored in `notification.kind`. */
export const INSPECTION_REPORTED_KIND = 'inspection-reported';

/**
 * An inspection is reported and its 検査結果通知書 issued: the contractor's people hear of it, in the same
 * transaction, with a link to the inspection (the notice asks them to act without waiting for an order).
 */
export async function inspectionReportedNotice(
  manager: EntityManager,
  inspection: Inspection,
  contract: { contractNumber: string; title: string },
  contractorName: string,
  documentNumber: string,
): Promise<PlannedNotification> {
  const users =
    (await contractorUsersByCompany(manager, [inspection.contractorId])).get(inspection.contractorId) ?? [];
  const day = inspection.conductedOn ?? inspection.plannedOn;
  return {
    userIds: users,
    kind: INSPECTION_REPORTED_KIND,
    subject: subjectOf(`検査の結果が通知されました（${documentNumber}）`),
    body: [
      contractorName,
      'ご担当者様',
      '',
      `${formatWareki(day)}に実施した${INSPECTION_KIND_WORDS[inspection.kind]}の結果を、検査結果通知書（${documentNumber}）により通知しました。`,
      '内容を確認し、適合していない事項があるときは、指示を待つことなく原因を調査し、必要な措置を講じてください。',
      '',
      `契約番号：${contract.contractNumber}`,
      `契約件名：${contract.title}`,
    ].join('\n'),
    link: `/inspections/${inspection.id}`,
    dedupeKey: `inspection-reported:${inspection.id}`,
  };
}

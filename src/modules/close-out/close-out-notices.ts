import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { addDays } from '../../common/clock';
import { formatWareki } from '../../common/dates/wareki';
import { Contract } from '../contracts/contract.entity';
import type { PlannedNotification } from '../notifications/notification.types';
import { contractorUsersByCompany, unique } from '../notifications/recipients';
import { ReminderRegistry } from '../notifications/reminder-registry';
import { subjectOf } from '../notifications/reminder-messages';
import { daysUntil, reminderStep, type ReminderStep } from '../notifications/reminder-schedule';
import { ContractCloseOut } from './close-out.entity';
import { WITH_CONTRACTOR } from './close-out.state';

export const CLOSE_OUT_DUE_STEPS = [7, 3, 1] as const;

export const CLOSE_OUT_KINDS = {
  due: 'close-out-due',
  submitted: 'close-out-submitted',
  returned: 'close-out-returned',
  confirmed: 'close-out-confirmed',
} as const;

interface ContractFacts {
  id: string;
  contractNumber: string;
  title: string;
  contractorName: string;
}

function facts(contract: ContractFacts, dueDate: string): string[] {
  return [
    `契約番号：${contract.contractNumber}`,
    `契約件名：${contract.title}`,
    `委託先　：${contract.contractorName}`,
    `報告期限：${formatWareki(dueDate)}`,
  ];
}

/** To the contractor: the 返還・廃棄報告 is due in `daysLeft` days, today, or overdue. */
export function closeOutDueNotice(
  contract: ContractFacts,
  closeOut: Pick<ContractCloseOut, 'id' | 'dueDate' | 'status'>,
  step: ReminderStep,
  daysLeft: number,
  userIds: string[],
): PlannedNotification {
  const overdue = step === 'overdue';
  const subject = overdue
    ? `返還・廃棄報告の期限を過ぎています（契約番号 ${contract.contractNumber}）`
    : daysLeft === 0
      ? `返還・廃棄報告の期限は本日です（契約番号 ${contract.contractNumber}）`
      : `返還・廃棄報告の期限が${daysLeft}日後です（契約番号 ${contract.contractNumber}）`;
  const lead = overdue
    ? '次の契約の返還・廃棄報告は、期限を過ぎていますが、まだ提出されていません。速やかに提出してください。'
    : daysLeft === 0
      ? '次の契約の返還・廃棄報告の期限は本日です。本日中に提出してください。'
      : `次の契約の返還・廃棄報告の期限が${daysLeft}日後（${formatWareki(closeOut.dueDate)}）に迫っています。`;
  return {
    userIds,
    kind: CLOSE_OUT_KINDS.due,
    subject: subjectOf(subject),
    body: [
      `${contract.contractorName}`,
      'ご担当者様',
      '',
      lead,
      '契約の終了又は解除に伴い、甲から提供を受けた情報資産の返還及び消去・廃棄の結果を、受託者及び承認を受けた再委託先ごとに記載し、消去証明書を添付して提出してください。',
      closeOut.status === 'RETURNED'
        ? '差し戻された報告は、差戻しの理由に沿って補正のうえ、再提出してください。'
        : '',
      '',
      ...facts(contract, closeOut.dueDate),
    ]
      .filter((line, i, all) => line !== '' || all[i - 1] !== '')
      .join('\n'),
    link: `/contracts/${contract.id}/close-out`,
    dedupeKey: `close-out-due:${closeOut.id}:${step}`,
  };
}

/** To the deciding staff: a report was submitted (the `submission`-th time) and waits to be confirmed. */
export function closeOutSubmittedNotice(
  contract: ContractFacts,
  closeOut: Pick<ContractCloseOut, 'id' | 'dueDate'>,
  submission: number,
  userIds: string[],
): PlannedNotification {
  return {
    userIds,
    kind: CLOSE_OUT_KINDS.submitted,
    subject: subjectOf(
      `返還・廃棄報告が${submission > 1 ? '再' : ''}提出されました（契約番号 ${contract.contractNumber}）`,
    ),
    body: [
      '契約担当者各位',
      '',
      `委託先（${contract.contractorName}）から、次の契約の返還・廃棄報告が${submission > 1 ? '再' : ''}提出されました。`,
      '報告の内容及び消去証明書を確認し、確認又は差戻しを行ってください。確認すると、契約は完結します。',
      '',
      ...facts(contract, closeOut.dueDate),
    ].join('\n'),
    link: `/contracts/${contract.id}/close-out`,
    dedupeKey: `close-out-submitted:${closeOut.id}:${submission}`,
  };
}

/** To the contractor: its report was sent back, with the reason. */
export function closeOutReturnedNotice(
  contract: ContractFacts,
  closeOut: Pick<ContractCloseOut, 'id' | 'dueDate'>,
  submission: number,
  reason: string,
  userIds: string[],
): PlannedNotification {
  return {
    userIds,
    kind: CLOSE_OUT_KINDS.returned,
    subject: subjectOf(`返還・廃棄報告が差し戻されました（契約番号 ${contract.contractNumber}）`),
    body: [
      `${contract.contractorName}`,
      'ご担当者様',
      '',
      '次の契約の返還・廃棄報告は、次の理由により差し戻されました。補正のうえ、再提出してください。',
      '',
      `差戻しの理由：${reason}`,
      '',
      ...facts(contract, closeOut.dueDate),
    ].join('\n'),
    link: `/contracts/${contract.id}/close-out`,
    dedupeKey: `close-out-returned:${closeOut.id}:${submission}`,
  };
}

/** To the contractor: its report was confirmed and the contract is closed. */
export function closeOutConfirmedNotice(
  contract: ContractFacts,
  closeOut: Pick<ContractCloseOut, 'id' | 'dueDate'>,
  userIds: string[],
): PlannedNotification {
  return {
    userIds,
    kind: CLOSE_OUT_KINDS.confirmed,
    subject: subjectOf(`返還・廃棄報告が確認されました（契約番号 ${contract.contractNumber}）`),
    body: [
      `${contract.contractorName}`,
      'ご担当者様',
      '',
      '次の契約の返還・廃棄報告は、確認されました。これにより、契約は完結しました。',
      '',
      ...facts(contract, closeOut.dueDate),
    ].join('\n'),
    link: `/contracts/${contract.id}/close-out`,
    dedupeKey: `close-out-confirmed:${closeOut.id}`,
  };
}

/**
 * Daily reminders of the 返還・廃棄報告 still with the contractor (OWED, RETURNED): 7, 3 and 1 days before its due
 * date and once when overdue, to the company's active CONTRACTOR users. The dedupe key keeps each to one.
 */
@Injectable()
export class CloseOutReminderSource implements OnModuleInit {
  readonly name = 'close-outs';

  constructor(private readonly registry: ReminderRegistry) {}

  onModuleInit(): void {
    this.registry.register({ name: this.name, collect: (manager, today) => this.collect(manager, today) });
  }

  async collect(manager: EntityManager, today: string): Promise<PlannedNotification[]> {
    const rows = await manager
      .createQueryBuilder(ContractCloseOut, 'o')
      .innerJoinAndSelect('o.contract', 'c')
      .innerJoinAndSelect('o.contractor', 'k')
      .where('o.status IN (:...open)', { open: [...WITH_CONTRACTOR] })
      .andWhere('o.dueDate <= :until', { until: addDays(today, Math.max(...CLOSE_OUT_DUE_STEPS)) })
      .orderBy('o.dueDate', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .getMany();
    if (rows.length === 0) return [];
    const users = await contractorUsersByCompany(manager, unique(rows.map((r) => r.contractorId)));
    return rows.flatMap((row): PlannedNotification[] => {
      const daysLeft = daysUntil(today, row.dueDate);
      const step = reminderStep(daysLeft, CLOSE_OUT_DUE_STEPS, { overdue: true });
      const userIds = users.get(row.contractorId) ?? [];
      if (step === null || userIds.length === 0 || !row.contract || !row.contractor) return [];
      return [
        closeOutDueNotice(contractFacts(row.contract, row.contractor.name), row, step, daysLeft, userIds),
      ];
    });
  }
}

export function contractFacts(contract: Contract, contractorName: string): ContractFacts {
  return { id: contract.id, contractNumber: contract.contractNumber, title: contract.title, contractorName };
}

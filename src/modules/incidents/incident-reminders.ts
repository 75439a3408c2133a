import { Injectable, type OnModuleInit } from '@nestjs/common';
import { In, IsNull, LessThanOrEqual, type EntityManager } from 'typeorm';
import { addDays } from '../../common/clock';
import { formatWareki } from '../../common/dates/wareki';
import { Contract } from '../contracts/contract.entity';
import { Contractor } from '../contractors/contractor.entity';
import type { PlannedNotification } from '../notifications/notification.types';
import { deciders, type ContractFacts } from '../notifications/pending-work-notices';
import { contractorUsersByCompany, unique } from '../notifications/recipients';
import { ReminderRegistry } from '../notifications/reminder-registry';
import { subjectOf } from '../notifications/reminder-messages';
import { daysUntil, reminderStep, type ReminderStep } from '../notifications/reminder-schedule';
import { COMMISSION_REPORT_LABELS } from './commission-rules';
import { IncidentCommissionReport } from './incident-commission-report.entity';
import { INCIDENT_KIND_LABELS, warekiDateTime } from './incident-notices';
import { Incident } from './incident.entity';
import type { IncidentStatus } from './incident.state';

/** Days before a deadline at which it is reminded; each deadline is also reminded once when it has passed. */
export const INCIDENT_DUE_STEPS = [3, 1] as const;

export const INCIDENT_REMINDER_KINDS = {
  writtenReportDue: 'incident-written-report-due',
  commissionReportDue: 'incident-commission-due',
} as const;

/** The written report is still owed in these states (the contractor may file it unasked from the first report). */
const WRITTEN_REPORT_OWED: readonly IncidentStatus[] = [
  'REPORTED',
  'UNDER_REVIEW',
  'DETAILED_REPORT_REQUESTED',
];

function when(step: ReminderStep, daysLeft: number, dueDate: string): string {
  if (step === 'overdue') return `期限（${formatWareki(dueDate)}）を過ぎています`;
  return daysLeft === 0 ? '期限は本日です' : `期限が${daysLeft}日後（${formatWareki(dueDate)}）です`;
}

function factsOf(contract: ContractFacts, incident: Incident): string[] {
  return [
    `契約番号　：${contract.contractNumber}`,
    `契約件名　：${contract.title}`,
    `委託先　　：${contract.contractorName}`,
    `事故の種類：${INCIDENT_KIND_LABELS[incident.kind]}`,
    `報告日時　：${warekiDateTime(incident.reportedAt)}`,
  ];
}

/** To the contractor: the written report (特記事項 事故発生時の報告 第2項) is due soon, today, or overdue. */
export function writtenReportDueNotice(
  contract: ContractFacts,
  incident: Incident,
  step: ReminderStep,
  daysLeft: number,
  userIds: string[],
): PlannedNotification {
  return {
    userIds,
    kind: INCIDENT_REMINDER_KINDS.writtenReportDue,
    subject: subjectOf(
      `事故報告書の${when(step, daysLeft, incident.writtenReportDueDate)}（契約番号 ${contract.contractNumber}）`,
    ),
    body: [
      `${contract.contractorName}`,
      'ご担当者様',
      '',
      `${warekiDateTime(incident.reportedAt)}に報告された事故について、事故報告書（原因、被害の範囲、講じた措置及び再発防止策）の${when(step, daysLeft, incident.writtenReportDueDate)}。`,
      step === 'overdue'
        ? '特記事項（事故発生時の報告 第2項）に定める期限を過ぎていますので、速やかに提出してください。'
        : '特記事項（事故発生時の報告 第2項）に定める期限までに提出してください。',
      '',
      ...factsOf(contract, incident),
    ].join('\n'),
    link: `/incidents/${incident.id}`,
    dedupeKey: `${INCIDENT_REMINDER_KINDS.writtenReportDue}:${incident.id}:${step}`,
  };
}

/** To the deciders: the body's own 速報 or 確報 to the 個人情報保護委員会 is due soon, today, or overdue. */
export function commissionReportDueNotice(
  contract: ContractFacts,
  incident: Incident,
  task: IncidentCommissionReport,
  step: ReminderStep,
  daysLeft: number,
  userIds: string[],
): PlannedNotification {
  const label = COMMISSION_REPORT_LABELS[task.kind];
  return {
    userIds,
    kind: INCIDENT_REMINDER_KINDS.commissionReportDue,
    subject: subjectOf(
      `個人情報保護委員会への${label}の${when(step, daysLeft, task.dueDate)}（契約番号 ${contract.contractNumber}）`,
    ),
    body: [
      '契約担当者各位',
      '',
      `委託先から報告を受けた次の事故について、個人情報保護委員会への${label}の${when(step, daysLeft, task.dueDate)}。`,
      '報告を終えたときは、事故報告の画面で報告した日を記録してください。',
      '',
      ...factsOf(contract, incident),
    ].join('\n'),
    link: `/incidents/${incident.id}`,
    dedupeKey: `${INCIDENT_REMINDER_KINDS.commissionReportDue}:${incident.id}:${task.kind}:${step}`,
  };
}

/**
 * Daily reminders of an incident's deadlines: the contractor's written report (3 and 1 days before its due date
 * and once when overdue, while it is owed), and the body's 速報 and 確報 to the 個人情報保護委員会 (the same steps,
 * to the contract's officer and the administrators, until the day of the report is recorded). The dedupe key
 * keeps each to one, however often the job runs.
 */
@Injectable()
export class IncidentReminderSource implements OnModuleInit {
  readonly name = 'incidents';

  constructor(private readonly registry: ReminderRegistry) {}

  onModuleInit(): void {
    this.registry.register({ name: this.name, collect: (manager, today) => this.collect(manager, today) });
  }

  async collect(manager: EntityManager, today: string): Promise<PlannedNotification[]> {
    const until = addDays(today, Math.max(...INCIDENT_DUE_STEPS));
    const owed = await manager.find(Incident, {
      where: { status: In([...WRITTEN_REPORT_OWED]), writtenReportDueDate: LessThanOrEqual(until) },
      order: { writtenReportDueDate: 'ASC', id: 'ASC' },
    });
    const tasks = await manager.find(IncidentCommissionReport, {
      where: { doneDate: IsNull(), dueDate: LessThanOrEqual(until) },
      order: { dueDate: 'ASC', id: 'ASC' },
    });
    const taskIncidents = tasks.length
      ? await manager.find(Incident, { where: { id: In(unique(tasks.map((t) => t.incidentId))) } })
      : [];
    const incidents = new Map([...owed, ...taskIncidents].map((i) => [i.id, i]));
    if (incidents.size === 0) return [];
    const contracts = await this.contractFacts(manager, [...incidents.values()]);
    const contractorUsers = await contractorUsersByCompany(manager, unique(owed.map((i) => i.contractorId)));
    const planned: PlannedNotification[] = [];
    for (const incident of owed) {
      const daysLeft = daysUntil(today, incident.writtenReportDueDate);
      const step = reminderStep(daysLeft, INCIDENT_DUE_STEPS, { overdue: true });
      const contract = contracts.get(incident.contractId);
      const userIds = contractorUsers.get(incident.contractorId) ?? [];
      if (step === null || !contract || userIds.length === 0) continue;
      planned.push(writtenReportDueNotice(contract, incident, step, daysLeft, userIds));
    }
    for (const task of tasks) {
      const incident = incidents.get(task.incidentId);
      const contract = incident && contracts.get(incident.contractId);
      const daysLeft = daysUntil(today, task.dueDate);
      const step = reminderStep(daysLeft, INCIDENT_DUE_STEPS, { overdue: true });
      if (step === null || !incident || !contract) continue;
      const userIds = await deciders(manager, contract, null);
      if (userIds.length)
        planned.push(commissionReportDueNotice(contract, incident, task, step, daysLeft, userIds));
    }
    return planned;
  }

  private async contractFacts(
    manager: EntityManager,
    incidents: Incident[],
  ): Promise<Map<string, ContractFacts>> {
    const contracts = await manager.find(Contract, {
      select: { id: true, contractNumber: true, title: true, contractorId: true, officerUserId: true },
      where: { id: In(unique(incidents.map((i) => i.contractId))) },
    });
    const companies = await manager.find(Contractor, {
      select: { id: true, name: true },
      where: { id: In(unique(contracts.map((c) => c.contractorId))) },
    });
    const names = new Map(companies.map((c) => [c.id, c.name]));
    return new Map(
      contracts.map((c) => [
        c.id,
        {
          id: c.id,
          contractNumber: c.contractNumber,
          title: c.title,
          contractorName: names.get(c.contractorId) ?? '',
          officerUserId: c.officerUserId,
        },
      ]),
    );
  }
}

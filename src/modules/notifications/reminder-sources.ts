import { In, type EntityManager } from 'typeorm';
import { addDays } from '../../common/clock';
import { Assessment } from '../assessments/assessment.entity';
import { Certification } from '../contractors/certification.entity';
import { Contract } from '../contracts/contract.entity';
import type { PlannedNotification, ReminderSource } from './notification.types';
import { chunks, contractorUsersByCompany, findActiveUsers, unique } from './recipients';
import { assessmentDueMessage, certificationExpiryMessage, contractEndingMessage } from './reminder-messages';
import { daysUntil, reminderStep } from './reminder-schedule';

export const ASSESSMENT_DUE_STEPS = [7, 3, 1] as const;
export const CERTIFICATION_EXPIRY_STEPS = [60, 30] as const;
export const CONTRACT_ENDING_STEPS = [30] as const;

/**
 * Self-assessments not submitted yet (OPEN, or RETURNED for rework) 7, 3 and 1 days before their due date and
 * once when overdue, to the contractor company's active CONTRACTOR users. Assessments of a terminated contract
 * are no longer asked for; those of a contract that has ended normally still are (the last period's).
 */
export const assessmentDueReminders: ReminderSource = {
  name: 'assessments',
  async collect(manager: EntityManager, today: string): Promise<PlannedNotification[]> {
    const assessments = await manager
      .createQueryBuilder(Assessment, 'a')
      .innerJoinAndSelect('a.contract', 'c')
      .innerJoinAndSelect('a.contractor', 'k')
      .where('a.status IN (:...open)', { open: ['OPEN', 'RETURNED'] })
      .andWhere('a.dueDate <= :until', { until: addDays(today, Math.max(...ASSESSMENT_DUE_STEPS)) })
      .andWhere('c.status IN (:...live)', { live: ['ACTIVE', 'ENDED'] })
      .orderBy('a.dueDate', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .getMany();
    if (assessments.length === 0) return [];
    const users = await contractorUsersByCompany(manager, unique(assessments.map((a) => a.contractorId)));
    return assessments.flatMap((a): PlannedNotification[] => {
      const daysLeft = daysUntil(today, a.dueDate);
      const step = reminderStep(daysLeft, ASSESSMENT_DUE_STEPS, { overdue: true });
      const userIds = users.get(a.contractorId) ?? [];
      if (step === null || userIds.length === 0 || !a.contract || !a.contractor) return [];
      return [
        {
          userIds,
          kind: 'assessment-due',
          dedupeKey: `assessment-due:${a.id}:${step}`,
          link: `/assessments/${a.id}`,
          ...assessmentDueMessage({
            step,
            daysLeft,
            contractorName: a.contractor.name,
            contractNumber: a.contract.contractNumber,
            contractTitle: a.contract.title,
            department: a.contract.department,
            periodStart: a.periodStart,
            periodEnd: a.periodEnd,
            dueDate: a.dueDate,
            status: a.status,
            kind: a.kind,
          }),
        },
      ];
    });
  },
};

/**
 * Certifications (ISMS, プライバシーマーク, ISMAP…) ending in 60 and 30 days, to every active OFFICER and ADMIN,
 * so that the renewal is asked for in time. A certificate already renewed — a later one of the same type and
 * registration number is registered — needs no reminder; nor do archived contractors.
 */
export const certificationExpiryReminders: ReminderSource = {
  name: 'certifications',
  async collect(manager: EntityManager, today: string): Promise<PlannedNotification[]> {
    const expiring = await manager
      .createQueryBuilder(Certification, 'cert')
      .innerJoinAndSelect('cert.contractor', 'k')
      .where('cert.validUntil >= :today', { today })
      .andWhere('cert.validUntil <= :until', {
        until: addDays(today, Math.max(...CERTIFICATION_EXPIRY_STEPS)),
      })
      .andWhere("k.status <> 'ARCHIVED'")
      .orderBy('cert.validUntil', 'ASC')
      .addOrderBy('cert.id', 'ASC')
      .getMany();
    if (expiring.length === 0) return [];
    const renewed = await renewedCertifications(manager, expiring);
    const officers = (await findActiveUsers(manager, { roles: ['OFFICER', 'ADMIN'] })).map((u) => u.id);
    if (officers.length === 0) return [];
    return expiring.flatMap((cert): PlannedNotification[] => {
      const daysLeft = daysUntil(today, cert.validUntil);
      const step = reminderStep(daysLeft, CERTIFICATION_EXPIRY_STEPS);
      if (step === null || renewed.has(cert.id) || !cert.contractor) return [];
      return [
        {
          userIds: officers,
          kind: 'certification-expiry',
          dedupeKey: `certification-expiry:${cert.id}:${step}`,
          link: `/contractors/${cert.contractorId}`,
          ...certificationExpiryMessage({
            daysLeft,
            contractorName: cert.contractor.name,
            type: cert.type,
            registrationNumber: cert.registrationNumber,
            issuer: cert.issuer,
            validUntil: cert.validUntil,
          }),
        },
      ];
    });
  },
};

/** The ids of those certifications that a later one of the same company, type and number replaces. */
async function renewedCertifications(
  manager: EntityManager,
  expiring: Certification[],
): Promise<Set<string>> {
  const same = (c: Certification): string =>
    `${c.contractorId}|${c.type}|${c.registrationNumber.normalize('NFKC').replace(/\s+/g, '').toUpperCase()}`;
  const latest = new Map<string, string>();
  for (const ids of chunks(unique(expiring.map((c) => c.contractorId)), 500)) {
    const all = await manager.find(Certification, { where: { contractorId: In(ids) } });
    for (const c of all) {
      const key = same(c);
      if ((latest.get(key) ?? '') < c.validUntil) latest.set(key, c.validUntil);
    }
  }
  return new Set(expiring.filter((c) => (latest.get(same(c)) ?? '') > c.validUntil).map((c) => c.id));
}

/**
 * ACTIVE contracts ending in 30 days, to the contract's responsible officer; when it has none (or that user
 * is no longer active), to every active ADMIN, so that the reminder always reaches someone.
 */
export const contractEndingReminders: ReminderSource = {
  name: 'contracts',
  async collect(manager: EntityManager, today: string): Promise<PlannedNotification[]> {
    const ending = await manager
      .createQueryBuilder(Contract, 'c')
      .innerJoinAndSelect('c.contractor', 'k')
      .where("c.status = 'ACTIVE'")
      .andWhere('c.endDate >= :today', { today })
      .andWhere('c.endDate <= :until', { until: addDays(today, Math.max(...CONTRACT_ENDING_STEPS)) })
      .orderBy('c.endDate', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .getMany();
    if (ending.length === 0) return [];
    const officerIds = unique(ending.flatMap((c) => (c.officerUserId ? [c.officerUserId] : [])));
    const officers = new Set(
      (await findActiveUsers(manager, { ids: officerIds, roles: ['OFFICER', 'ADMIN'] })).map((u) => u.id),
    );
    const admins = (await findActiveUsers(manager, { roles: ['ADMIN'] })).map((u) => u.id);
    return ending.flatMap((c): PlannedNotification[] => {
      const daysLeft = daysUntil(today, c.endDate);
      const step = reminderStep(daysLeft, CONTRACT_ENDING_STEPS);
      const userIds = c.officerUserId && officers.has(c.officerUserId) ? [c.officerUserId] : admins;
      if (step === null || userIds.length === 0 || !c.contractor) return [];
      return [
        {
          userIds,
          kind: 'contract-ending',
          dedupeKey: `contract-ending:${c.id}:${step}`,
          link: `/contracts/${c.id}`,
          ...contractEndingMessage({
            daysLeft,
            contractNumber: c.contractNumber,
            contractTitle: c.title,
            contractorName: c.contractor.name,
            department: c.department,
            startDate: c.startDate,
            endDate: c.endDate,
          }),
        },
      ];
    });
  },
};

export const BUILT_IN_REMINDER_SOURCES: readonly ReminderSource[] = [
  assessmentDueReminders,
  certificationExpiryReminders,
  contractEndingReminders,
];

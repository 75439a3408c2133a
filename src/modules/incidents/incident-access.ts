import { In, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { canSeeContractor } from '../../common/auth/scope';
import { todayInJapan } from '../../common/clock';
import { Contract } from '../contracts/contract.entity';
import { Contractor } from '../contractors/contractor.entity';
import { IssuedDocument } from '../documents/issued-document.entity';
import { User } from '../users/user.entity';
import { COMMISSION_REPORT_LABELS, COMMISSION_REPORT_KINDS } from './commission-rules';
import type {
  CommissionReportResponse,
  IncidentReceiptResponse,
  IncidentResponse,
  LatenessResponse,
} from './dto/incident.dto';
import { daysLate, durationText, minutesLate } from './incident-deadlines';
import { IncidentCommissionReport } from './incident-commission-report.entity';
import { INCIDENT_OWNER } from './incident-receipt-record';
import { Incident } from './incident.entity';
import { IncidentErrors } from './incidents.errors';

/** An incident of a contract the caller cannot see answers 404 like a missing one. */
export async function findVisibleIncident(
  manager: EntityManager,
  actor: Actor,
  id: string,
): Promise<Incident> {
  const incident = await manager.findOneBy(Incident, { id });
  if (!incident || !canSeeContractor(actor, incident.contractorId)) throw IncidentErrors.notFound();
  return incident;
}

/** Response DTOs, with contract, company and people's names and the commission tasks read in a few queries. */
export async function respondAll(
  manager: EntityManager,
  actor: Actor,
  rows: Incident[],
): Promise<IncidentResponse[]> {
  if (rows.length === 0) return [];
  const staff = actor.role !== 'CONTRACTOR';
  const contracts = await manager.find(Contract, {
    select: { id: true, contractNumber: true, title: true },
    where: { id: In([...new Set(rows.map((r) => r.contractId))]) },
  });
  const companies = await manager.find(Contractor, {
    select: { id: true, name: true },
    where: { id: In([...new Set(rows.map((r) => r.contractorId))]) },
  });
  const tasks = staff
    ? await manager.find(IncidentCommissionReport, { where: { incidentId: In(rows.map((r) => r.id)) } })
    : [];
  const receipts = await manager.find(IssuedDocument, {
    where: { ownerType: INCIDENT_OWNER, ownerId: In(rows.map((r) => r.id)), kind: 'INCIDENT_RECEIPT' },
  });
  const receiptOf = new Map(
    receipts.map((d): [string, IncidentReceiptResponse] => [
      d.ownerId,
      {
        documentNumber: d.documentNumber,
        issuedAt: d.issuedAt.toISOString(),
        url: `/api/incidents/${d.ownerId}/receipt.pdf`,
      },
    ]),
  );
  const userIds = [
    ...rows.map((r) => r.reportedBy),
    ...tasks.flatMap((t) => (t.recordedBy ? [t.recordedBy] : [])),
  ];
  const users = await manager.find(User, {
    select: { id: true, displayName: true },
    where: { id: In([...new Set(userIds)]) },
  });
  const contractOf = new Map(contracts.map((c) => [c.id, c]));
  const companyOf = new Map(companies.map((c) => [c.id, c.name]));
  const nameOf = new Map(users.map((u) => [u.id, u.displayName]));
  const today = todayInJapan();
  return rows.map((i) => {
    const contract = contractOf.get(i.contractId);
    const own = tasks
      .filter((t) => t.incidentId === i.id)
      .sort((a, b) => COMMISSION_REPORT_KINDS.indexOf(a.kind) - COMMISSION_REPORT_KINDS.indexOf(b.kind));
    return toIncidentResponse(i, {
      contractNumber: contract?.contractNumber ?? '',
      contractTitle: contract?.title ?? '',
      contractorName: companyOf.get(i.contractorId) ?? '',
      reportedByName: nameOf.get(i.reportedBy) ?? '',
      staff,
      today,
      tasks: own.map((t) => toCommissionReportResponse(t, nameOf, today)),
      receipt: receiptOf.get(i.id) ?? null,
    });
  });
}

export function toCommissionReportResponse(
  t: IncidentCommissionReport,
  nameOf: Map<string, string>,
  today: string,
): CommissionReportResponse {
  return {
    kind: t.kind,
    label: COMMISSION_REPORT_LABELS[t.kind],
    dueDate: t.dueDate,
    doneDate: t.doneDate,
    note: t.note,
    recordedBy: t.recordedBy,
    recordedByName: t.recordedBy ? (nameOf.get(t.recordedBy) ?? null) : null,
    overdue: t.doneDate === null && today > t.dueDate,
  };
}

function lateness(by: number, text: string): LatenessResponse {
  return { late: by > 0, by, byText: by > 0 ? text : '' };
}

interface Names {
  contractNumber: string;
  contractTitle: string;
  contractorName: string;
  reportedByName: string;
  /** Staff see the review note and the commission tasks; a contractor does not. */
  staff: boolean;
  today: string;
  tasks: CommissionReportResponse[];
  receipt: IncidentReceiptResponse | null;
}

export function toIncidentResponse(i: Incident, n: Names): IncidentResponse {
  const firstLate = minutesLate(i.firstReportDueAt, i.reportedAt);
  const writtenLate = i.detailedReportAt ? daysLate(i.writtenReportDueDate, i.detailedReportAt) : null;
  return {
    id: i.id,
    contractId: i.contractId,
    contractNumber: n.contractNumber,
    contractTitle: n.contractTitle,
    contractorId: i.contractorId,
    contractorName: n.contractorName,
    reportedBy: i.reportedBy,
    reportedByName: n.reportedByName,
    kind: i.kind,
    occurredAt: i.occurredAt?.toISOString() ?? null,
    detectedAt: i.detectedAt.toISOString(),
    reportedAt: i.reportedAt.toISOString(),
    summary: i.summary,
    informationInvolved: i.informationInvolved,
    containment: i.containment,
    personalInfo: i.personalInfoInvolved
      ? {
          persons: i.personsAffected ?? 0,
          sensitive: i.sensitivePersonalInfo,
          myNumber: i.specificPersonalInfo,
          financialHarm: i.financialHarmRisk,
          unlawfulPurpose: i.unlawfulPurposeSuspected,
        }
      : null,
    status: i.status,
    firstReport: {
      hours: i.reportHours,
      dueAt: i.firstReportDueAt.toISOString(),
      reportedAt: i.reportedAt.toISOString(),
      lateness: lateness(firstLate, durationText(firstLate)),
    },
    writtenReport: {
      days: i.writtenReportDays,
      dueDate: i.writtenReportDueDate,
      submittedAt: i.detailedReportAt?.toISOString() ?? null,
      lateness: writtenLate === null ? null : lateness(writtenLate, `${writtenLate}日`),
      overdue: i.detailedReportAt === null && n.today > i.writtenReportDueDate,
    },
    detailedReport:
      i.cause !== null
        ? {
            cause: i.cause,
            damageScope: i.damageScope ?? '',
            measuresTaken: i.measuresTaken ?? '',
            recurrencePrevention: i.recurrencePrevention ?? '',
          }
        : null,
    reviewNote: n.staff ? i.reviewNote : null,
    reviewedAt: i.reviewedAt?.toISOString() ?? null,
    detailRequest: i.detailRequest,
    detailRequestedAt: i.detailRequestedAt?.toISOString() ?? null,
    closingNote: i.closingNote,
    closedAt: i.closedAt?.toISOString() ?? null,
    commissionGrounds: n.staff ? i.commissionGrounds : [],
    commissionReports: n.staff ? n.tasks : [],
    publication:
      i.publicationDecision && i.publicationDate && i.publicationDecidedBy && i.publicationDecidedAt
        ? {
            decision: i.publicationDecision,
            date: i.publicationDate,
            note: i.publicationNote,
            decidedBy: i.publicationDecidedBy,
            decidedAt: i.publicationDecidedAt.toISOString(),
          }
        : null,
    receipt: n.receipt,
    version: i.version,
    createdAt: i.createdAt.toISOString(),
  };
}

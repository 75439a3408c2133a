import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { contractorScope } from '../../common/auth/scope';
import { todayInJapan } from '../../common/clock';
import type { Page } from '../../common/pagination/cursor';
import { pageByCreatedAt } from '../../common/pagination/keyset';
import { insertRows } from '../../database/insert';
import { TransactionService } from '../../database/transaction.service';
import { ClauseCatalogueService } from '../clauses/clause-catalogue.service';
import { findVisibleContract, lockContract } from '../contracts/contract-access';
import { ContractClause } from '../contracts/contract-clause.entity';
import { DocumentRenderer } from '../documents/document-renderer.service';
import type { IncidentReceiptInput } from '../documents/incident-receipt';
import { IssuedDocuments } from '../documents/issued-documents.service';
import { assertPrintable } from '../documents/pdf-fonts';
import type { Contract } from '../contracts/contract.entity';
import { Contractor } from '../contractors/contractor.entity';
import { NotificationMailer } from '../notifications/notification-mailer.service';
import { NotificationsService } from '../notifications/notifications.service';
import { deciders, type ContractFacts } from '../notifications/pending-work-notices';
import { commissionDueDates, commissionGrounds, COMMISSION_REPORT_KINDS } from './commission-rules';
import type {
  CommissionTaskResponse,
  IncidentResponse,
  ListIncidentsQuery,
  ReportIncidentRequest,
} from './dto/incident.dto';
import { firstReportDueAt, writtenReportDueDate } from './incident-deadlines';
import { findVisibleIncident, respondAll, toCommissionReportResponse } from './incident-access';
import { IncidentCommissionReport } from './incident-commission-report.entity';
import { INCIDENT_OWNER } from './incident-receipt-record';
import { incidentReportedNotice, INCIDENT_KIND_LABELS } from './incident-notices';
import { Incident } from './incident.entity';
import { INCIDENT_TRANSITIONS } from './incident.state';
import { IncidentErrors } from './incidents.errors';

/** The clause that sets the deadlines, and its parameters (templates/clauses/17-incident-report.yaml). */
const INCIDENT_CLAUSE = 'INCIDENT_REPORT';
const HOURS_PARAM = 'reportHours';
const DAYS_PARAM = 'writtenReportDays';
/** When neither the contract nor the catalogue states one (the catalogue's defaults). */
const FALLBACK = { [HOURS_PARAM]: 2, [DAYS_PARAM]: 7 } as const;

/**
 * 事故報告: the contractor's first report with its deadlines from the contract's clause, and the body's own tasks
 * toward the 個人情報保護委員会 where the rules call for them (commission-rules.ts). The later steps are in
 * IncidentStepsService; the table of steps is incident.state.ts.
 */
@Injectable()
export class IncidentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    private readonly clauses: ClauseCatalogueService,
    private readonly notifications: NotificationsService,
    private readonly mailer: NotificationMailer,
    private readonly documents: IssuedDocuments,
    private readonly renderer: DocumentRenderer,
  ) {}

  /** Newest first; a contractor sees only its own company's. */
  async list(actor: Actor, query: ListIncidentsQuery): Promise<Page<IncidentResponse>> {
    const manager = this.dataSource.manager;
    const qb = manager.createQueryBuilder(Incident, 'i');
    const scope = contractorScope(actor);
    if (scope !== null) qb.andWhere('i.contractorId = :scope', { scope });
    if (query.contractId) qb.andWhere('i.contractId = :contractId', { contractId: query.contractId });
    if (query.status) qb.andWhere('i.status = :status', { status: query.status });
    if (query.open) qb.andWhere('i.status <> :closed', { closed: 'CLOSED' });
    const page = await pageByCreatedAt(qb, query, 'DESC');
    return {
      items: await respondAll(manager, actor, page.rows),
      nextCursor: page.nextCursor,
      ...(page.total === undefined ? {} : { total: page.total }),
    };
  }

  async get(actor: Actor, id: string): Promise<IncidentResponse> {
    const manager = this.dataSource.manager;
    const incident = await findVisibleIncident(manager, actor, id);
    const [response] = await respondAll(manager, actor, [incident]);
    return response;
  }

  /** The 事故報告受付通知書 as issued: rendered once from its record, then the stored bytes. */
  async receiptPdf(actor: Actor, id: string): Promise<{ bytes: Buffer; fileName: string }> {
    const manager = this.dataSource.manager;
    const incident = await findVisibleIncident(manager, actor, id);
    const record = await this.documents.find(manager, INCIDENT_OWNER, incident.id, 'INCIDENT_RECEIPT');
    if (!record) throw IncidentErrors.noReceipt();
    const { bytes } = await this.documents.pdf<IncidentReceiptInput>(manager, record, (input) =>
      this.renderer.renderIncidentReceipt(input),
    );
    return { bytes, fileName: `jiko-uketsuke-${todayInJapan(incident.reportedAt)}.pdf` };
  }

  /** The body's 速報 and 確報 not yet sent, the earliest due first (the staff's home page). */
  async openCommissionTasks(actor: Actor, limit = 50): Promise<CommissionTaskResponse[]> {
    const manager = this.dataSource.manager;
    const tasks = await manager.find(IncidentCommissionReport, {
      where: { doneDate: IsNull() },
      order: { dueDate: 'ASC', createdAt: 'ASC' },
      take: limit,
    });
    if (tasks.length === 0) return [];
    const incidents = await manager.findBy(
      Incident,
      tasks.map((t) => ({ id: t.incidentId })),
    );
    if (contractorScope(actor) !== null) return [];
    const responses = await respondAll(manager, actor, incidents);
    const byId = new Map(responses.map((r) => [r.id, r]));
    const today = todayInJapan();
    return tasks.flatMap((t) => {
      const incident = byId.get(t.incidentId);
      if (!incident) return [];
      return [
        {
          ...toCommissionReportResponse(t, new Map(), today),
          incidentId: t.incidentId,
          contractNumber: incident.contractNumber,
          contractorName: incident.contractorName,
          incidentKind: incident.kind,
        },
      ];
    });
  }

  async report(actor: Actor, input: ReportIncidentRequest): Promise<IncidentResponse> {
    const reported = await this.tx.run(async (t) => {
      await lockContract(t.manager, input.contractId);
      const contract = await findVisibleContract(t.manager, actor, input.contractId);
      if (contract.status === 'DRAFT') throw IncidentErrors.contractNotSigned();
      // The 事故報告受付通知書 prints the summary: text the document fonts cannot print is refused now.
      // Line breaks are kept and printed as paragraphs; any other refused character is named with its field.
      assertPrintable(input.summary, { name: 'summary', label: '事故の概要' });
      assertPrintable(input.informationInvolved, { name: 'informationInvolved', label: '対象となった情報' });
      if (input.containment) assertPrintable(input.containment, { name: 'containment', label: '講じた措置' });
      // The server's clock is the time of the report: the first report's lateness is judged on it.
      const now = new Date();
      const detectedAt = new Date(input.detectedAt);
      const occurredAt = input.occurredAt ? new Date(input.occurredAt) : null;
      if (occurredAt && occurredAt > now) throw IncidentErrors.occurredInFuture();
      if (detectedAt > now) throw IncidentErrors.detectedInFuture();
      if (occurredAt && occurredAt > detectedAt) throw IncidentErrors.occurredAfterDetected();

      const { reportHours, writtenReportDays } = await this.deadlines(t.manager, contract);
      const personal = input.personalInfo ?? null;
      const facts = personal
        ? {
            kind: input.kind,
            persons: personal.persons,
            sensitive: personal.sensitive,
            myNumber: personal.myNumber,
            financialHarm: personal.financialHarm ?? false,
            unlawfulPurpose: personal.unlawfulPurpose ?? false,
          }
        : null;
      const grounds = commissionGrounds(facts);
      const row: Incident = {
        id: randomUUID(),
        contractId: contract.id,
        contractorId: contract.contractorId,
        reportedBy: actor.userId,
        kind: input.kind,
        occurredAt,
        detectedAt,
        reportedAt: now,
        summary: input.summary,
        informationInvolved: input.informationInvolved,
        containment: input.containment ?? null,
        personalInfoInvolved: facts !== null,
        personsAffected: facts?.persons ?? null,
        sensitivePersonalInfo: facts?.sensitive ?? false,
        specificPersonalInfo: facts?.myNumber ?? false,
        financialHarmRisk: facts?.financialHarm ?? false,
        unlawfulPurposeSuspected: grounds.includes('UNLAWFUL_PURPOSE'),
        commissionGrounds: grounds,
        reportHours,
        writtenReportDays,
        firstReportDueAt: firstReportDueAt(detectedAt, reportHours),
        writtenReportDueDate: writtenReportDueDate(detectedAt, writtenReportDays),
        status: INCIDENT_TRANSITIONS.report.to,
        reviewNote: null,
        reviewedBy: null,
        reviewedAt: null,
        detailRequest: null,
        detailRequestedBy: null,
        detailRequestedAt: null,
        cause: null,
        damageScope: null,
        measuresTaken: null,
        recurrencePrevention: null,
        detailedReportBy: null,
        detailedReportAt: null,
        publicationDecision: null,
        publicationDate: null,
        publicationNote: null,
        publicationDecidedBy: null,
        publicationDecidedAt: null,
        closingNote: null,
        closedBy: null,
        closedAt: null,
        version: 1,
        createdAt: now,
      };
      await insertRows(t.manager, Incident, row);
      // 個人情報保護法 第68条: the body's own reports run from when the body learned of it (this report).
      const due = grounds.length ? commissionDueDates(todayInJapan(now), grounds) : null;
      const tasks = due ? COMMISSION_REPORT_KINDS.map((kind) => ({ kind, dueDate: due[kind] })) : [];
      if (tasks.length)
        await insertRows(
          t.manager,
          IncidentCommissionReport,
          tasks.map((task) => ({
            id: randomUUID(),
            incidentId: row.id,
            kind: task.kind,
            dueDate: task.dueDate,
            doneDate: null,
            note: null,
            recordedBy: null,
            recordedAt: null,
            createdAt: now,
          })),
        );
      await t.audit({
        actor,
        action: 'incident.report',
        entityType: 'incident',
        entityId: row.id,
        summary: {
          contractId: contract.id,
          kind: row.kind,
          occurredAt: occurredAt?.toISOString() ?? null,
          detectedAt: detectedAt.toISOString(),
          reportedAt: now.toISOString(),
          firstReportDueAt: row.firstReportDueAt.toISOString(),
          writtenReportDueDate: row.writtenReportDueDate,
          personsAffected: row.personsAffected,
          commissionGrounds: grounds,
          commissionReports: tasks,
        },
      });
      const facts4notice = await contractFacts(t.manager, contract);
      await this.notifications.notify(
        t.manager,
        incidentReportedNotice(facts4notice, row, tasks, await deciders(t.manager, contract, actor.userId)),
      );
      const [response] = await respondAll(t.manager, actor, [row]);
      return response;
    });
    this.mailer.flushSoon();
    return reported;
  }

  /**
   * The contract's deadlines (事故発生時の報告 第1項・第2項): its own parameters, frozen at approval; for a clause
   * signed with the defaults, the numbers its signed text states; else today's catalogue defaults.
   */
  async deadlines(
    manager: EntityManager,
    contract: Contract,
  ): Promise<{ reportHours: number; writtenReportDays: number }> {
    const row = await manager.findOneBy(ContractClause, {
      contractId: contract.id,
      clauseCode: INCIDENT_CLAUSE,
    });
    const signed = row?.renderedText?.normalize('NFKC') ?? '';
    const pick = (name: typeof HOURS_PARAM | typeof DAYS_PARAM, pattern: RegExp): number => {
      const own = row?.params?.[name];
      if (typeof own === 'number' && Number.isSafeInteger(own) && own > 0) return own;
      const stated = contract.status !== 'DRAFT' ? pattern.exec(signed) : null;
      if (stated) return Number(stated[1]);
      const param = this.clauses.find(INCIDENT_CLAUSE)?.params.find((p) => p.name === name);
      return param?.type === 'integer' ? param.default : FALLBACK[name];
    };
    return {
      reportHours: pick(HOURS_PARAM, /知った時から([0-9]+)時間以内/u),
      writtenReportDays: pick(DAYS_PARAM, /知った時から([0-9]+)日以内/u),
    };
  }
}

/** What a notice needs to know about the contract. */
export async function contractFacts(manager: EntityManager, contract: Contract): Promise<ContractFacts> {
  const company = await manager.findOneBy(Contractor, { id: contract.contractorId });
  return {
    id: contract.id,
    contractNumber: contract.contractNumber,
    title: contract.title,
    contractorName: company?.name ?? '',
    officerUserId: contract.officerUserId,
  };
}

export { INCIDENT_KIND_LABELS };

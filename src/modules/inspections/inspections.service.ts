import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, Not, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { contractorScope } from '../../common/auth/scope';
import { todayInJapan } from '../../common/clock';
import { StaleVersionError } from '../../common/errors/domain-error';
import type { Page } from '../../common/pagination/cursor';
import { mapPage, pageByCreatedAt } from '../../common/pagination/keyset';
import { insertRows } from '../../database/insert';
import { TransactionService } from '../../database/transaction.service';
import { Contractor } from '../contractors/contractor.entity';
import { ContractClause } from '../contracts/contract-clause.entity';
import { Contract } from '../contracts/contract.entity';
import { Subcontract } from '../contracts/subcontract.entity';
import { printedPlace } from '../contracts/work-locations';
import { DocumentRenderer } from '../documents/document-renderer.service';
import { IssuedDocument } from '../documents/issued-document.entity';
import { IssuedDocuments } from '../documents/issued-documents.service';
import type { InspectionResultInput } from '../documents/inspection-result';
import { NotificationMailer } from '../notifications/notification-mailer.service';
import { NotificationsService } from '../notifications/notifications.service';
import { IssuerSettingsService } from '../settings/issuer-settings.service';
import { User } from '../users/user.entity';
import type {
  CancelInspectionRequest,
  ConductInspectionRequest,
  InspectionItemResponse,
  InspectionResponse,
  ListInspectionsQuery,
  PlanInspectionRequest,
  RecordItemsRequest,
  ReportInspectionRequest,
} from './dto/inspection.dto';
import { InspectionItem } from './inspection-item.entity';
import { Inspection } from './inspection.entity';
import { canTake, INSPECTION_TRANSITIONS, type InspectionStep } from './inspection.state';
import { InspectionErrors } from './inspections.errors';
import { ImprovementOrderNonconformity } from './order-nonconformity.entity';
import { INSPECTION_OWNER, recordInspectionResult } from './inspection-result-record';
import { drawItems, findVisibleInspection } from './inspection-access';
import { inspectionReportedNotice } from './inspection-notices';

export { INSPECTION_OWNER, findVisibleInspection };

/** The audit action of each step, written out so every code is found where it is written. */
const AUDIT_ACTIONS: Readonly<Record<InspectionStep, { action: string }>> = {
  plan: { action: 'inspection.plan' },
  record: { action: 'inspection.record' },
  conduct: { action: 'inspection.conduct' },
  report: { action: 'inspection.report' },
  cancel: { action: 'inspection.cancel' },
};

/** 立入検査・書面監査: planning, recording, conducting, reporting (with the 検査結果通知書) and cancelling. */
@Injectable()
export class InspectionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    private readonly documents: IssuedDocuments,
    private readonly renderer: DocumentRenderer,
    private readonly settings: IssuerSettingsService,
    private readonly notifications: NotificationsService,
    private readonly mailer: NotificationMailer,
  ) {}

  async plan(actor: Actor, input: PlanInspectionRequest): Promise<InspectionResponse> {
    const today = todayInJapan();
    if (input.plannedOn < today) throw InspectionErrors.plannedInPast();
    const place = input.place?.trim() ? printedPlace(input.place) : null;
    if (input.kind === 'DOCUMENT' && (place !== null || input.subcontractId))
      throw InspectionErrors.placeForDocument();
    if (input.kind === 'ON_SITE' && place === null) throw InspectionErrors.placeRequired();
    // A name prints on one line of the notice.
    if (input.inspectors.some((i) => !i.name.trim() || /[\r\n]/u.test(i.name)))
      throw InspectionErrors.inspectorNameInvalid();
    if (place !== null && /[\r\n]/u.test(place)) throw InspectionErrors.placeRequired();
    // The place as typed, or as the contract names it when it is one of the contract's work places.
    let storedPlace = place === null ? null : (input.place ?? null);
    return this.tx.run(async (t) => {
      const contract = await t.manager.findOneBy(Contract, { id: input.contractId });
      if (!contract || (contract.status !== 'ACTIVE' && contract.status !== 'ENDED'))
        throw InspectionErrors.contractNotActive();
      if (input.subcontractId) {
        const sub = await t.manager.findOneBy(Subcontract, { id: input.subcontractId });
        if (!sub || sub.contractId !== contract.id || sub.status !== 'APPROVED')
          throw InspectionErrors.subcontractInvalid();
      } else if (place !== null && contract.workLocations.length > 0) {
        // 特記事項 監査及び検査 第1項: the work places (the sub-contractors' included) — those the contract names.
        const named = contract.workLocations.find((p) => printedPlace(p) === place);
        if (named === undefined) throw InspectionErrors.placeNotAllowed(contract.workLocations);
        storedPlace = named;
      }
      const userIds = [...new Set(input.inspectors.flatMap((i) => (i.userId ? [i.userId] : [])))];
      if (userIds.length) {
        const staff = await t.manager.find(User, {
          select: { id: true, role: true },
          where: { id: In(userIds) },
        });
        const known = new Set(staff.filter((u) => u.role !== 'CONTRACTOR').map((u) => u.id));
        const unknown = userIds.filter((id) => !known.has(id));
        if (unknown.length) throw InspectionErrors.inspectorInvalid(unknown);
      }
      const clauses = await t.manager.find(ContractClause, {
        where: { contractId: contract.id, articleNo: Not(IsNull()) },
      });
      const items = drawItems(clauses);
      if (items.length === 0) throw InspectionErrors.noClauses();
      const now = new Date();
      const inspection: Inspection = {
        id: randomUUID(),
        contractId: contract.id,
        contractorId: contract.contractorId,
        kind: input.kind,
        plannedOn: input.plannedOn,
        announced: input.announced,
        inspectors: input.inspectors.map((i) => ({ name: i.name, userId: i.userId ?? null })),
        place: input.kind === 'ON_SITE' ? storedPlace : null,
        subcontractId: input.subcontractId ?? null,
        purpose: input.purpose ?? null,
        status: 'PLANNED',
        conductedOn: null,
        summary: null,
        cancelReason: null,
        plannedBy: actor.userId,
        conductedBy: null,
        conductedAt: null,
        reportedBy: null,
        reportedAt: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await insertRows(t.manager, Inspection, inspection);
      await insertRows(
        t.manager,
        InspectionItem,
        items.map((item, position) => ({ ...item, id: randomUUID(), inspectionId: inspection.id, position })),
      );
      await t.audit({
        actor,
        action: 'inspection.plan',
        entityType: 'inspection',
        entityId: inspection.id,
        summary: { ...input, items: items.length },
      });
      return this.respond(t.manager, inspection);
    });
  }

  async list(actor: Actor, query: ListInspectionsQuery): Promise<Page<InspectionResponse>> {
    const manager = this.dataSource.manager;
    const qb = manager.createQueryBuilder(Inspection, 'i');
    const scope = contractorScope(actor);
    if (scope !== null) qb.andWhere("i.contractorId = :scope AND i.status = 'REPORTED'", { scope });
    if (query.contractId) qb.andWhere('i.contractId = :contractId', { contractId: query.contractId });
    if (query.status) qb.andWhere('i.status = :status', { status: query.status });
    const page = await pageByCreatedAt(qb, query, 'DESC');
    const views = await this.viewsOf(manager, page.rows, false);
    return mapPage(page, views);
  }

  async get(actor: Actor, id: string): Promise<InspectionResponse> {
    const manager = this.dataSource.manager;
    return this.respond(manager, await findVisibleInspection(manager, actor, id));
  }

  /** Records results item by item (only the items named change), while PLANNED or CONDUCTED. */
  recordItems(actor: Actor, id: string, input: RecordItemsRequest): Promise<InspectionResponse> {
    return this.step(actor, id, input.version, 'record', async (t, inspection) => {
      const ids = input.items.map((i) => i.itemId);
      const items = await t.manager.find(InspectionItem, { where: { inspectionId: inspection.id } });
      const known = new Set(items.map((i) => i.id));
      const unknown = ids.filter((i) => !known.has(i));
      if (unknown.length || new Set(ids).size !== ids.length) throw InspectionErrors.itemInvalid(unknown);
      const noteless = input.items.filter((i) => i.result === 'NONCONFORMING' && !i.note?.trim());
      if (noteless.length) throw InspectionErrors.noteRequired(noteless.map((i) => i.itemId));
      for (const item of input.items) {
        await t.manager.update(
          InspectionItem,
          { id: item.itemId, inspectionId: inspection.id },
          {
            result: item.result,
            note: item.note ?? null,
            evidence: item.evidence ?? null,
          },
        );
      }
      return { summary: { items: input.items } };
    });
  }

  conduct(actor: Actor, id: string, input: ConductInspectionRequest): Promise<InspectionResponse> {
    if (input.conductedOn > todayInJapan()) throw InspectionErrors.conductedInFuture();
    return this.step(actor, id, input.version, 'conduct', async (t, inspection) => {
      const checked = await t.manager.count(InspectionItem, {
        where: { inspectionId: inspection.id, result: In(['CONFORMING', 'NONCONFORMING']) },
      });
      if (checked === 0) throw InspectionErrors.nothingChecked();
      return {
        changes: {
          conductedOn: input.conductedOn,
          summary: input.summary ?? null,
          conductedBy: actor.userId,
          conductedAt: new Date(),
        },
        summary: { conductedOn: input.conductedOn, summary: input.summary ?? null },
      };
    });
  }

  /**
   * Reports the result: the 検査結果通知書 is issued (numbered) and the contractor's users are notified, in the
   * same transaction; the e-mails go out after the commit.
   */
  async report(actor: Actor, id: string, input: ReportInspectionRequest): Promise<InspectionResponse> {
    const reportedInspection = await this.step(actor, id, input.version, 'report', async (t, inspection) => {
      const now = new Date();
      const reported = { ...inspection, reportedBy: actor.userId, reportedAt: now };
      const document = await recordInspectionResult(
        this.settings,
        this.documents,
        t.manager,
        reported,
        actor.userId,
        now,
      );
      const [contract, contractor] = await Promise.all([
        t.manager.findOneByOrFail(Contract, { id: inspection.contractId }),
        t.manager.findOneByOrFail(Contractor, { id: inspection.contractorId }),
      ]);
      await this.notifications.notify(
        t.manager,
        await inspectionReportedNotice(
          t.manager,
          reported,
          contract,
          contractor.name,
          document.documentNumber ?? '',
        ),
      );
      return {
        changes: { reportedBy: actor.userId, reportedAt: now },
        summary: { documentNumber: document.documentNumber },
      };
    });
    this.mailer.flushSoon();
    return reportedInspection;
  }

  cancel(actor: Actor, id: string, input: CancelInspectionRequest): Promise<InspectionResponse> {
    const reason = input.reason;
    if (!reason.trim()) throw InspectionErrors.reasonRequired();
    return this.step(actor, id, input.version, 'cancel', () =>
      Promise.resolve({ changes: { cancelReason: reason }, summary: { reason } }),
    );
  }

  /** The 検査結果通知書 as issued: rendered once from its record, then the stored bytes. */
  async resultPdf(actor: Actor, id: string): Promise<{ bytes: Buffer; fileName: string }> {
    const manager = this.dataSource.manager;
    const inspection = await findVisibleInspection(manager, actor, id);
    const record = await this.documents.find(manager, INSPECTION_OWNER, inspection.id, 'INSPECTION_RESULT');
    if (!record) throw InspectionErrors.noResult();
    const { bytes } = await this.documents.pdf<InspectionResultInput>(manager, record, (input) =>
      this.renderer.renderInspectionResult(input),
    );
    const day = inspection.conductedOn ?? inspection.plannedOn;
    return { bytes, fileName: `kensa-kekka-${day}.pdf` };
  }

  private step(
    actor: Actor,
    id: string,
    version: number,
    step: InspectionStep,
    run: (
      t: { manager: EntityManager },
      inspection: Inspection,
    ) => Promise<{ changes?: Partial<Inspection>; summary: Record<string, unknown> }>,
  ): Promise<InspectionResponse> {
    return this.tx.run(async (t) => {
      const inspection = await findVisibleInspection(t.manager, actor, id);
      if (inspection.version !== version)
        throw new StaleVersionError('INSPECTION', { currentVersion: inspection.version });
      const transition = INSPECTION_TRANSITIONS[step];
      if (!canTake(step, inspection.status))
        throw InspectionErrors.wrongState(inspection.status, transition.label);
      const { changes, summary } = await run(t, inspection);
      const next: Partial<Inspection> = {
        ...changes,
        ...(transition.to ? { status: transition.to } : {}),
        version: inspection.version + 1,
        updatedAt: new Date(),
      };
      const result = await t.manager.update(
        Inspection,
        { id, version: inspection.version, status: inspection.status },
        next,
      );
      if (!result.affected) throw new StaleVersionError('INSPECTION');
      await t.audit({
        actor,
        ...AUDIT_ACTIONS[step],
        entityType: 'inspection',
        entityId: id,
        summary: { from: inspection.status, to: next.status ?? inspection.status, ...summary },
      });
      return this.respond(t.manager, { ...inspection, ...next });
    });
  }

  async respond(manager: EntityManager, inspection: Inspection): Promise<InspectionResponse> {
    const view = await this.viewsOf(manager, [inspection], true);
    return view(inspection);
  }

  /** Views of a page: contract, company, sub-contractor, counts, the issued document (and items for one). */
  private async viewsOf(
    manager: EntityManager,
    rows: Inspection[],
    withItems: boolean,
  ): Promise<(i: Inspection) => InspectionResponse> {
    const ids = rows.map((r) => r.id);
    const subIds = [...new Set(rows.flatMap((r) => (r.subcontractId ? [r.subcontractId] : [])))];
    const [contracts, companies, items, documents, subs] = await Promise.all([
      ids.length
        ? manager.find(Contract, {
            select: { id: true, contractNumber: true, title: true },
            where: { id: In([...new Set(rows.map((r) => r.contractId))]) },
          })
        : [],
      ids.length
        ? manager.find(Contractor, {
            select: { id: true, name: true },
            where: { id: In([...new Set(rows.map((r) => r.contractorId))]) },
          })
        : [],
      ids.length
        ? manager.find(InspectionItem, { where: { inspectionId: In(ids) }, order: { position: 'ASC' } })
        : [],
      ids.length
        ? manager.find(IssuedDocument, {
            select: { ownerId: true, documentNumber: true, issuedAt: true, sha256: true },
            where: { ownerType: INSPECTION_OWNER, ownerId: In(ids), kind: 'INSPECTION_RESULT' },
          })
        : [],
      subIds.length ? manager.find(Subcontract, { where: { id: In(subIds) } }) : [],
    ]);
    const subCompanies = subs.some((s) => s.contractorId)
      ? await manager.find(Contractor, {
          select: { id: true, name: true },
          where: { id: In(subs.flatMap((s) => (s.contractorId ? [s.contractorId] : []))) },
        })
      : [];
    const held = withItems ? await this.heldOrders(manager, items) : new Map<string, string>();
    const contractOf = new Map(contracts.map((c) => [c.id, c]));
    const nameOf = new Map([...companies, ...subCompanies].map((c) => [c.id, c.name]));
    const subOf = new Map(subs.map((s) => [s.id, s]));
    const documentOf = new Map(documents.map((d) => [d.ownerId, d]));
    const itemsOf = new Map<string, InspectionItem[]>();
    for (const item of items)
      itemsOf.set(item.inspectionId, [...(itemsOf.get(item.inspectionId) ?? []), item]);
    return (i) => {
      const mine = itemsOf.get(i.id) ?? [];
      const document = documentOf.get(i.id);
      const sub = i.subcontractId ? subOf.get(i.subcontractId) : undefined;
      return {
        id: i.id,
        contractId: i.contractId,
        contractNumber: contractOf.get(i.contractId)?.contractNumber ?? '',
        contractTitle: contractOf.get(i.contractId)?.title ?? '',
        contractorId: i.contractorId,
        contractorName: nameOf.get(i.contractorId) ?? '',
        kind: i.kind,
        plannedOn: i.plannedOn,
        announced: i.announced,
        inspectors: i.inspectors.map((p) => ({ name: p.name, userId: p.userId })),
        place: i.place,
        subcontractId: i.subcontractId,
        subcontractorName: sub?.contractorId ? (nameOf.get(sub.contractorId) ?? null) : null,
        purpose: i.purpose,
        status: i.status,
        conductedOn: i.conductedOn,
        summary: i.summary,
        cancelReason: i.cancelReason,
        counts: {
          conforming: mine.filter((m) => m.result === 'CONFORMING').length,
          nonconforming: mine.filter((m) => m.result === 'NONCONFORMING').length,
          notChecked: mine.filter((m) => m.result === 'NOT_CHECKED').length,
        },
        document: document
          ? {
              documentNumber: document.documentNumber,
              issuedAt: document.issuedAt.toISOString(),
              sha256: document.sha256,
            }
          : null,
        version: i.version,
        createdAt: i.createdAt.toISOString(),
        updatedAt: i.updatedAt.toISOString(),
        ...(withItems ? { items: mine.map((m) => itemView(m, held.get(m.id) ?? null)) } : {}),
      };
    };
  }

  /** The open order holding each nonconformity. */
  private async heldOrders(manager: EntityManager, items: InspectionItem[]): Promise<Map<string, string>> {
    const ids = items.filter((i) => i.result === 'NONCONFORMING').map((i) => i.id);
    if (ids.length === 0) return new Map();
    const links = await manager.find(ImprovementOrderNonconformity, { where: { heldItemId: In(ids) } });
    return new Map(links.map((l) => [l.inspectionItemId, l.orderId]));
  }
}

function itemView(m: InspectionItem, orderId: string | null): InspectionItemResponse {
  return {
    id: m.id,
    clauseCode: m.clauseCode,
    articleNo: m.articleNo,
    clauseTitle: m.clauseTitle,
    basis: m.basis,
    questionCode: m.questionCode,
    question: m.question,
    advisory: m.advisory,
    result: m.result,
    note: m.note,
    evidence: m.evidence,
    orderId,
  };
}

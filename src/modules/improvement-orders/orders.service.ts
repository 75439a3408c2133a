import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, Not, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { contractorScope } from '../../common/auth/scope';
import { todayInJapan } from '../../common/clock';
import { formatWareki } from '../../common/dates/wareki';
import type { Page } from '../../common/pagination/cursor';
import { mapPage, pageByCreatedAt, pageByDate } from '../../common/pagination/keyset';
import { isUniqueViolation } from '../../common/errors/db-errors';
import { insertRows } from '../../database/insert';
import { TransactionService } from '../../database/transaction.service';
import { Contractor } from '../contractors/contractor.entity';
import { ContractClause } from '../contracts/contract-clause.entity';
import { Contract } from '../contracts/contract.entity';
import { EvidenceService } from '../evidence/evidence.service';
import { NotificationMailer } from '../notifications/notification-mailer.service';
import { NotificationsService } from '../notifications/notifications.service';
import type {
  IssueOrderRequest,
  ListOrdersQuery,
  OrderBasisResponse,
  OrderEventResponse,
  OrderResponse,
} from './dto/order.dto';
import { ImprovementOrderEvent } from './improvement-order-event.entity';
import { ImprovementOrderFinding } from './improvement-order-finding.entity';
import { ImprovementOrder } from './improvement-order.entity';
import { findVisibleOrder } from './order-access';
import { isOpen } from './order-lifecycle';
import { orderIssuedNotice } from './order-notifications';
import { nextOrderNumber } from './order-numbering';
import { OrderErrors } from './orders.errors';
import { type OriginView, OrderOrigins, sourceOf } from './order-origin';
import { checkCitedDuty, checkFindings } from './order-basis-checks';
import { IssuedDocument } from '../documents/issued-document.entity';
import { basisOf, findingsOf, type FindingBasis } from './order-findings';

/** Issuing improvement orders (改善指示) and reading them with their findings and timeline. */
@Injectable()
export class OrdersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    private readonly evidence: EvidenceService,
    private readonly notifications: NotificationsService,
    private readonly mailer: NotificationMailer,
    private readonly origins: OrderOrigins,
  ) {}

  /**
   * Issues an order. `record` runs inside the same transaction once the order is written (the 改善指示書 takes
   * its 文書番号 there), so an order and its notice's number commit or roll back together.
   */
  async issue(
    actor: Actor,
    input: IssueOrderRequest,
    record?: (manager: EntityManager, order: ImprovementOrder) => Promise<unknown>,
  ): Promise<OrderResponse> {
    const findingIds = [...new Set(input.findingItemIds ?? [])];
    const { source, sourceId } = sourceOf(input);
    if (source === 'OTHER' && !input.clauseCode) throw OrderErrors.basisRequired();
    // Blank facts count as none; facts given are stored as typed (read back byte-identical, issue 14 item 7).
    const facts = input.facts?.trim() ? input.facts : null;
    // An order of its own (OTHER) states the facts, and how and when they were found (issue 16).
    if (source === 'OTHER' && facts === null) throw OrderErrors.factsRequired();
    // Stored as typed, like the facts; blank counts as none.
    const foundHow = input.foundHow?.trim() ? input.foundHow : null;
    if (source === 'OTHER' && (!input.foundOn || foundHow === null)) throw OrderErrors.foundRequired();
    const clauseParagraphs = [...new Set(input.clauseParagraphs ?? [])].sort((a, b) => a - b);
    if (clauseParagraphs.length > 0 && !input.clauseCode) throw OrderErrors.paragraphsWithoutClause();
    const today = todayInJapan();
    if (input.dueDate < today) throw OrderErrors.dueDateInPast();
    if (input.foundOn && input.foundOn > today) throw OrderErrors.foundInFuture();
    const issued = await this.tx.run(async (t) => {
      const contract = await t.manager.findOneBy(Contract, { id: input.contractId });
      if (!contract) throw OrderErrors.contractNotActive();
      if (contract.status !== 'ACTIVE' && contract.status !== 'ENDED') throw OrderErrors.contractNotActive();
      await checkFindings(t.manager, contract.id, findingIds);
      // INSPECTION and INCIDENT: the owning module checks the reference (OrderOrigins, order-origin.ts).
      const resolved =
        source === 'INSPECTION' || source === 'INCIDENT'
          ? await this.origins.resolverOf(source, sourceId ?? '').resolve(t.manager, contract, input)
          : null;
      if (resolved && !resolved.citesArticles && !input.clauseCode) throw OrderErrors.basisRequired();
      if (input.clauseCode) {
        const cited = await t.manager.findOneBy(ContractClause, {
          contractId: contract.id,
          clauseCode: input.clauseCode,
        });
        if (!cited || cited.articleNo === null) throw OrderErrors.clauseNotInContract(input.clauseCode);
        checkCitedDuty(cited, clauseParagraphs);
      }
      const { orderNumber, fiscalYear } = await nextOrderNumber(t.manager, today);
      const now = new Date();
      const order: ImprovementOrder = {
        id: randomUUID(),
        orderNumber,
        fiscalYear,
        contractId: contract.id,
        contractorId: contract.contractorId,
        clauseCode: input.clauseCode ?? null,
        clauseParagraphs: input.clauseCode && clauseParagraphs.length ? clauseParagraphs : null,
        facts,
        source,
        sourceId: resolved?.sourceId ?? null,
        foundOn: source === 'OTHER' ? (input.foundOn ?? null) : null,
        foundHow: source === 'OTHER' ? foundHow : null,
        title: input.title,
        description: input.description,
        severity: input.severity,
        dueDate: input.dueDate,
        status: 'ISSUED',
        issuedBy: actor.userId,
        issuedAt: now,
        closedAt: null,
        overdueAt: null,
        escalatedAt: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await insertRows(t.manager, ImprovementOrder, order);
      if (findingIds.length) {
        // The unique held key decides a race the check above could not see (a parallel transaction's order).
        await insertRows(
          t.manager,
          ImprovementOrderFinding,
          findingIds.map((assessmentItemId) => ({
            id: randomUUID(),
            orderId: order.id,
            assessmentItemId,
            heldItemId: assessmentItemId,
          })),
        ).catch((error: unknown) => {
          throw isUniqueViolation(error) ? OrderErrors.findingAlreadyOrdered(findingIds) : error;
        });
      }
      if (resolved?.attach) await resolved.attach(t.manager, order);
      await insertRows(t.manager, ImprovementOrderEvent, {
        ...emptyEvent(order.id, 'ISSUED', now),
        actorId: actor.userId,
        actorRole: actor.role,
        body: input.description,
      });
      await t.audit({
        actor,
        action: 'order.issue',
        entityType: 'improvement_order',
        entityId: order.id,
        summary: { orderNumber, ...input, source, findingItemIds: findingIds },
      });
      // The contractor's people hear of it in the app and, when SMTP is set, by e-mail after the commit.
      await this.notifications.notify(t.manager, await orderIssuedNotice(t.manager, order));
      if (record) await record(t.manager, order);
      return this.respond(t.manager, order);
    });
    this.mailer.flushSoon();
    return issued;
  }

  async list(actor: Actor, query: ListOrdersQuery): Promise<Page<OrderResponse>> {
    const manager = this.dataSource.manager;
    const qb = manager.createQueryBuilder(ImprovementOrder, 'o');
    const scope = contractorScope(actor);
    if (scope !== null) qb.andWhere('o.contractorId = :scope', { scope });
    if (query.contractId) qb.andWhere('o.contractId = :contractId', { contractId: query.contractId });
    if (query.contractorId)
      qb.andWhere('o.contractorId = :contractorId', { contractorId: query.contractorId });
    if (query.status) qb.andWhere('o.status = :status', { status: query.status });
    if (query.overdue !== undefined) {
      const cond = "o.status NOT IN ('CLOSED', 'WITHDRAWN') AND o.dueDate < :today";
      qb.andWhere(query.overdue ? `(${cond})` : `NOT (${cond})`, { today: todayInJapan() });
    }
    // The contract and company columns of the list in the same statement as the page.
    qb.leftJoin('o.contract', 'ok')
      .addSelect(['ok.id', 'ok.contractNumber', 'ok.title'])
      .leftJoin('o.contractor', 'oc')
      .addSelect(['oc.id', 'oc.name']);
    const page =
      query.sort === 'due'
        ? await pageByDate(qb, query, 'dueDate', 'DESC')
        : await pageByCreatedAt(qb, query, 'DESC');
    const view = await this.viewsOf(manager, page.rows);
    return mapPage(page, view);
  }

  async get(actor: Actor, id: string): Promise<OrderResponse> {
    const manager = this.dataSource.manager;
    return this.respond(manager, await findVisibleOrder(manager, actor, id));
  }

  /** The order with its findings and timeline, as every single-order answer shows it. */
  async respond(manager: EntityManager, order: ImprovementOrder): Promise<OrderResponse> {
    const findings = await findingsOf(manager, [order.id]);
    const origins = await this.origins.describe(manager, [order]);
    const [view, events, notice] = await Promise.all([
      this.viewsOf(manager, [order], findings, origins),
      manager.find(ImprovementOrderEvent, {
        where: { orderId: order.id },
        order: { createdAt: 'ASC', id: 'ASC' },
      }),
      manager.findOne(IssuedDocument, {
        select: { documentNumber: true, issuedAt: true, sha256: true },
        where: { ownerType: 'improvement_order', ownerId: order.id, kind: 'IMPROVEMENT_NOTICE' },
      }),
    ]);
    const evidence = await this.evidence.listForOrder(manager, order.id);
    const byId = new Map(evidence.map((e) => [e.id, e]));
    return {
      ...view(order),
      notice: notice
        ? {
            documentNumber: notice.documentNumber,
            issuedAt: notice.issuedAt.toISOString(),
            sha256: notice.sha256,
          }
        : null,
      findings: findings.get(order.id) ?? [],
      sourceItems: origins.get(order.id)?.items ?? [],
      events: events.map((e): OrderEventResponse => ({
        id: e.id,
        type: e.type,
        actorId: e.actorId,
        actorRole: e.actorRole,
        body: e.body,
        rootCause: e.rootCause,
        correctiveAction: e.correctiveAction,
        preventiveAction: e.preventiveAction,
        plannedCompletionDate: e.plannedCompletionDate,
        effectivenessNote: e.effectivenessNote,
        evidence: (e.evidenceIds ?? []).flatMap((evidenceId) => {
          const file = byId.get(evidenceId);
          return file
            ? [{ id: file.id, fileName: file.fileName, mediaType: file.mediaType, size: file.size }]
            : [];
        }),
        createdAt: e.createdAt.toISOString(),
      })),
    };
  }

  /**
   * List views for a page of orders: contract and company (unless joined into the page already), the articles
   * of their findings, and the clauses free-standing orders cite — at most four queries whatever the page size.
   */
  private async viewsOf(
    manager: EntityManager,
    orders: ImprovementOrder[],
    knownFindings?: Map<string, FindingBasis[]>,
    knownOrigins?: Map<string, OriginView>,
  ): Promise<(o: ImprovementOrder) => OrderResponse> {
    const ids = orders.map((o) => o.id);
    const contractIds = [...new Set(orders.map((o) => o.contractId))];
    const citedCodes = [...new Set(orders.flatMap((o) => (o.clauseCode ? [o.clauseCode] : [])))];
    const joined = orders.every((o) => o.contract && o.contractor);
    const [contracts, companies, findings, cited, origins] = await Promise.all([
      joined
        ? orders.map((o) => o.contract as Contract)
        : contractIds.length
          ? manager.find(Contract, {
              select: { id: true, contractNumber: true, title: true },
              where: { id: In(contractIds) },
            })
          : [],
      joined
        ? orders.map((o) => o.contractor as Contractor)
        : ids.length
          ? manager.find(Contractor, {
              select: { id: true, name: true },
              where: { id: In([...new Set(orders.map((o) => o.contractorId))]) },
            })
          : [],
      knownFindings ?? basisOf(manager, ids),
      // Only the clauses that free-standing orders cite (not every clause of every contract on the page).
      citedCodes.length
        ? manager.find(ContractClause, {
            select: { contractId: true, clauseCode: true, articleNo: true, title: true },
            where: { contractId: In(contractIds), clauseCode: In(citedCodes), articleNo: Not(IsNull()) },
          })
        : [],
      knownOrigins ?? this.origins.describe(manager, orders),
    ]);
    const contractOf = new Map(contracts.map((c) => [c.id, c]));
    const nameOf = new Map(companies.map((c) => [c.id, c.name]));
    const clauseOf = new Map(cited.map((c) => [`${c.contractId}|${c.clauseCode}`, c]));
    const today = todayInJapan();
    return (o) => {
      const basis = new Map<string, OrderBasisResponse>();
      for (const f of findings.get(o.id) ?? []) {
        const known = basis.get(f.clauseCode);
        const paragraphs = [...(known?.paragraphs ?? []), ...(f.basis ? [f.basis] : [])];
        basis.set(f.clauseCode, {
          clauseCode: f.clauseCode,
          articleNo: f.articleNo,
          title: f.clauseTitle,
          paragraphs: [...new Set(paragraphs)].sort((a, b) => a - b),
        });
      }
      // The articles an inspection's nonconformities name, as the findings' do.
      const origin = origins.get(o.id);
      for (const b of origin?.basis ?? []) {
        const known = basis.get(b.clauseCode);
        basis.set(b.clauseCode, {
          ...b,
          paragraphs: [...new Set([...(known?.paragraphs ?? []), ...b.paragraphs])].sort((x, y) => x - y),
        });
      }
      const citedClause = o.clauseCode ? clauseOf.get(`${o.contractId}|${o.clauseCode}`) : undefined;
      if (citedClause?.articleNo) {
        basis.set(citedClause.clauseCode, {
          clauseCode: citedClause.clauseCode,
          articleNo: citedClause.articleNo,
          title: citedClause.title ?? '',
          paragraphs: [
            ...new Set([
              ...(basis.get(citedClause.clauseCode)?.paragraphs ?? []),
              ...(o.clauseParagraphs ?? []),
            ]),
          ].sort((a, b) => a - b),
        });
      }
      return {
        id: o.id,
        orderNumber: o.orderNumber,
        fiscalYear: o.fiscalYear,
        contractId: o.contractId,
        contractNumber: contractOf.get(o.contractId)?.contractNumber ?? '',
        contractTitle: contractOf.get(o.contractId)?.title ?? '',
        contractorId: o.contractorId,
        contractorName: nameOf.get(o.contractorId) ?? '',
        clauseCode: o.clauseCode,
        facts: o.facts,
        source: o.source,
        sourceId: o.sourceId,
        foundOn: o.foundOn,
        foundHow: o.foundHow,
        factsHow: origin?.factsHow ?? otherFactsHow(o),
        title: o.title,
        description: o.description,
        severity: o.severity,
        dueDate: o.dueDate,
        status: o.status,
        overdue: isOpen(o.status) && o.dueDate < today,
        escalated: o.escalatedAt !== null,
        issuedBy: o.issuedBy,
        issuedAt: o.issuedAt.toISOString(),
        closedAt: o.closedAt?.toISOString() ?? null,
        version: o.version,
        createdAt: o.createdAt.toISOString(),
        updatedAt: o.updatedAt.toISOString(),
        basis: [...basis.values()].sort((a, b) => a.articleNo - b.articleNo),
      };
    };
  }
}

/**
 * How the administrator found the facts of an order of its own (OTHER), as the notice states it (in the words
 * every source uses: 「次の事実を認めた」):
 * 「令和8年7月1日に、乙からの電話による報告により、次の事実を認めた。」. Empty for an order issued before
 * orders stated it (its facts say how in the administrator's words) and for ASSESSMENT.
 */
export function otherFactsHow(o: Pick<ImprovementOrder, 'source' | 'foundOn' | 'foundHow'>): string[] {
  if (o.source !== 'OTHER' || !o.foundOn || !o.foundHow) return [];
  const how = o.foundHow
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/[、。\s]+$/u, '')
    .replace(/(により|によって|で)$/u, '');
  return [`${formatWareki(o.foundOn)}に、${how}により、次の事実を認めた。`];
}

/** A timeline row with every optional field empty. */
export function emptyEvent(
  orderId: string,
  type: ImprovementOrderEvent['type'],
  at: Date,
): ImprovementOrderEvent {
  return {
    id: randomUUID(),
    orderId,
    type,
    actorId: null,
    actorRole: null,
    body: null,
    rootCause: null,
    correctiveAction: null,
    preventiveAction: null,
    plannedCompletionDate: null,
    effectivenessNote: null,
    evidenceIds: null,
    createdAt: at,
  };
}

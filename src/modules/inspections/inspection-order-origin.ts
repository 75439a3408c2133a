import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { isUniqueViolation } from '../../common/errors/db-errors';
import { formatWareki } from '../../common/dates/wareki';
import { insertRows } from '../../database/insert';
import type { Contract } from '../contracts/contract.entity';
import { INSPECTION_KIND_WORDS } from '../documents/inspection-result.pdf';
import type { IssueOrderRequest } from '../improvement-orders/dto/order.dto';
import type { ImprovementOrder } from '../improvement-orders/improvement-order.entity';
import {
  type OrderOriginResolver,
  OrderOrigins,
  type OriginBasis,
  type OriginView,
  type ResolvedOrigin,
} from '../improvement-orders/order-origin';
import { OrderErrors } from '../improvement-orders/orders.errors';
import { InspectionItem } from './inspection-item.entity';
import { Inspection } from './inspection.entity';
import { ImprovementOrderNonconformity } from './order-nonconformity.entity';

/**
 * An improvement order whose source is an inspection: it cites nonconformities of a REPORTED inspection of its
 * contract (never a recommendation), each held by one open order at a time (the unique held key decides a race).
 * The notice states 「令和8年7月1日に実施した立入検査において、次の事実を認めた。」 and lists them.
 */
@Injectable()
export class InspectionOrderOrigin implements OrderOriginResolver, OnModuleInit {
  readonly source = 'INSPECTION' as const;

  constructor(private readonly origins: OrderOrigins) {}

  onModuleInit(): void {
    this.origins.register(this);
  }

  async resolve(
    manager: EntityManager,
    contract: Contract,
    input: IssueOrderRequest,
  ): Promise<ResolvedOrigin> {
    const inspectionId = input.inspectionId ?? '';
    const inspection = await manager.findOneBy(Inspection, { id: inspectionId });
    if (!inspection || inspection.contractId !== contract.id || inspection.status !== 'REPORTED')
      throw OrderErrors.sourceInvalid('INSPECTION', inspectionId);
    const items = await manager.find(InspectionItem, { where: { inspectionId } });
    // Named: exactly those. Not named: every nonconformity with a duty that no open order holds yet.
    const held = async (ids: string[]) =>
      ids.length
        ? (await manager.find(ImprovementOrderNonconformity, { where: { heldItemId: In(ids) } })).map(
            (l) => l.inspectionItemId,
          )
        : [];
    const open = items.filter((i) => i.result === 'NONCONFORMING' && !i.advisory).map((i) => i.id);
    const heldNow = input.nonconformityItemIds?.length ? [] : await held(open);
    const wanted = input.nonconformityItemIds?.length
      ? [...new Set(input.nonconformityItemIds)]
      : open.filter((id) => !heldNow.includes(id));
    const byId = new Map(items.map((i) => [i.id, i]));
    const invalid = wanted.filter((id) => byId.get(id)?.result !== 'NONCONFORMING');
    if (wanted.length === 0 || invalid.length) throw OrderErrors.nonconformityInvalid(invalid);
    const advisory = wanted.filter((id) => byId.get(id)?.advisory);
    if (advisory.length) throw OrderErrors.findingAdvisory(advisory);
    const taken = await held(wanted);
    if (taken.length) throw OrderErrors.nonconformityAlreadyOrdered(taken);
    return {
      sourceId: inspection.id,
      citesArticles: true,
      attach: async (m: EntityManager, order: ImprovementOrder) => {
        await insertRows(
          m,
          ImprovementOrderNonconformity,
          wanted.map((itemId) => ({
            id: randomUUID(),
            orderId: order.id,
            inspectionItemId: itemId,
            heldItemId: itemId,
          })),
        ).catch((error: unknown) => {
          throw isUniqueViolation(error) ? OrderErrors.nonconformityAlreadyOrdered(wanted) : error;
        });
      },
    };
  }

  async describe(manager: EntityManager, orders: ImprovementOrder[]): Promise<Map<string, OriginView>> {
    const result = new Map<string, OriginView>();
    const links = await manager.find(ImprovementOrderNonconformity, {
      where: { orderId: In(orders.map((o) => o.id)) },
    });
    const inspectionIds = [...new Set(orders.flatMap((o) => (o.sourceId ? [o.sourceId] : [])))];
    const [items, inspections] = await Promise.all([
      links.length
        ? manager.find(InspectionItem, { where: { id: In(links.map((l) => l.inspectionItemId)) } })
        : [],
      inspectionIds.length ? manager.find(Inspection, { where: { id: In(inspectionIds) } }) : [],
    ]);
    const itemOf = new Map(items.map((i) => [i.id, i]));
    const inspectionOf = new Map(inspections.map((i) => [i.id, i]));
    for (const order of orders) {
      const inspection = order.sourceId ? inspectionOf.get(order.sourceId) : undefined;
      const cited = links
        .filter((l) => l.orderId === order.id)
        .flatMap((l) => {
          const item = itemOf.get(l.inspectionItemId);
          return item ? [item] : [];
        })
        .sort((a, b) => a.position - b.position);
      const basis = new Map<string, OriginBasis>();
      for (const item of cited) {
        const known = basis.get(item.clauseCode);
        basis.set(item.clauseCode, {
          clauseCode: item.clauseCode,
          articleNo: item.articleNo,
          title: item.clauseTitle,
          paragraphs: [...new Set([...(known?.paragraphs ?? []), ...(item.basis ? [item.basis] : [])])].sort(
            (a, b) => a - b,
          ),
        });
      }
      const day = inspection?.conductedOn ?? inspection?.plannedOn;
      result.set(order.id, {
        factsHow:
          inspection && day
            ? [
                `${formatWareki(day)}に実施した${INSPECTION_KIND_WORDS[inspection.kind]}において、次の事実を認めた。`,
              ]
            : [],
        basis: [...basis.values()],
        items: cited.map((item) => ({
          itemId: item.id,
          clauseCode: item.clauseCode,
          articleNo: item.articleNo,
          basis: item.basis,
          clauseTitle: item.clauseTitle,
          question: item.question,
          note: item.note,
        })),
      });
    }
    return result;
  }

  async release(manager: EntityManager, order: ImprovementOrder): Promise<void> {
    await manager.update(ImprovementOrderNonconformity, { orderId: order.id }, { heldItemId: null });
  }
}

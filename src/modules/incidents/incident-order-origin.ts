import { Injectable, type OnModuleInit } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { todayInJapan } from '../../common/clock';
import { formatWareki } from '../../common/dates/wareki';
import type { Contract } from '../contracts/contract.entity';
import type { IssueOrderRequest } from '../improvement-orders/dto/order.dto';
import type { ImprovementOrder } from '../improvement-orders/improvement-order.entity';
import {
  type OrderOriginResolver,
  OrderOrigins,
  type OriginView,
  type ResolvedOrigin,
} from '../improvement-orders/order-origin';
import { OrderErrors } from '../improvement-orders/orders.errors';
import { INCIDENT_KIND_LABELS } from './incident-notices';
import { Incident } from './incident.entity';

/** 「令和8年12月5日に乙から報告を受けた事故（誤送信・誤送付）に関し、次の事実を認めた。」 */
export function incidentFactsHow(incident: Pick<Incident, 'reportedAt' | 'kind'>): string {
  return `${formatWareki(todayInJapan(incident.reportedAt))}に乙から報告を受けた事故（${INCIDENT_KIND_LABELS[incident.kind]}）に関し、次の事実を認めた。`;
}

/**
 * An improvement order whose source is an incident of its contract: the order names the clause breached itself
 * (an incident has no items that cite articles), and its notice states when the body was told of the incident
 * before the facts the order rests on.
 */
@Injectable()
export class IncidentOrderOrigin implements OrderOriginResolver, OnModuleInit {
  readonly source = 'INCIDENT' as const;

  constructor(private readonly origins: OrderOrigins) {}

  onModuleInit(): void {
    this.origins.register(this);
  }

  async resolve(
    manager: EntityManager,
    contract: Contract,
    input: IssueOrderRequest,
  ): Promise<ResolvedOrigin> {
    const incidentId = input.incidentId ?? '';
    const incident = await manager.findOneBy(Incident, { id: incidentId });
    if (!incident || incident.contractId !== contract.id)
      throw OrderErrors.sourceInvalid('INCIDENT', incidentId);
    return { sourceId: incident.id, citesArticles: false };
  }

  async describe(manager: EntityManager, orders: ImprovementOrder[]): Promise<Map<string, OriginView>> {
    const ids = [...new Set(orders.flatMap((o) => (o.sourceId ? [o.sourceId] : [])))];
    const incidents = ids.length ? await manager.find(Incident, { where: { id: In(ids) } }) : [];
    const byId = new Map(incidents.map((i) => [i.id, i]));
    const result = new Map<string, OriginView>();
    for (const order of orders) {
      const incident = order.sourceId ? byId.get(order.sourceId) : undefined;
      result.set(order.id, { factsHow: incident ? [incidentFactsHow(incident)] : [], basis: [], items: [] });
    }
    return result;
  }
}

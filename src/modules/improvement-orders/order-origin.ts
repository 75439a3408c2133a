import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Contract } from '../contracts/contract.entity';
import type { IssueOrderRequest } from './dto/order.dto';
import type { ImprovementOrder } from './improvement-order.entity';
import { OrderErrors } from './orders.errors';

/** Where the facts an order rests on were found (DESIGN.md, "During the contract"). */
export const ORDER_SOURCES = ['ASSESSMENT', 'INSPECTION', 'INCIDENT', 'OTHER'] as const;
export type OrderSource = (typeof ORDER_SOURCES)[number];

/** The sources another module resolves: the order module knows them only through this interface. */
export type ResolvedSource = Extract<OrderSource, 'INSPECTION' | 'INCIDENT'>;

/** An article a source's items fall under, with the paragraphs (第n項) they name. */
export interface OriginBasis {
  clauseCode: string;
  articleNo: number;
  title: string;
  paragraphs: number[];
}

/** One item of the source the order cites (an inspection's nonconformity): what the notice lists under the facts. */
export interface OriginItem {
  itemId: string;
  clauseCode: string;
  articleNo: number;
  /** The paragraph (第n項) the item checks; null when it named none. */
  basis: number | null;
  clauseTitle: string;
  question: string;
  /** What was found, in the words of the one who found it. */
  note: string | null;
}

/** What an order of a resolved source shows, read from the source's own tables. */
export interface OriginView {
  /**
   * How and when the facts were found, one paragraph each, as the notice states them before the facts
   * (e.g. 「令和8年7月1日に実施した立入検査において、次の事実を認めた。」).
   */
  factsHow: string[];
  /** The articles the source's items cite; joined to the order's basis. */
  basis: OriginBasis[];
  /** The items the order cites (empty for a source without items, e.g. an incident). */
  items: OriginItem[];
}

/** What the resolver checked in the issuing transaction, before the order is written. */
export interface ResolvedOrigin {
  sourceId: string;
  /** Whether the order needs no clauseCode: the source's items name the articles themselves. */
  citesArticles: boolean;
  /** Written after the order row in the same transaction (e.g. the links that hold the items). */
  attach?: (manager: EntityManager, order: ImprovementOrder) => Promise<void>;
}

/**
 * The extension point for the sources another module owns. `resolve` refuses a reference that is not of the
 * contract or not in a state to be cited, with a stable 4xx (OrderErrors.sourceInvalid or the module's own);
 * `describe` reads what the answer and the notice show for a page of orders in a fixed number of queries;
 * `release` frees what a withdrawn order held.
 */
export interface OrderOriginResolver {
  readonly source: ResolvedSource;
  resolve(manager: EntityManager, contract: Contract, input: IssueOrderRequest): Promise<ResolvedOrigin>;
  describe(manager: EntityManager, orders: ImprovementOrder[]): Promise<Map<string, OriginView>>;
  release?(manager: EntityManager, order: ImprovementOrder): Promise<void>;
}

/**
 * The resolvers registered by the modules that own a source (inspections, incidents). A module registers its
 * resolver in `onModuleInit`; until one has, an order of that source is refused with ORDER.SOURCE_INVALID (422).
 */
@Injectable()
export class OrderOrigins {
  private readonly resolvers = new Map<ResolvedSource, OrderOriginResolver>();

  register(resolver: OrderOriginResolver): void {
    this.resolvers.set(resolver.source, resolver);
  }

  /** The resolver of a source; refuses the order (422) while none is registered. */
  resolverOf(source: ResolvedSource, sourceId: string): OrderOriginResolver {
    const resolver = this.resolvers.get(source);
    if (!resolver) throw OrderErrors.sourceInvalid(source, sourceId);
    return resolver;
  }

  /** The views of the orders whose source has a resolver (none for ASSESSMENT and OTHER). */
  async describe(manager: EntityManager, orders: ImprovementOrder[]): Promise<Map<string, OriginView>> {
    const result = new Map<string, OriginView>();
    for (const [source, resolver] of this.resolvers) {
      const mine = orders.filter((o) => o.source === source);
      if (mine.length === 0) continue;
      for (const [id, view] of await resolver.describe(manager, mine)) result.set(id, view);
    }
    return result;
  }

  async release(manager: EntityManager, order: ImprovementOrder): Promise<void> {
    if (order.source !== 'INSPECTION' && order.source !== 'INCIDENT') return;
    await this.resolvers.get(order.source)?.release?.(manager, order);
  }
}

/** The source a request names: exactly one of findings, an inspection or an incident, or none (OTHER). */
export function sourceOf(input: IssueOrderRequest): { source: OrderSource; sourceId: string | null } {
  const named: { source: OrderSource; sourceId: string | null }[] = [
    ...((input.findingItemIds?.length ?? 0) > 0 ? [{ source: 'ASSESSMENT' as const, sourceId: null }] : []),
    ...(input.inspectionId ? [{ source: 'INSPECTION' as const, sourceId: input.inspectionId }] : []),
    ...(input.incidentId ? [{ source: 'INCIDENT' as const, sourceId: input.incidentId }] : []),
  ];
  if (named.length > 1) throw OrderErrors.sourceAmbiguous(named.map((n) => n.source));
  if (!input.inspectionId && (input.nonconformityItemIds?.length ?? 0) > 0)
    throw OrderErrors.nonconformitiesWithoutInspection();
  return named[0] ?? { source: 'OTHER', sourceId: null };
}

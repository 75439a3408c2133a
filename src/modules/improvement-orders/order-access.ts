import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { canSeeContractor } from '../../common/auth/scope';
import { ImprovementOrder } from './improvement-order.entity';
import { OrderErrors } from './orders.errors';

/** The order, if the caller may see it; another company's answers 404 exactly like a missing one. */
export async function findVisibleOrder(
  manager: EntityManager,
  actor: Actor,
  id: string,
): Promise<ImprovementOrder> {
  const order = await manager.findOneBy(ImprovementOrder, { id });
  if (!order || !canSeeContractor(actor, order.contractorId)) throw OrderErrors.notFound();
  return order;
}

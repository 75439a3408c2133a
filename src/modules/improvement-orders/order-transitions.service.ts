import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { StaleVersionError } from '../../common/errors/domain-error';
import { insertRows } from '../../database/insert';
import { TransactionService, type Tx } from '../../database/transaction.service';
import { closeOrderFindings } from '../assessments/open-findings';
import { ImprovementOrderFinding } from './improvement-order-finding.entity';
import { Evidence } from '../evidence/evidence.entity';
import type {
  CompletionRequest,
  OrderResponse,
  PlanDecisionRequest,
  PlanRequest,
  VerificationRequest,
  WithdrawalRequest,
} from './dto/order.dto';
import { ImprovementOrderEvent } from './improvement-order-event.entity';
import { ImprovementOrder } from './improvement-order.entity';
import { findVisibleOrder } from './order-access';
import { checkTransition, ORDER_TRANSITIONS, type OrderAction } from './order-lifecycle';
import { OrderErrors } from './orders.errors';
import { OrderOrigins } from './order-origin';
import { emptyEvent, OrdersService } from './orders.service';

type EventFields = Partial<
  Pick<
    ImprovementOrderEvent,
    | 'body'
    | 'rootCause'
    | 'correctiveAction'
    | 'preventiveAction'
    | 'plannedCompletionDate'
    | 'effectivenessNote'
    | 'evidenceIds'
  >
>;

/**
 * Every step of an order goes through `step`: the transition table decides (wrong role 403, wrong state 409),
 * the version read must be current (409), and the state change, its timeline event and its audit row commit
 * together.
 */
@Injectable()
export class OrderTransitionsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly orders: OrdersService,
    private readonly origins: OrderOrigins,
  ) {}

  /**
   * The plan's completion date may not fall after the order's deadline (改善期限): a plan that misses the deadline
   * is refused with 422 ORDER.PLAN_AFTER_DUE, checked on the order as read in the step's transaction.
   */
  submitPlan(actor: Actor, id: string, input: PlanRequest): Promise<OrderResponse> {
    return this.step(actor, id, input.version, 'submitPlan', (_t, order) => {
      if (input.plannedCompletionDate > order.dueDate) {
        throw OrderErrors.planAfterDue(input.plannedCompletionDate, order.dueDate);
      }
      return Promise.resolve({
        rootCause: input.rootCause,
        correctiveAction: input.correctiveAction,
        preventiveAction: input.preventiveAction,
        plannedCompletionDate: input.plannedCompletionDate,
      });
    });
  }

  decidePlan(actor: Actor, id: string, input: PlanDecisionRequest): Promise<OrderResponse> {
    if (!input.accepted && !input.note?.trim()) throw OrderErrors.noteRequired();
    return this.step(actor, id, input.version, input.accepted ? 'acceptPlan' : 'rejectPlan', () =>
      Promise.resolve({ body: input.note ?? null }),
    );
  }

  reportCompletion(actor: Actor, id: string, input: CompletionRequest): Promise<OrderResponse> {
    const evidenceIds = [...new Set(input.evidenceIds ?? [])];
    return this.step(actor, id, input.version, 'reportCompletion', async (t, order) => {
      if (evidenceIds.length) {
        const files = await t.manager.find(Evidence, {
          select: { id: true },
          where: { id: In(evidenceIds), ownerType: 'IMPROVEMENT_ORDER', ownerId: order.id },
        });
        const found = new Set(files.map((f) => f.id));
        const foreign = evidenceIds.filter((e) => !found.has(e));
        if (foreign.length) throw OrderErrors.evidenceInvalid(foreign);
      }
      return { body: input.report, evidenceIds };
    });
  }

  verify(actor: Actor, id: string, input: VerificationRequest): Promise<OrderResponse> {
    if (!input.accepted && !input.effectivenessNote?.trim()) throw OrderErrors.noteRequired();
    return this.step(actor, id, input.version, input.accepted ? 'verifyAccepted' : 'verifyNotAccepted', () =>
      Promise.resolve({ effectivenessNote: input.effectivenessNote ?? null }),
    );
  }

  withdraw(actor: Actor, id: string, input: WithdrawalRequest): Promise<OrderResponse> {
    return this.step(actor, id, input.version, 'withdraw', () => Promise.resolve({ body: input.reason }));
  }

  private step(
    actor: Actor,
    id: string,
    version: number,
    action: OrderAction,
    fields: (t: Tx, order: ImprovementOrder) => Promise<EventFields>,
  ): Promise<OrderResponse> {
    return this.tx.run(async (t) => {
      const order = await findVisibleOrder(t.manager, actor, id);
      const check = checkTransition(action, order.status, actor.role);
      if (!check.ok && check.reason === 'role') throw OrderErrors.wrongRole();
      if (order.version !== version) throw new StaleVersionError('ORDER', { currentVersion: order.version });
      if (!check.ok) throw OrderErrors.wrongState(order.status, ORDER_TRANSITIONS[action].label);
      const { transition } = check;
      const event = await fields(t, order);
      const now = new Date();
      const changes: Partial<ImprovementOrder> = {
        status: transition.to,
        version: order.version + 1,
        updatedAt: now,
        ...(transition.to === 'CLOSED' || transition.to === 'WITHDRAWN' ? { closedAt: now } : {}),
      };
      const result = await t.manager.update(
        ImprovementOrder,
        { id, version: order.version, status: order.status },
        changes,
      );
      if (!result.affected) throw new StaleVersionError('ORDER');
      // Verified and CLOSED: the findings it cites are closed with it (a WITHDRAWN order leaves them open).
      if (transition.to === 'CLOSED') await closeOrderFindings(t.manager, id);
      // Withdrawn: its findings are free for another order.
      if (transition.to === 'WITHDRAWN') {
        await t.manager.update(ImprovementOrderFinding, { orderId: id }, { heldItemId: null });
        await this.origins.release(t.manager, order);
      }
      await insertRows(t.manager, ImprovementOrderEvent, {
        ...emptyEvent(id, transition.event, now),
        actorId: actor.userId,
        actorRole: actor.role,
        ...event,
      });
      await t.audit({
        actor,
        action: `order.${action}`,
        entityType: 'improvement_order',
        entityId: id,
        summary: { from: order.status, to: transition.to, ...event },
      });
      return this.orders.respond(t.manager, { ...order, ...changes });
    });
  }
}

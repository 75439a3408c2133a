import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { DataSource, In, IsNull, LessThan } from 'typeorm';
import type { RequestOrigin } from '../../common/auth/actor';
import { addDays, todayInJapan } from '../../common/clock';
import { formatWareki } from '../../common/dates/wareki';
import { InjectConfig } from '../../config/config.module';
import type { AppConfig } from '../../config/env';
import { insertRows } from '../../database/insert';
import { LeaseService } from '../../database/lease.service';
import { TransactionService } from '../../database/transaction.service';
import { ImprovementOrderEvent } from './improvement-order-event.entity';
import { ImprovementOrder } from './improvement-order.entity';
import { NotificationMailer } from '../notifications/notification-mailer.service';
import { NotificationsService } from '../notifications/notifications.service';
import { orderOverdueNotice } from './order-notifications';
import { emptyEvent } from './orders.service';

const OPEN_STATUSES = ['ISSUED', 'PLAN_SUBMITTED', 'IN_PROGRESS', 'COMPLETION_REPORTED'] as const;

type Origin = RequestOrigin & { userId?: string | null; role?: string | null };

/**
 * Overdue is derived from the due date; this daily job only records it once per order (one OVERDUE event,
 * one notice) and flags orders overdue by more than ORDER_ESCALATION_DAYS for measures under the contract
 * (DOMAIN.md, 確認・措置: reminder, then termination, damages, 指名停止 referral). Each mark is a conditional
 * UPDATE on a null column, so a second run or a second instance records nothing twice.
 */
@Injectable()
export class OrderOverdueService {
  private readonly logger = new Logger('OrderOverdue');

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    @InjectConfig() private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
    private readonly mailer: NotificationMailer,
    private readonly leases: LeaseService,
  ) {}

  @Cron('0 40 1 * * *', { name: 'order-overdue', timeZone: 'Asia/Tokyo' })
  async daily(): Promise<void> {
    if (!this.config.jobsEnabled) return;
    try {
      const today = todayInJapan();
      await this.leases.daily('order-overdue', today, () =>
        this.check(today, { requestId: 'job:order-overdue', ip: null }),
      );
    } catch (error) {
      this.logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'overdue check failed',
      );
    }
  }

  async check(today: string, origin: Origin): Promise<{ overdue: number; escalated: number }> {
    const escalateBefore = addDays(today, -this.config.orderEscalationDays);
    const [late, veryLate] = await Promise.all([
      this.dataSource.manager.find(ImprovementOrder, {
        where: { status: In([...OPEN_STATUSES]), dueDate: LessThan(today), overdueAt: IsNull() },
      }),
      this.dataSource.manager.find(ImprovementOrder, {
        where: { status: In([...OPEN_STATUSES]), dueDate: LessThan(escalateBefore), escalatedAt: IsNull() },
      }),
    ]);
    let overdue = 0;
    let escalated = 0;
    for (const order of late) if (await this.mark(order, 'overdueAt', 'OVERDUE', today, origin)) overdue++;
    for (const order of veryLate)
      if (await this.mark(order, 'escalatedAt', 'ESCALATED', today, origin)) escalated++;
    if (overdue + escalated > 0) this.mailer.flushSoon();
    return { overdue, escalated };
  }

  private mark(
    order: ImprovementOrder,
    column: 'overdueAt' | 'escalatedAt',
    type: 'OVERDUE' | 'ESCALATED',
    today: string,
    origin: Origin,
  ): Promise<boolean> {
    return this.tx.run(async (t) => {
      const now = new Date();
      const result = await t.manager.update(
        ImprovementOrder,
        { id: order.id, [column]: IsNull() },
        { [column]: now },
      );
      if (!result.affected) return false;
      const days = daysBetween(order.dueDate, today);
      const body =
        type === 'OVERDUE'
          ? `改善期限（${formatWareki(order.dueDate)}）を経過しました。`
          : `改善期限を${days}日経過しています。契約に基づく措置（契約の解除、損害賠償の請求、指名停止の検討等）を検討してください。`;
      await insertRows(t.manager, ImprovementOrderEvent, { ...emptyEvent(order.id, type, now), body });
      await this.notifications.notify(
        t.manager,
        await orderOverdueNotice(t.manager, order, type === 'ESCALATED'),
      );
      await t.audit({
        actor: origin,
        action: type === 'OVERDUE' ? 'order.overdue' : 'order.escalate',
        entityType: 'improvement_order',
        entityId: order.id,
        summary: { orderNumber: order.orderNumber, dueDate: order.dueDate, today, daysOverdue: days },
      });
      return true;
    });
  }
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

import { Injectable, type OnModuleInit } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { formatWareki } from '../../common/dates/wareki';
import type { PlannedNotification } from '../notifications/notification.types';
import { contractorUsersByCompany, findActiveUsers } from '../notifications/recipients';
import { ReminderRegistry } from '../notifications/reminder-registry';
import { subjectOf } from '../notifications/reminder-messages';
import { daysUntil, reminderStep } from '../notifications/reminder-schedule';
import { ImprovementOrder } from './improvement-order.entity';

const OPEN = ['ISSUED', 'PLAN_SUBMITTED', 'IN_PROGRESS', 'COMPLETION_REPORTED'] as const;

/** Who hears about an order: the contractor's people, and for escalation the administrators. */
export async function orderIssuedNotice(
  manager: EntityManager,
  order: ImprovementOrder,
): Promise<PlannedNotification> {
  const users = (await contractorUsersByCompany(manager, [order.contractorId])).get(order.contractorId) ?? [];
  return {
    userIds: users,
    kind: 'order-issued',
    subject: subjectOf(`改善指示が発出されました（${order.orderNumber}）`),
    body:
      `改善指示「${order.title}」（${order.orderNumber}）が発出されました。\n` +
      `改善期限は${formatWareki(order.dueDate)}です。改善指示書を確認のうえ、改善計画書を提出してください。`,
    link: `/orders/${order.id}`,
    dedupeKey: `order-issued:${order.id}`,
  };
}

export async function orderOverdueNotice(
  manager: EntityManager,
  order: ImprovementOrder,
  escalated: boolean,
): Promise<PlannedNotification> {
  if (escalated) {
    const admins = await findActiveUsers(manager, { roles: ['ADMIN'] });
    return {
      userIds: admins.map((a) => a.id),
      kind: 'order-escalated',
      subject: subjectOf(`改善指示の期限超過が続いています（${order.orderNumber}）`),
      body:
        `改善指示「${order.title}」（${order.orderNumber}）は、改善期限（${formatWareki(order.dueDate)}）を大きく過ぎています。\n` +
        '契約に基づく措置（契約の解除、損害賠償の請求、指名停止の検討等）を検討してください。',
      link: `/orders/${order.id}`,
      dedupeKey: `order-escalated:${order.id}`,
    };
  }
  const users = (await contractorUsersByCompany(manager, [order.contractorId])).get(order.contractorId) ?? [];
  const admins = await findActiveUsers(manager, { roles: ['ADMIN'] });
  return {
    userIds: [...users, ...admins.map((a) => a.id)],
    kind: 'order-overdue',
    subject: subjectOf(`改善指示の改善期限を過ぎました（${order.orderNumber}）`),
    body: `改善指示「${order.title}」（${order.orderNumber}）は、改善期限（${formatWareki(order.dueDate)}）を過ぎています。速やかに対応してください。`,
    link: `/orders/${order.id}`,
    dedupeKey: `order-overdue:${order.id}`,
  };
}

/** Daily reminders of open orders due in 7, 3 and 1 days, to the contractor's people. */
@Injectable()
export class OrderReminderSource implements OnModuleInit {
  readonly name = 'improvement-orders';

  constructor(private readonly registry: ReminderRegistry) {}

  onModuleInit(): void {
    this.registry.register({ name: this.name, collect: (manager, today) => this.collect(manager, today) });
  }

  async collect(manager: EntityManager, today: string): Promise<PlannedNotification[]> {
    const orders = await manager.find(ImprovementOrder, { where: { status: In([...OPEN]) } });
    const due = orders
      .map((order) => ({ order, step: reminderStep(daysUntil(today, order.dueDate), [7, 3, 1]) }))
      .filter((d): d is { order: ImprovementOrder; step: number } => typeof d.step === 'number');
    if (due.length === 0) return [];
    const users = await contractorUsersByCompany(manager, [...new Set(due.map((d) => d.order.contractorId))]);
    return due.map(({ order, step }) => {
      const left = daysUntil(today, order.dueDate);
      return {
        userIds: users.get(order.contractorId) ?? [],
        kind: 'order-due',
        subject: subjectOf(
          `改善指示の改善期限が${left === 0 ? '本日' : `${left}日後`}です（${order.orderNumber}）`,
        ),
        body:
          `改善指示「${order.title}」（${order.orderNumber}）の改善期限は${formatWareki(order.dueDate)}です。\n` +
          '改善計画書・完了報告の提出状況を確認してください。',
        link: `/orders/${order.id}`,
        dedupeKey: `order-due:${order.id}:${step}`,
      };
    });
  }
}

import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { DateColumn, IdColumn, RefColumn, TextColumn, TimestampColumn } from '../../database/columns';
import { ImprovementOrder } from './improvement-order.entity';

export const ORDER_EVENT_TYPES = [
  'ISSUED',
  'PLAN_SUBMITTED',
  'PLAN_ACCEPTED',
  'PLAN_REJECTED',
  'COMPLETION_REPORTED',
  'VERIFIED_ACCEPTED',
  'VERIFIED_NOT_ACCEPTED',
  'WITHDRAWN',
  'OVERDUE',
  'ESCALATED',
] as const;
export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number];

/** One step of an order's timeline. Insert-only: the paper trail the body shows an auditor. */
@Entity('improvement_order_event')
@Index('idx_order_event_order', ['orderId', 'createdAt'])
export class ImprovementOrderEvent {
  @IdColumn() id!: string;
  @RefColumn() orderId!: string;
  @TextColumn(30) type!: OrderEventType;
  /** Null for events the daily job records. */
  @RefColumn({ nullable: true }) actorId!: string | null;
  @TextColumn(20, { nullable: true }) actorRole!: string | null;
  @Column({ type: 'text', nullable: true }) body!: string | null;
  @Column({ type: 'text', nullable: true }) rootCause!: string | null;
  @Column({ type: 'text', nullable: true }) correctiveAction!: string | null;
  @Column({ type: 'text', nullable: true }) preventiveAction!: string | null;
  @DateColumn({ nullable: true }) plannedCompletionDate!: string | null;
  @Column({ type: 'text', nullable: true }) effectivenessNote!: string | null;
  @Column({ type: 'simple-json', nullable: true }) evidenceIds!: string[] | null;
  @TimestampColumn() createdAt!: Date;

  @ManyToOne(() => ImprovementOrder, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'order_id', foreignKeyConstraintName: 'fk_order_event_order' })
  order?: ImprovementOrder;
}

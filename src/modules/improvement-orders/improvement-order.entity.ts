import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import {
  DateColumn,
  IdColumn,
  RefColumn,
  TextColumn,
  TimestampColumn,
  VersionColumn,
} from '../../database/columns';
import { Contractor } from '../contractors/contractor.entity';
import { Contract } from '../contracts/contract.entity';
import type { OrderSource } from './order-origin';

export const ORDER_STATUSES = [
  'ISSUED',
  'PLAN_SUBMITTED',
  'IN_PROGRESS',
  'COMPLETION_REPORTED',
  'CLOSED',
  'WITHDRAWN',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * An improvement order (改善指示) issued under a contract when the contractor falls short (policy Art. 6(6)(ア):
 * act under the contract). Numbered per fiscal year without gaps, e.g. R8-改善-0001.
 */
@Entity('improvement_order')
@Index('uq_order_number', ['orderNumber'], { unique: true })
@Index('idx_order_contractor', ['contractorId', 'createdAt'])
@Index('idx_order_status_due', ['status', 'dueDate', 'contractorId', 'escalatedAt'])
@Index('idx_order_created', ['createdAt', 'id'])
@Index('idx_order_source', ['source', 'sourceId'])
export class ImprovementOrder {
  @IdColumn() id!: string;
  @TextColumn(30) orderNumber!: string;
  @Column({ type: 'int' }) fiscalYear!: number;
  @RefColumn() contractId!: string;
  @RefColumn() contractorId!: string;
  /** The clause cited by a free-standing order (one issued without findings). */
  @TextColumn(60, { nullable: true }) clauseCode!: string | null;
  /** The paragraphs (第n項) of that clause not met; null or empty: the article as a whole. */
  @Column({ type: 'simple-json', nullable: true }) clauseParagraphs!: number[] | null;
  /**
   * The facts the administrator found and how (an inspection on a date, an incident, a report): printed in the
   * notice. Required for a free-standing order, which has no assessment findings to show them.
   */
  @Column({ type: 'text', nullable: true }) facts!: string | null;
  /** Where the facts were found: ASSESSMENT (its findings), INSPECTION, INCIDENT or OTHER (the facts stated). */
  @Column({ type: 'varchar', length: 20, default: 'OTHER' }) source!: OrderSource;
  /** The inspection's or the incident's id; null for ASSESSMENT (see the findings) and OTHER. */
  @RefColumn({ nullable: true }) sourceId!: string | null;
  /** OTHER: the day the administrator found the facts. */
  @DateColumn({ nullable: true }) foundOn!: string | null;
  /** OTHER: how the facts were found (e.g. 乙からの電話による報告), printed in the notice. */
  @TextColumn(500, { nullable: true }) foundHow!: string | null;
  @TextColumn(200) title!: string;
  @Column({ type: 'text' }) description!: string;
  @TextColumn(20) severity!: 'LOW' | 'MEDIUM' | 'HIGH';
  @DateColumn() dueDate!: string;
  @TextColumn(30) status!: OrderStatus;
  @RefColumn() issuedBy!: string;
  @TimestampColumn() issuedAt!: Date;
  @TimestampColumn({ nullable: true }) closedAt!: Date | null;
  /** When the daily job first found it overdue (one OVERDUE event, one notice). */
  @TimestampColumn({ nullable: true }) overdueAt!: Date | null;
  /** When it became overdue by more than the configured days: flagged for measures under the contract. */
  @TimestampColumn({ nullable: true }) escalatedAt!: Date | null;
  @VersionColumn() version!: number;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;

  @ManyToOne(() => Contract, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'contract_id', foreignKeyConstraintName: 'fk_order_contract' })
  contract?: Contract;

  @ManyToOne(() => Contractor, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'contractor_id', foreignKeyConstraintName: 'fk_order_contractor' })
  contractor?: Contractor;
}

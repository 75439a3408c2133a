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

export const INSPECTION_KINDS = ['ON_SITE', 'DOCUMENT'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];

export const INSPECTION_STATUSES = ['PLANNED', 'CONDUCTED', 'REPORTED', 'CANCELLED'] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];

/** An inspector: a name as printed, and the user when the inspector is one of the body's users. */
export interface Inspector {
  name: string;
  userId: string | null;
}

/**
 * 立入検査 / 書面監査 under the contract's 監査及び検査 clause (第1項: 甲 may inspect the work places, the
 * sub-contractors' included; 第3項: without notice where an incident or an urgent need calls for it). Planned by
 * the body's staff, conducted on a day, then reported to the contractor by the 検査結果通知書 (an issued document).
 */
@Entity('inspection')
@Index('idx_inspection_contract', ['contractId', 'createdAt'])
@Index('idx_inspection_contractor_status', ['contractorId', 'status'])
@Index('idx_inspection_created', ['createdAt', 'id'])
export class Inspection {
  @IdColumn() id!: string;
  @RefColumn() contractId!: string;
  @RefColumn() contractorId!: string;
  @TextColumn(20) kind!: InspectionKind;
  @DateColumn() plannedOn!: string;
  /** false: unannounced (特記事項 監査及び検査 第3項); never shown to the contractor before the report. */
  @Column({ type: 'boolean' }) announced!: boolean;
  @Column({ type: 'simple-json' }) inspectors!: Inspector[];
  /** ON_SITE: one of the contract's work places, or a sub-contractor's site; null for DOCUMENT. */
  @TextColumn(200, { nullable: true }) place!: string | null;
  /** ON_SITE at a sub-contractor's site: its approved 再委託. */
  @RefColumn({ nullable: true }) subcontractId!: string | null;
  /** What the inspection looks at (目的・重点), optional. */
  @Column({ type: 'text', nullable: true }) purpose!: string | null;
  @TextColumn(20) status!: InspectionStatus;
  @DateColumn({ nullable: true }) conductedOn!: string | null;
  /** 総評: the inspectors' overall remark, printed in the notice. */
  @Column({ type: 'text', nullable: true }) summary!: string | null;
  @Column({ type: 'text', nullable: true }) cancelReason!: string | null;
  @RefColumn() plannedBy!: string;
  @RefColumn({ nullable: true }) conductedBy!: string | null;
  @TimestampColumn({ nullable: true }) conductedAt!: Date | null;
  @RefColumn({ nullable: true }) reportedBy!: string | null;
  @TimestampColumn({ nullable: true }) reportedAt!: Date | null;
  @VersionColumn() version!: number;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;

  @ManyToOne(() => Contract, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'contract_id', foreignKeyConstraintName: 'fk_inspection_contract' })
  contract?: Contract;

  @ManyToOne(() => Contractor, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'contractor_id', foreignKeyConstraintName: 'fk_inspection_contractor' })
  contractor?: Contractor;
}

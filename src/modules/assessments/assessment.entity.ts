import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import {
  DateColumn,
  IdColumn,
  RefColumn,
  TimestampColumn,
  VersionColumn,
  TextColumn,
} from '../../database/columns';
import { Contractor } from '../contractors/contractor.entity';
import { Contract } from '../contracts/contract.entity';

export const ASSESSMENT_STATUSES = ['OPEN', 'SUBMITTED', 'RETURNED', 'REVIEWED'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];
/**
 * CHECKLIST: every question of the contracted clauses, once a fiscal year and on demand. REPORT (定期報告): at
 * the contract's frequency, what happened in the period, answered yes or no with details.
 */
export const ASSESSMENT_KINDS = ['CHECKLIST', 'REPORT'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];
export const GRADES = ['A', 'B', 'C', 'D'] as const;
export type Grade = (typeof GRADES)[number];

/** A decimal column read back as a number on every driver (MySQL answers decimals as strings). */
const decimalToNumber = {
  to: (value: number | null): number | null => value,
  from: (value: string | number | null): number | null => (value === null ? null : Number(value)),
};

/**
 * One periodic self-assessment of one contract (policy Art. 6(6)(ア): confirm periodically that the contractor
 * keeps the measures). One per contract and period: the unique key makes generation idempotent.
 */
@Entity('assessment')
@Index('uq_assessment_kind_period', ['contractId', 'kind', 'periodStart'], { unique: true })
@Index('idx_assessment_contractor', ['contractorId', 'dueDate'])
@Index('idx_assessment_status_due', ['status', 'dueDate', 'contractorId'])
@Index('idx_assessment_created', ['createdAt', 'id'])
/** The dashboard's latest REVIEWED assessment per contractor (a loose index scan for the MAX on MariaDB). */
@Index('idx_assessment_latest_kind', ['contractorId', 'status', 'kind', 'periodStart'])
export class Assessment {
  @IdColumn() id!: string;
  @RefColumn() contractId!: string;
  /** The contract's contractor, kept here so that scoping a list needs no join. */
  @RefColumn() contractorId!: string;
  @Column({ type: 'varchar', length: 20, default: 'CHECKLIST' }) kind!: AssessmentKind;
  @DateColumn() periodStart!: string;
  @DateColumn() periodEnd!: string;
  @DateColumn() dueDate!: string;
  @TextColumn(20) status!: AssessmentStatus;
  @TimestampColumn({ nullable: true }) submittedAt!: Date | null;
  @RefColumn({ nullable: true }) submittedBy!: string | null;
  @TimestampColumn({ nullable: true }) reviewedAt!: Date | null;
  @RefColumn({ nullable: true }) reviewedBy!: string | null;
  @Column({ type: 'text', nullable: true }) returnMessage!: string | null;
  /** Percentage with two decimals, set at the end of a CHECKLIST's review (scoring.ts has the formula). */
  @Column({ type: 'decimal', precision: 5, scale: 2, nullable: true, transformer: decimalToNumber })
  score!: number | null;
  /** A–D beside the score; any HIGH finding makes it D. Null for a REPORT and for reviews before grades. */
  @TextColumn(1, { nullable: true }) grade!: Grade | null;
  @VersionColumn() version!: number;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;

  @ManyToOne(() => Contract, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'contract_id', foreignKeyConstraintName: 'fk_assessment_contract' })
  contract?: Contract;

  @ManyToOne(() => Contractor, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'contractor_id', foreignKeyConstraintName: 'fk_assessment_contractor' })
  contractor?: Contractor;
}

import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, RefColumn, TextColumn, TimestampColumn, VersionColumn } from '../../database/columns';
import { Contractor } from '../contractors/contractor.entity';
import { Contract } from './contract.entity';

export const SUBCONTRACT_STATUSES = ['REQUESTED', 'APPROVED', 'REJECTED'] as const;
export type SubcontractStatus = (typeof SUBCONTRACT_STATUSES)[number];

/**
 * A sub-contracting tier (再委託) under a contract; tiers nest through parentSubcontractId. Only APPROVED tiers
 * may work on the contract (the 尼崎市 2022 lesson: DOMAIN.md).
 */
@Entity('subcontract')
@Index('idx_subcontract_contract', ['contractId', 'createdAt'])
export class Subcontract {
  @IdColumn() id!: string;
  @RefColumn() contractId!: string;
  /** The sub-contractor. */
  @RefColumn() contractorId!: string;
  @RefColumn({ nullable: true }) parentSubcontractId!: string | null;
  @Column({ type: 'text' }) scope!: string;
  @TextColumn(20) status!: SubcontractStatus;
  @RefColumn() requestedBy!: string;
  @RefColumn({ nullable: true }) decidedBy!: string | null;
  @TimestampColumn({ nullable: true }) decidedAt!: Date | null;
  @Column({ type: 'text', nullable: true }) decisionNote!: string | null;
  @VersionColumn() version!: number;
  @TimestampColumn() createdAt!: Date;

  @ManyToOne(() => Contract, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'contract_id', foreignKeyConstraintName: 'fk_subcontract_contract' })
  contract?: Contract;

  @ManyToOne(() => Contractor, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'contractor_id', foreignKeyConstraintName: 'fk_subcontract_contractor' })
  contractor?: Contractor;

  @ManyToOne(() => Subcontract, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'parent_subcontract_id', foreignKeyConstraintName: 'fk_subcontract_parent' })
  parent?: Subcontract;
}

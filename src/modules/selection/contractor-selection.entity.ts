import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { RefColumn, TextColumn, TimestampColumn, VersionColumn } from '../../database/columns';
import { Contract } from '../contracts/contract.entity';
import { User } from '../users/user.entity';

/** 調達方法: stable codes in the API, Japanese names on the page and the 選定調書. */
export const PROCUREMENT_METHODS = ['OPEN_TENDER', 'DESIGNATED_TENDER', 'NEGOTIATED', 'PROPOSAL'] as const;
export type ProcurementMethod = (typeof PROCUREMENT_METHODS)[number];
export const PROCUREMENT_METHOD_LABELS: Record<ProcurementMethod, string> = {
  OPEN_TENDER: '一般競争入札',
  DESIGNATED_TENDER: '指名競争入札',
  NEGOTIATED: '随意契約',
  PROPOSAL: 'プロポーザル方式',
};

/** One criterion as the officer answered it. */
export interface CriterionAnswer {
  code: string;
  met: boolean;
  note: string | null;
  /** What was checked (a document, a register entry), in words. */
  evidence: string | null;
}

/**
 * The record of how the contractor was chosen (選定, MIC guideline: 委託先の選定), one per contract: the method,
 * each criterion of `templates/selection/` met or not with a note, the 選定理由, who decided and when. Editable while
 * the contract is a draft; the contract cannot be approved until it is complete, and approval issues the 選定調書.
 */
@Entity('contractor_selection')
export class ContractorSelection {
  @PrimaryColumn({ type: 'varchar', length: 36 }) contractId!: string;
  @TextColumn(30) method!: ProcurementMethod;
  @Column({ type: 'simple-json' }) criteria!: CriterionAnswer[];
  @Column({ type: 'text' }) reason!: string;
  @RefColumn() decidedBy!: string;
  @TimestampColumn() decidedAt!: Date;
  @VersionColumn() version!: number;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;

  @ManyToOne(() => Contract, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'contract_id', foreignKeyConstraintName: 'fk_contractor_selection_contract' })
  contract?: Contract;

  @ManyToOne(() => User, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'decided_by', foreignKeyConstraintName: 'fk_contractor_selection_decided_by' })
  decider?: User;
}

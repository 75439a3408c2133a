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
import { CLOSE_OUT_STATUSES, type CloseOutStatus } from './close-out.state';

export { CLOSE_OUT_STATUSES, type CloseOutStatus };

/** What a party returned to the body (返還). */
export interface ReturnedItem {
  item: string;
  /** 'YYYY-MM-DD'. */
  returnedOn: string;
}

/** What a party erased or destroyed (消去・廃棄), as the 消去証明書 states it (特記事項 消去証明書の提出 第1項). */
export interface ErasedItem {
  /** 対象: the information asset. */
  object: string;
  /** 方法: e.g. 専用ソフトウェアによる上書き, 物理的破壊. */
  method: string;
  /** 媒体: the device or medium it was on. */
  media: string;
  /** 'YYYY-MM-DD'. */
  erasedOn: string;
  /** 場所. */
  place: string;
  /** 実施者. */
  performedBy: string;
  /** 立会者 (the body's staff, or the party's security officer). */
  witness: string;
}

/** One party's part of the report: the contractor itself, or one APPROVED sub-contractor. */
export interface CloseOutSection {
  party: 'CONTRACTOR' | 'SUBCONTRACTOR';
  /** The approved tier, for a sub-contractor's section. */
  subcontractId: string | null;
  /** The party's name as it stood when the report was submitted. */
  partyName: string;
  returned: ReturnedItem[];
  erased: ErasedItem[];
  /** The 消去証明書: evidence files attached to this close-out. */
  certificateEvidenceIds: string[];
}

/**
 * The contractor's 返還・廃棄報告 owed when its contract ends or is terminated (one per contract). Due `returnDays`
 * (the RETURN_ERASURE clause's parameter) after the day of the end or termination, in Japan time. Confirming it
 * closes the contract.
 */
@Entity('contract_close_out')
@Index('uq_contract_close_out_contract', ['contractId'], { unique: true })
@Index('idx_contract_close_out_status_due', ['status', 'dueDate'])
export class ContractCloseOut {
  @IdColumn() id!: string;
  @RefColumn() contractId!: string;
  @RefColumn() contractorId!: string;
  @TextColumn(20) status!: CloseOutStatus;
  /** How the contract came to an end. */
  @TextColumn(20) basis!: 'ENDED' | 'TERMINATED';
  /** The day of the end or termination (Japan time). */
  @DateColumn() endedOn!: string;
  @Column({ type: 'int' }) returnDays!: number;
  @DateColumn() dueDate!: string;
  /** The report as last submitted; null until the first submission. */
  @Column({ type: 'simple-json', nullable: true }) sections!: CloseOutSection[] | null;
  @Column({ type: 'int' }) submissions!: number;
  @TimestampColumn({ nullable: true }) submittedAt!: Date | null;
  @RefColumn({ nullable: true }) submittedBy!: string | null;
  /** Why the officer sent the last submission back. */
  @Column({ type: 'text', nullable: true }) returnReason!: string | null;
  /** The officer's note on confirming. */
  @Column({ type: 'text', nullable: true }) confirmationNote!: string | null;
  @RefColumn({ nullable: true }) decidedBy!: string | null;
  @TimestampColumn({ nullable: true }) decidedAt!: Date | null;
  @VersionColumn() version!: number;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;

  @ManyToOne(() => Contract, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'contract_id', foreignKeyConstraintName: 'fk_contract_close_out_contract' })
  contract?: Contract;

  @ManyToOne(() => Contractor, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'contractor_id', foreignKeyConstraintName: 'fk_contract_close_out_contractor' })
  contractor?: Contractor;
}

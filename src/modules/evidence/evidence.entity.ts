import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, RefColumn, TextColumn, TimestampColumn } from '../../database/columns';
import { Contractor } from '../contractors/contractor.entity';

export const EVIDENCE_OWNERS = ['ASSESSMENT_ITEM', 'IMPROVEMENT_ORDER', 'CLOSE_OUT'] as const;
export type EvidenceOwnerType = (typeof EVIDENCE_OWNERS)[number];

/**
 * A file attached as evidence. The bytes live under DATA_DIR by their SHA-256, never under the client's name;
 * the name is kept only to offer it back (safely encoded) on download.
 */
@Entity('evidence')
@Index('idx_evidence_owner', ['ownerType', 'ownerId'])
export class Evidence {
  @IdColumn() id!: string;
  @TextColumn(30) ownerType!: EvidenceOwnerType;
  @RefColumn() ownerId!: string;
  /** Whose evidence it is: a CONTRACTOR reaches only its own company's files. */
  @RefColumn() contractorId!: string;
  @TextColumn(255) fileName!: string;
  @TextColumn(100) mediaType!: string;
  @Column({ type: 'int' }) size!: number;
  @TextColumn(64) sha256!: string;
  @RefColumn() uploadedBy!: string;
  @TimestampColumn() createdAt!: Date;

  @ManyToOne(() => Contractor, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'contractor_id', foreignKeyConstraintName: 'fk_evidence_contractor' })
  contractor?: Contractor;
}

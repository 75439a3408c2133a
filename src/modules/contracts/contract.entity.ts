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
import { User } from '../users/user.entity';

export const CONTRACT_STATUSES = ['DRAFT', 'ACTIVE', 'ENDED', 'TERMINATED', 'CLOSED'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];
export const ASSESSMENT_FREQUENCIES = ['MONTHLY', 'QUARTERLY', 'SEMIANNUAL', 'ANNUAL'] as const;
export type AssessmentFrequency = (typeof ASSESSMENT_FREQUENCIES)[number];

/** A contract whose security requirements are stated as clauses from the catalogue (policy Art. 6(6)(ア)). */
@Entity('contract')
@Index('uq_contract_number', ['contractNumber'], { unique: true })
@Index('idx_contract_contractor', ['contractorId', 'createdAt'])
@Index('idx_contract_status_end', ['status', 'endDate', 'contractorId'])
@Index('idx_contract_created', ['createdAt', 'id'])
export class Contract {
  @IdColumn() id!: string;
  @TextColumn(50) contractNumber!: string;
  @TextColumn(200) title!: string;
  @RefColumn() contractorId!: string;
  @TextColumn(100) department!: string;
  @RefColumn({ nullable: true }) officerUserId!: string | null;
  @DateColumn() startDate!: string;
  @DateColumn() endDate!: string;
  /** 機密性 1–3. */
  @Column({ type: 'int' }) confidentialityClass!: 1 | 2 | 3;
  @Column({ type: 'boolean' }) handlesPersonalInfo!: boolean;
  @Column({ type: 'boolean' }) usesCloud!: boolean;
  /**
   * The places the contract names for the work (作業場所), in the order the officer gave them: printed in the
   * WORK_LOCATION clause (「A、B及びC」) and the only places a worker on the roster may be at. Empty: the contract
   * names none, and the clause prints the catalogue's default.
   */
  @Column({ type: 'simple-json' }) workLocations!: string[];
  @TextColumn(20) assessmentFrequency!: AssessmentFrequency;
  @TextColumn(20) status!: ContractStatus;
  @TimestampColumn({ nullable: true }) approvedAt!: Date | null;
  @RefColumn({ nullable: true }) approvedBy!: string | null;
  /** SHA-256 of the approved 特記事項 PDF, stored under DATA_DIR and checked before every download. */
  @TextColumn(64, { nullable: true }) documentSha256!: string | null;
  /**
   * SHA-256 of the approved 特記事項's canonical content (`specialProvisionsContent`: the parties, the contract, the
   * articles and the approval date as printed), whose first 16 characters its footer prints on every page. Null for
   * a draft and for contracts approved before the footer existed.
   */
  @TextColumn(64, { nullable: true }) contentSha256!: string | null;
  /** The catalogue version the signed clause texts were taken from. */
  @TextColumn(64, { nullable: true }) catalogueVersion!: string | null;
  @TimestampColumn({ nullable: true }) closedAt!: Date | null;
  @Column({ type: 'text', nullable: true }) closedReason!: string | null;
  @VersionColumn() version!: number;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;

  @ManyToOne(() => Contractor, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'contractor_id', foreignKeyConstraintName: 'fk_contract_contractor' })
  contractor?: Contractor;

  @ManyToOne(() => User, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'officer_user_id', foreignKeyConstraintName: 'fk_contract_officer' })
  officer?: User;
}

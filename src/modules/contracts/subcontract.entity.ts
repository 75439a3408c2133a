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
import { Contract } from './contract.entity';
import { SUBCONTRACT_STATUSES, type SubcontractStatus } from './subcontract.state';

export { SUBCONTRACT_STATUSES, type SubcontractStatus };

/** The sub-contractor as the contractor described it in its request: the body may not know the company yet. */
export interface ProposedSubcontractor {
  name: string;
  /** 法人番号 (check digit verified); null for a sole proprietor, who has none. */
  corporateNumber: string | null;
  address: string;
  representativeName: string;
  securityOfficer: { name: string; email: string; phone: string };
}

/**
 * A worker the request names. The sub-contractor's staff cannot be in the roster (従事者名簿) before the tier is
 * approved (a worker's employer must be the contractor or an APPROVED sub-contractor), so the request names them;
 * once approved, the contractor enters them in the roster, where the body acknowledges them.
 */
export interface RequestedWorker {
  name: string;
  /** What the worker does (担当する作業). */
  role: string;
}

/**
 * A sub-contracting tier (再委託) under a contract; tiers nest through parentSubcontractId. Only APPROVED tiers
 * may work on the contract (the 尼崎市 2022 lesson: DOMAIN.md). The request states what the 再委託の制限 clause's
 * 第2項 requires (the company, scope, necessity, information handled, security measures, workers, start date);
 * `contractorId` is the registered company, set when the officer registers the proposed one.
 */
@Entity('subcontract')
@Index('idx_subcontract_contract', ['contractId', 'createdAt'])
export class Subcontract {
  @IdColumn() id!: string;
  @RefColumn() contractId!: string;
  /** The sub-contractor as registered; null until the officer registers the proposed company. */
  @RefColumn({ nullable: true }) contractorId!: string | null;
  @RefColumn({ nullable: true }) parentSubcontractId!: string | null;
  /** As the contractor proposed it; null for tiers requested before requests carried it. */
  @Column({ type: 'simple-json', nullable: true }) proposed!: ProposedSubcontractor | null;
  /** 法人番号 of the proposal, apart for the duplicate check. */
  @TextColumn(13, { nullable: true }) proposedCorporateNumber!: string | null;
  /** 業務の範囲. */
  @Column({ type: 'text' }) scope!: string;
  /** 必要性: why the work has to be sub-contracted. */
  @Column({ type: 'text', nullable: true }) necessity!: string | null;
  /** 取り扱う情報: the information the sub-contractor will handle. */
  @Column({ type: 'text', nullable: true }) informationHandled!: string | null;
  /** 安全管理措置: the security measures the sub-contractor takes. */
  @Column({ type: 'text', nullable: true }) securityMeasures!: string | null;
  @Column({ type: 'simple-json', nullable: true }) workers!: RequestedWorker[] | null;
  /** 'YYYY-MM-DD': the day the sub-contractor is to start. */
  @DateColumn({ nullable: true }) plannedStartDate!: string | null;
  /** The lead time (days before the start) the contract required when the request was made. */
  @Column({ type: 'int', nullable: true }) leadDays!: number | null;
  @TextColumn(20) status!: SubcontractStatus;
  @RefColumn() requestedBy!: string;
  @RefColumn({ nullable: true }) registeredBy!: string | null;
  @TimestampColumn({ nullable: true }) registeredAt!: Date | null;
  @RefColumn({ nullable: true }) decidedBy!: string | null;
  @TimestampColumn({ nullable: true }) decidedAt!: Date | null;
  /** Conditions of an approval, or the reason for a refusal or a withdrawal. */
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

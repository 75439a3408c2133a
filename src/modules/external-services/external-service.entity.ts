import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import {
  DateColumn,
  IdColumn,
  RefColumn,
  TextColumn,
  TimestampColumn,
  VersionColumn,
} from '../../database/columns';
import { Contract } from '../contracts/contract.entity';
import { User } from '../users/user.entity';

/** Service models: IaaS, PaaS, SaaS, and a service used only under the provider's standard terms (約款型). */
export const SERVICE_MODELS = ['IAAS', 'PAAS', 'SAAS', 'TERMS'] as const;
export type ServiceModel = (typeof SERVICE_MODELS)[number];

/** How the body is bound to the provider: an individual contract (個別契約) or the provider's terms (約款). */
export const CONTRACT_FORMS = ['INDIVIDUAL', 'TERMS'] as const;
export type ContractForm = (typeof CONTRACT_FORMS)[number];

/** ISMAP (the full registration) or ISMAP-LIU (low-impact use). */
export const ISMAP_KINDS = ['ISMAP', 'ISMAP_LIU'] as const;
export type IsmapKind = (typeof ISMAP_KINDS)[number];

export const EXTERNAL_SERVICE_STATUSES = [
  'DRAFT',
  'APPLIED',
  'APPROVED',
  'REJECTED',
  'SUSPENDED',
  'ENDING',
  'ENDED',
] as const;
export type ExternalServiceStatus = (typeof EXTERNAL_SERVICE_STATUSES)[number];

/** The 約款 checklist: each point read in the terms (true: the terms provide for it; null: not yet checked). */
export interface TermsChecklist {
  /** The provider keeps the body's data confidential. */
  confidentiality: boolean | null;
  /** The provider does not use the body's data for other purposes (no secondary use). */
  noSecondaryUse: boolean | null;
  /** The terms may be changed by the provider alone (true: they may — a risk to note). */
  unilateralChanges: boolean | null;
  /** The data is erased when the use ends. */
  erasureAtEnd: boolean | null;
}

/**
 * 外部サービス (Article 6(6)(イ)): a cloud or 約款 service the body uses, registered with what the selection rules
 * look at (data class, data location, ISMAP / ISMAP-LIU per service, the 約款's terms), applied for by an officer,
 * approved with conditions (or rejected) by the administrator, reviewed periodically, and ended once the erasure of
 * the body's data is confirmed. ISMAP facts are typed by hand from the ISMAP list (never fetched), with the date
 * checked and the source.
 */
@Entity('external_service')
@Index('idx_external_service_status', ['status', 'createdAt'])
@Index('idx_external_service_created', ['createdAt', 'id'])
export class ExternalService {
  @IdColumn() id!: string;
  @TextColumn(200) name!: string;
  @TextColumn(200) providerName!: string;
  /** 法人番号 (13 digits, check digit verified); null for a provider without one (a foreign company). */
  @TextColumn(13, { nullable: true }) providerCorporateNumber!: string | null;
  @TextColumn(20) model!: ServiceModel;
  @TextColumn(20) contractForm!: ContractForm;
  /** The owning department (所管課). */
  @TextColumn(100) department!: string;
  @Column({ type: 'text' }) purpose!: string;
  /** The highest 機密性 class of the information handled (1–3). */
  @Column({ type: 'int' }) confidentialityClass!: 1 | 2 | 3;
  @Column({ type: 'boolean' }) personalInfo!: boolean;
  /** 特定個人情報 (マイナンバー) handled. */
  @Column({ type: 'boolean' }) specificPersonalInfo!: boolean;
  /** Where the data is stored (e.g. 国内（東京・大阪リージョン）). */
  @TextColumn(200, { nullable: true }) dataLocation!: string | null;
  @TextColumn(100, { nullable: true }) governingLaw!: string | null;
  /** The agreed court (合意管轄裁判所). */
  @TextColumn(200, { nullable: true }) court!: string | null;
  @TextColumn(500, { nullable: true }) termsUrl!: string | null;
  /** The 約款's version, or a hash of the text read. */
  @TextColumn(200, { nullable: true }) termsVersion!: string | null;
  @DateColumn({ nullable: true }) termsCheckedOn!: string | null;
  @Column({ type: 'simple-json' }) termsChecklist!: TermsChecklist;
  @TextColumn(20, { nullable: true }) ismapKind!: IsmapKind | null;
  @TextColumn(50, { nullable: true }) ismapNumber!: string | null;
  /** The registered scope (言明対象範囲), as the ISMAP list states it. */
  @Column({ type: 'text', nullable: true }) ismapScope!: string | null;
  @DateColumn({ nullable: true }) ismapValidUntil!: string | null;
  @DateColumn({ nullable: true }) ismapCheckedOn!: string | null;
  @TextColumn(500, { nullable: true }) ismapSourceUrl!: string | null;
  /** A renewal is under decision: the registration stays valid meanwhile (ISMAP 基本規程 3.5). */
  @Column({ type: 'boolean' }) ismapRenewalPending!: boolean;
  /** The body's own evaluation standing in for ISMAP for 機密性2 or above (what was checked, by whom, when). */
  @Column({ type: 'text', nullable: true }) alternativeEvaluation!: string | null;
  @Column({ type: 'text', nullable: true }) otherCertifications!: string | null;
  /** What the body does when the service stops, and how the data is backed up. */
  @Column({ type: 'text', nullable: true }) fallbackAndBackup!: string | null;
  /** 外部サービス管理者: one of the body's users. */
  @RefColumn({ nullable: true }) managerUserId!: string | null;
  @Column({ type: 'int' }) reviewIntervalMonths!: number;
  /** Conditions of the approval (利用の条件), printed in the 利用許可通知書. */
  @Column({ type: 'text', nullable: true }) conditions!: string | null;
  /** The reason of a rejection or of a suspension. */
  @Column({ type: 'text', nullable: true }) decisionReason!: string | null;
  @TextColumn(20) status!: ExternalServiceStatus;
  @RefColumn() createdBy!: string;
  @RefColumn({ nullable: true }) appliedBy!: string | null;
  @TimestampColumn({ nullable: true }) appliedAt!: Date | null;
  @RefColumn({ nullable: true }) decidedBy!: string | null;
  @TimestampColumn({ nullable: true }) decidedAt!: Date | null;
  @RefColumn({ nullable: true }) reviewedBy!: string | null;
  @TimestampColumn({ nullable: true }) reviewedAt!: Date | null;
  @Column({ type: 'text', nullable: true }) reviewNote!: string | null;
  /** The next periodic review (Japan date): approval or review day + the review interval. */
  @DateColumn({ nullable: true }) nextReviewOn!: string | null;
  /** The last day of use (Japan date); erasure is due from then. */
  @DateColumn({ nullable: true }) endedOn!: string | null;
  @RefColumn({ nullable: true }) endedBy!: string | null;
  @RefColumn({ nullable: true }) erasureConfirmedBy!: string | null;
  @TimestampColumn({ nullable: true }) erasureConfirmedAt!: Date | null;
  /** How the erasure was confirmed (the provider's certificate, the screen checked …). */
  @Column({ type: 'text', nullable: true }) erasureNote!: string | null;
  @VersionColumn() version!: number;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;

  @ManyToOne(() => User, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'manager_user_id', foreignKeyConstraintName: 'fk_external_service_manager' })
  manager?: User;
}

/** The registered services a cloud-using contract names (set while the contract is DRAFT), in the order given. */
@Entity('contract_external_service')
@Index('uq_contract_external_service', ['contractId', 'externalServiceId'], { unique: true })
@Index('idx_contract_external_service_service', ['externalServiceId'])
export class ContractExternalService {
  @IdColumn() id!: string;
  @RefColumn() contractId!: string;
  @RefColumn() externalServiceId!: string;
  @Column({ type: 'int' }) position!: number;

  @ManyToOne(() => Contract, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'contract_id', foreignKeyConstraintName: 'fk_contract_external_service_contract' })
  contract?: Contract;

  @ManyToOne(() => ExternalService, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({
    name: 'external_service_id',
    foreignKeyConstraintName: 'fk_contract_external_service_service',
  })
  service?: ExternalService;
}

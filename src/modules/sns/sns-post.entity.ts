import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, RefColumn, TextColumn, TimestampColumn, VersionColumn } from '../../database/columns';
import { SnsAccount } from './sns-account.entity';

export const SNS_POST_STATUSES = [
  'DRAFT',
  'SUBMITTED',
  'RETURNED',
  'APPROVED',
  'PUBLISHED',
  'CORRECTED',
  'DELETED',
] as const;
export type SnsPostStatus = (typeof SNS_POST_STATUSES)[number];

/** 機密性 classes of the body's policy: only 1 (公開して差し支えない情報) may be posted. */
export const INFORMATION_CLASSES = [1, 2, 3] as const;
export type InformationClass = (typeof INFORMATION_CLASSES)[number];

/** How a post was approved: by the 責任者 (or ADMIN) in the normal way, or at once in a disaster. */
export const SNS_APPROVAL_KINDS = ['NORMAL', 'DISASTER'] as const;
export type SnsApprovalKind = (typeof SNS_APPROVAL_KINDS)[number];

/** A post of an official account: drafted by a 発信担当, approved by the 責任者, then published and recorded. */
@Entity('sns_post')
@Index('idx_sns_post_account', ['accountId', 'createdAt'])
export class SnsPost {
  @IdColumn() id!: string;
  @RefColumn() accountId!: string;
  @Column({ type: 'text' }) text!: string;
  @TimestampColumn({ nullable: true }) plannedAt!: Date | null;
  @Column({ type: 'int' }) informationClass!: number;
  @TextColumn(20) status!: SnsPostStatus;
  @RefColumn() draftedBy!: string;
  @RefColumn({ nullable: true }) decidedBy!: string | null;
  @TimestampColumn({ nullable: true }) decidedAt!: Date | null;
  @TextColumn(20, { nullable: true }) approvalKind!: SnsApprovalKind | null;
  @Column({ type: 'text', nullable: true }) decisionComment!: string | null;
  @TextColumn(500, { nullable: true }) publishedUrl!: string | null;
  @TimestampColumn({ nullable: true }) publishedAt!: Date | null;
  /** Why the published post was corrected or deleted. */
  @Column({ type: 'text', nullable: true }) changeReason!: string | null;
  @TimestampColumn({ nullable: true }) changedAt!: Date | null;
  @VersionColumn() version!: number;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;

  @ManyToOne(() => SnsAccount, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'fk_sns_post_account' })
  account?: SnsAccount;
}

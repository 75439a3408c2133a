import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, RefColumn, TextColumn, TimestampColumn, VersionColumn } from '../../database/columns';
import { ExternalService } from '../external-services/external-service.entity';
import { User } from '../users/user.entity';

export const SNS_PLATFORMS = ['X', 'FACEBOOK', 'INSTAGRAM', 'LINE', 'YOUTUBE', 'TIKTOK', 'OTHER'] as const;
export type SnsPlatform = (typeof SNS_PLATFORMS)[number];

export const SNS_ACCOUNT_STATUSES = ['DRAFT', 'ACTIVE', 'SUSPENDED', 'CLOSED'] as const;
export type SnsAccountStatus = (typeof SNS_ACCOUNT_STATUSES)[number];

export const TWO_FACTOR_METHODS = ['AUTHENTICATOR_APP', 'SECURITY_KEY', 'SMS', 'OTHER'] as const;
export type TwoFactorMethod = (typeof TWO_FACTOR_METHODS)[number];

/**
 * An official social-media account of the body (情報セキュリティポリシー 第6条第6号ウ): who is responsible (責任者),
 * who posts (発信担当), what may be posted, how it is protected, and where the body's website lists it so residents
 * can tell it from an impersonation.
 */
@Entity('sns_account')
@Index('idx_sns_account_status', ['status', 'createdAt'])
@Index('idx_sns_account_created', ['createdAt', 'id'])
export class SnsAccount {
  @IdColumn() id!: string;
  @TextColumn(20) platform!: SnsPlatform;
  @TextColumn(100) handle!: string;
  @TextColumn(500) url!: string;
  @TextColumn(100) displayName!: string;
  /** The operating unit as residents should see it (課・係), printed on the public list. */
  @TextColumn(100) operatorName!: string;
  @Column({ type: 'text' }) purpose!: string;
  @TextColumn(200) audience!: string;
  /** Category codes from templates/sns/ (kind ALLOWED / FORBIDDEN). */
  @Column({ type: 'simple-json' }) allowedCategories!: string[];
  @Column({ type: 'simple-json' }) forbiddenCategories!: string[];
  /** 責任者: a user of the body; required before activation. */
  @RefColumn({ nullable: true }) managerId!: string | null;
  /** 発信担当: users of the body. */
  @Column({ type: 'simple-json' }) posterIds!: string[];
  /** Who may approve a post at once in a disaster (災害時の即時承認), besides the 責任者. */
  @Column({ type: 'simple-json' }) fastPathApproverIds!: string[];
  /** Who keeps the sign-in credentials (one person or a sealed-envelope custodian). */
  @TextColumn(100, { nullable: true }) credentialCustodian!: string | null;
  @Column({ type: 'simple-json' }) loginDevices!: string[];
  @Column({ type: 'boolean' }) twoFactorEnabled!: boolean;
  @TextColumn(30, { nullable: true }) twoFactorMethod!: TwoFactorMethod | null;
  @Column({ type: 'boolean' }) verified!: boolean;
  @Column({ type: 'text', nullable: true }) unverifiedReason!: string | null;
  /** The page of the body's website that lists this account (impersonation check). */
  @TextColumn(500, { nullable: true }) websiteListingUrl!: string | null;
  /** The profile text as shown on the platform; it names the operating unit. */
  @Column({ type: 'text', nullable: true }) profileText!: string | null;
  /** The platform as a 約款型 external service (第6条第6号イ), when registered there. */
  @RefColumn({ nullable: true }) externalServiceId!: string | null;
  @TextColumn(20) status!: SnsAccountStatus;
  @Column({ type: 'text', nullable: true }) statusReason!: string | null;
  @TimestampColumn({ nullable: true }) activatedAt!: Date | null;
  @RefColumn() createdBy!: string;
  @VersionColumn() version!: number;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;

  @ManyToOne(() => User, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'manager_id', foreignKeyConstraintName: 'fk_sns_account_manager' })
  manager?: User;

  @ManyToOne(() => ExternalService, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'external_service_id', foreignKeyConstraintName: 'fk_sns_account_external_service' })
  externalService?: ExternalService;
}

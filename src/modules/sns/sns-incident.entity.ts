import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { DateColumn, IdColumn, RefColumn, TextColumn, TimestampColumn } from '../../database/columns';
import { SnsAccount } from './sns-account.entity';

export const SNS_INCIDENT_KINDS = ['IMPERSONATION', 'TAKEOVER'] as const;
export type SnsIncidentKind = (typeof SNS_INCIDENT_KINDS)[number];

/** One dated entry of an incident's timeline. */
export interface SnsTimelineEntry {
  at: string;
  note: string;
}

/**
 * なりすまし (someone else's account posing as the body's: reported to the platform, residents warned) or
 * 乗っ取り (the body's own account taken over: credentials reset, sessions revoked, posts checked). A takeover
 * suspends the account until its 責任者 reactivates it.
 */
@Entity('sns_incident')
@Index('idx_sns_incident_account', ['accountId', 'createdAt'])
export class SnsIncident {
  @IdColumn() id!: string;
  @RefColumn() accountId!: string;
  @TextColumn(20) kind!: SnsIncidentKind;
  @TimestampColumn() detectedAt!: Date;
  @Column({ type: 'text' }) summary!: string;
  /** IMPERSONATION: the impostor's URL. */
  @TextColumn(500, { nullable: true }) impostorUrl!: string | null;
  @DateColumn({ nullable: true }) reportedToPlatformOn!: string | null;
  /** Where residents were warned (the website, this account, 広報紙 …). */
  @Column({ type: 'text', nullable: true }) residentsWarnedWhere!: string | null;
  @Column({ type: 'boolean' }) credentialsReset!: boolean;
  @Column({ type: 'boolean' }) sessionsRevoked!: boolean;
  @Column({ type: 'boolean' }) postsChecked!: boolean;
  @Column({ type: 'simple-json' }) timeline!: SnsTimelineEntry[];
  @RefColumn() reportedBy!: string;
  @TimestampColumn() createdAt!: Date;

  @ManyToOne(() => SnsAccount, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'fk_sns_incident_account' })
  account?: SnsAccount;
}

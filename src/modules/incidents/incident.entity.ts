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
import type { CommissionGround } from './commission-rules';
import { INCIDENT_STATUSES, type IncidentStatus } from './incident.state';

export { INCIDENT_STATUSES, type IncidentStatus };

/** Kinds of incident, as stable codes (漏えい・滅失・毀損・不正アクセス・マルウェア・紛失・誤送信・その他). */
export const INCIDENT_KINDS = [
  'LEAK',
  'DESTRUCTION',
  'DAMAGE',
  'UNAUTHORIZED_ACCESS',
  'MALWARE',
  'LOSS',
  'MISDELIVERY',
  'OTHER',
] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

export const PUBLICATION_DECISIONS = ['PUBLISH', 'NOT_PUBLISH'] as const;
export type PublicationDecision = (typeof PUBLICATION_DECISIONS)[number];

/**
 * A contractor's report of an incident (事故報告) under the 事故発生時の報告 clause, with the body's handling of it.
 * The deadlines are frozen from the contract's clause when it is reported (`reportHours`, `writtenReportDays`), so
 * a later change of the catalogue never moves them; `reportedAt` is the server's time of the report.
 */
@Entity('incident')
@Index('idx_incident_created', ['createdAt', 'id'])
@Index('idx_incident_contractor', ['contractorId', 'createdAt'])
@Index('idx_incident_contract', ['contractId', 'createdAt'])
export class Incident {
  @IdColumn() id!: string;
  @RefColumn() contractId!: string;
  /** The contract's contractor, kept on the row so a contractor's list needs no join. */
  @RefColumn() contractorId!: string;
  @RefColumn() reportedBy!: string;
  @TextColumn(30) kind!: IncidentKind;
  /** When it happened; null when not known. */
  @TimestampColumn({ nullable: true }) occurredAt!: Date | null;
  /** When the contractor learned of it: the deadlines run from here. */
  @TimestampColumn() detectedAt!: Date;
  /** The server's time of the first report. */
  @TimestampColumn() reportedAt!: Date;
  /** 事故の概要: what happened. */
  @Column({ type: 'text' }) summary!: string;
  /** The information concerned (which data, which media). */
  @Column({ type: 'text' }) informationInvolved!: string;
  /** 被害の拡大の防止等の措置 taken so far. */
  @Column({ type: 'text', nullable: true }) containment!: string | null;
  @Column({ type: 'boolean' }) personalInfoInvolved!: boolean;
  @Column({ type: 'int', nullable: true }) personsAffected!: number | null;
  /** 要配慮個人情報. */
  @Column({ type: 'boolean' }) sensitivePersonalInfo!: boolean;
  /** 特定個人情報 (マイナンバーを含む個人情報). */
  @Column({ type: 'boolean' }) specificPersonalInfo!: boolean;
  @Column({ type: 'boolean' }) financialHarmRisk!: boolean;
  @Column({ type: 'boolean' }) unlawfulPurposeSuspected!: boolean;
  /** Why the body must report to the 個人情報保護委員会 (commission-rules.ts); empty: it need not. */
  @Column({ type: 'simple-json' }) commissionGrounds!: CommissionGround[];
  @Column({ type: 'int' }) reportHours!: number;
  @Column({ type: 'int' }) writtenReportDays!: number;
  @TimestampColumn() firstReportDueAt!: Date;
  @DateColumn() writtenReportDueDate!: string;
  @TextColumn(30) status!: IncidentStatus;
  @Column({ type: 'text', nullable: true }) reviewNote!: string | null;
  @RefColumn({ nullable: true }) reviewedBy!: string | null;
  @TimestampColumn({ nullable: true }) reviewedAt!: Date | null;
  /** What the officer asked the written report to cover. */
  @Column({ type: 'text', nullable: true }) detailRequest!: string | null;
  @RefColumn({ nullable: true }) detailRequestedBy!: string | null;
  @TimestampColumn({ nullable: true }) detailRequestedAt!: Date | null;
  /** The written report (第2項): cause, extent of the damage, measures taken, prevention of recurrence. */
  @Column({ type: 'text', nullable: true }) cause!: string | null;
  @Column({ type: 'text', nullable: true }) damageScope!: string | null;
  @Column({ type: 'text', nullable: true }) measuresTaken!: string | null;
  @Column({ type: 'text', nullable: true }) recurrencePrevention!: string | null;
  @RefColumn({ nullable: true }) detailedReportBy!: string | null;
  /** The first written report's time (lateness is judged on it); a report asked for again keeps it. */
  @TimestampColumn({ nullable: true }) detailedReportAt!: Date | null;
  @TextColumn(20, { nullable: true }) publicationDecision!: PublicationDecision | null;
  /** The day it was (or is to be) published, or the day not to publish was decided. */
  @DateColumn({ nullable: true }) publicationDate!: string | null;
  @Column({ type: 'text', nullable: true }) publicationNote!: string | null;
  @RefColumn({ nullable: true }) publicationDecidedBy!: string | null;
  @TimestampColumn({ nullable: true }) publicationDecidedAt!: Date | null;
  @Column({ type: 'text', nullable: true }) closingNote!: string | null;
  @RefColumn({ nullable: true }) closedBy!: string | null;
  @TimestampColumn({ nullable: true }) closedAt!: Date | null;
  @VersionColumn() version!: number;
  @TimestampColumn() createdAt!: Date;

  @ManyToOne(() => Contract, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'contract_id', foreignKeyConstraintName: 'fk_incident_contract' })
  contract?: Contract;
}

import { Column, Entity, Index } from 'typeorm';
import { DateColumn, IdColumn, RefColumn, TextColumn, TimestampColumn } from '../../database/columns';

export type CheckpointKind = 'SCHEDULED' | 'MANUAL';

/**
 * A signed checkpoint of the audit chain, kept here so that the app knows the last one; the copy that counts is
 * the exported file and the administrators' mail (a row here can be deleted with the rows it anchors). The
 * checkpoint covers its own audit row (`seq` is that row's). One scheduled checkpoint per day, however many
 * instances run the job: `scheduled_for` is unique.
 */
@Entity('audit_checkpoint')
@Index('uq_audit_checkpoint_seq', ['seq'], { unique: true })
@Index('uq_audit_checkpoint_day', ['scheduledFor'], { unique: true })
export class AuditCheckpoint {
  @IdColumn() id!: string;
  @Column({ type: 'bigint' }) seq!: string;
  @TextColumn(64) hash!: string;
  @TimestampColumn() at!: Date;
  @TextColumn(64) keyId!: string;
  @TextColumn(100) signature!: string;
  @TextColumn(20) kind!: CheckpointKind;
  /** The day (Japan time) of a scheduled checkpoint; null for one made on demand. */
  @DateColumn({ nullable: true }) scheduledFor!: string | null;
  @RefColumn({ nullable: true }) createdBy!: string | null;
}

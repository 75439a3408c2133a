import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { DateColumn, IdColumn, RefColumn, TextColumn, TimestampColumn } from '../../database/columns';
import type { CommissionReportKind } from './commission-rules';
import { Incident } from './incident.entity';

/**
 * One of the body's own reports to the 個人情報保護委員会 about an incident (速報 or 確報): a task with its due date,
 * created with the incident when the rules call for it, done when staff record the day it was sent.
 */
@Entity('incident_commission_report')
@Index('uq_incident_commission_report', ['incidentId', 'kind'], { unique: true })
@Index('idx_incident_commission_due', ['doneDate', 'dueDate'])
export class IncidentCommissionReport {
  @IdColumn() id!: string;
  @RefColumn() incidentId!: string;
  @TextColumn(20) kind!: CommissionReportKind;
  @DateColumn() dueDate!: string;
  @DateColumn({ nullable: true }) doneDate!: string | null;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @RefColumn({ nullable: true }) recordedBy!: string | null;
  @TimestampColumn({ nullable: true }) recordedAt!: Date | null;
  @TimestampColumn() createdAt!: Date;

  @ManyToOne(() => Incident, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'incident_id', foreignKeyConstraintName: 'fk_incident_commission_incident' })
  incident?: Incident;
}

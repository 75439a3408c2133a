import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, RefColumn, TextColumn, TimestampColumn } from '../../database/columns';
import { Assessment } from './assessment.entity';

/** Answers to a CHECKLIST question. */
export const CHECKLIST_ANSWERS = ['IMPLEMENTED', 'PARTIAL', 'NOT_IMPLEMENTED', 'NOT_APPLICABLE'] as const;
export type ChecklistAnswer = (typeof CHECKLIST_ANSWERS)[number];
/** Answers to a REPORT item: did it happen in the period? */
export const REPORT_ANSWERS = ['YES', 'NO'] as const;
export type ReportAnswer = (typeof REPORT_ANSWERS)[number];
export const ANSWERS = [...CHECKLIST_ANSWERS, ...REPORT_ANSWERS] as const;
export type Answer = (typeof ANSWERS)[number];
export const VERDICTS = ['ACCEPTED', 'FINDING'] as const;
export type Verdict = (typeof VERDICTS)[number];
export const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * One question of an assessment, copied from the signed clause it comes from (its article number and heading
 * too), so a finding always points at the contract text.
 */
@Entity('assessment_item')
@Index('idx_assessment_item_assessment', ['assessmentId', 'position'])
@Index('idx_assessment_item_answer', ['assessmentId', 'answer'])
export class AssessmentItem {
  @IdColumn() id!: string;
  @RefColumn() assessmentId!: string;
  @Column({ type: 'int' }) position!: number;
  @TextColumn(60) clauseCode!: string;
  @Column({ type: 'int' }) articleNo!: number;
  @TextColumn(200) clauseTitle!: string;
  @TextColumn(60) questionCode!: string;
  @Column({ type: 'text' }) question!: string;
  /** 第n項 of the article that imposes the duty asked about; null when advisory or signed before paragraphs. */
  @Column({ type: 'int', nullable: true }) basis!: number | null;
  /** Good practice the article does not require: a finding on it is a recommendation (推奨事項). */
  @Column({ type: 'boolean', default: false }) advisory!: boolean;
  @Column({ type: 'boolean', default: false }) requiresComment!: boolean;
  @Column({ type: 'boolean', default: false }) requiresEvidence!: boolean;
  @TextColumn(30, { nullable: true }) crossCheck!: 'roster-training' | 'roster-changes' | null;
  @TextColumn(20, { nullable: true }) answer!: Answer | null;
  @Column({ type: 'text', nullable: true }) comment!: string | null;
  @TimestampColumn({ nullable: true }) answeredAt!: Date | null;
  @RefColumn({ nullable: true }) answeredBy!: string | null;
  @TextColumn(20, { nullable: true }) verdict!: Verdict | null;
  @Column({ type: 'text', nullable: true }) reviewNote!: string | null;
  @TextColumn(20, { nullable: true }) severity!: Severity | null;

  @ManyToOne(() => Assessment, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'assessment_id', foreignKeyConstraintName: 'fk_assessment_item_assessment' })
  assessment?: Assessment;
}

import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, RefColumn, TextColumn, TimestampColumn } from '../../database/columns';
import { Assessment } from './assessment.entity';

export const ANSWERS = ['IMPLEMENTED', 'PARTIAL', 'NOT_IMPLEMENTED', 'NOT_APPLICABLE'] as const;
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

import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, RefColumn, TextColumn } from '../../database/columns';
import { Inspection } from './inspection.entity';

export const INSPECTION_RESULTS = ['CONFORMING', 'NONCONFORMING', 'NOT_CHECKED'] as const;
export type InspectionResult = (typeof INSPECTION_RESULTS)[number];

/**
 * One item of an inspection: a question of a contracted clause as signed (its article, the paragraph it checks,
 * advisory or not), drawn when the inspection is planned, and what the inspectors found.
 */
@Entity('inspection_item')
@Index('idx_inspection_item_inspection', ['inspectionId', 'position'])
export class InspectionItem {
  @IdColumn() id!: string;
  @RefColumn() inspectionId!: string;
  @Column({ type: 'int' }) position!: number;
  @TextColumn(60) clauseCode!: string;
  @Column({ type: 'int' }) articleNo!: number;
  @TextColumn(200) clauseTitle!: string;
  /** The paragraph (第n項) the question checks; null when the signed question named none. */
  @Column({ type: 'int', nullable: true }) basis!: number | null;
  @TextColumn(60) questionCode!: string;
  @Column({ type: 'text' }) question!: string;
  /** A recommendation (推奨事項): a nonconformity here is never cited as a breach. */
  @Column({ type: 'boolean' }) advisory!: boolean;
  @TextColumn(20) result!: 'CONFORMING' | 'NONCONFORMING' | 'NOT_CHECKED';
  @Column({ type: 'text', nullable: true }) note!: string | null;
  /** What was looked at (記録・資料・現場), as the inspectors name it. */
  @Column({ type: 'text', nullable: true }) evidence!: string | null;

  @ManyToOne(() => Inspection, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'inspection_id', foreignKeyConstraintName: 'fk_inspection_item_inspection' })
  inspection?: Inspection;
}

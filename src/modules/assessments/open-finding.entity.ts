import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { RefColumn, TextColumn } from '../../database/columns';
import { AssessmentItem } from './assessment-item.entity';

/**
 * One row per open finding, kept up to date in the transactions that open and close findings (open-findings.ts),
 * so the dashboard counts them from this small table instead of aggregating every assessment item per request.
 * The other columns are copies of the item's and its assessment's values, none of which change once the
 * assessment is REVIEWED. The index serves the dashboard's count per contractor and clause from the index alone.
 */
@Entity('open_finding')
@Index('idx_open_finding_clause', ['contractorId', 'clauseCode', 'clauseTitle'])
export class OpenFinding {
  @Column({ type: 'varchar', length: 36, primary: true }) assessmentItemId!: string;
  @RefColumn() assessmentId!: string;
  @RefColumn() contractorId!: string;
  @TextColumn(60) clauseCode!: string;
  @TextColumn(200) clauseTitle!: string;

  @ManyToOne(() => AssessmentItem, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'assessment_item_id', foreignKeyConstraintName: 'fk_open_finding_item' })
  item?: AssessmentItem;
}

/**
 * How many open findings each contractor has per clause (and clause title: a snapshot per contract), kept in the
 * same transactions as `open_finding`, so the dashboard reads ~17,000 counts at national scale instead of
 * grouping 160,000 rows per request (95 ms on MariaDB). A count that falls to zero is deleted.
 */
@Entity('open_finding_count')
export class OpenFindingCount {
  @Column({ type: 'varchar', length: 36, primary: true }) contractorId!: string;
  @Column({ type: 'varchar', length: 60, primary: true }) clauseCode!: string;
  @Column({ type: 'varchar', length: 200, primary: true }) clauseTitle!: string;
  @Column({ type: 'int' }) n!: number;
}

import { Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, RefColumn } from '../../database/columns';
import { AssessmentItem } from '../assessments/assessment-item.entity';
import { ImprovementOrder } from './improvement-order.entity';

/** Links an order to the assessment findings it answers (hence to the clause / 第n条 breached). */
@Entity('improvement_order_finding')
@Index('uq_order_finding', ['orderId', 'assessmentItemId'], { unique: true })
@Index('idx_order_finding_item', ['assessmentItemId'])
@Index('uq_order_finding_held', ['heldItemId'], { unique: true })
export class ImprovementOrderFinding {
  @IdColumn() id!: string;
  @RefColumn() orderId!: string;
  @RefColumn() assessmentItemId!: string;
  /**
   * The finding again while this order holds it (every status but WITHDRAWN), null once withdrawn: the unique key
   * lets one order at a time cite a finding, whatever the database's isolation, and a withdrawn one frees it.
   */
  @RefColumn({ nullable: true }) heldItemId!: string | null;

  @ManyToOne(() => ImprovementOrder, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'order_id', foreignKeyConstraintName: 'fk_order_finding_order' })
  order?: ImprovementOrder;

  @ManyToOne(() => AssessmentItem, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'assessment_item_id', foreignKeyConstraintName: 'fk_order_finding_item' })
  item?: AssessmentItem;
}

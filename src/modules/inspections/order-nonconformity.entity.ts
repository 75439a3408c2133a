import { Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, RefColumn } from '../../database/columns';
import { ImprovementOrder } from '../improvement-orders/improvement-order.entity';
import { InspectionItem } from './inspection-item.entity';

/**
 * Links an improvement order (source INSPECTION) to the nonconformities it cites. Like an assessment finding, a
 * nonconformity is held by one order at a time: `heldItemId` is the item while the order is not WITHDRAWN, and
 * its unique key decides a race the check before the insert cannot see.
 */
@Entity('improvement_order_nonconformity')
@Index('uq_order_nonconformity', ['orderId', 'inspectionItemId'], { unique: true })
@Index('idx_order_nonconformity_item', ['inspectionItemId'])
@Index('uq_order_nonconformity_held', ['heldItemId'], { unique: true })
export class ImprovementOrderNonconformity {
  @IdColumn() id!: string;
  @RefColumn() orderId!: string;
  @RefColumn() inspectionItemId!: string;
  @RefColumn({ nullable: true }) heldItemId!: string | null;

  @ManyToOne(() => ImprovementOrder, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'order_id', foreignKeyConstraintName: 'fk_order_nonconformity_order' })
  order?: ImprovementOrder;

  @ManyToOne(() => InspectionItem, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'inspection_item_id', foreignKeyConstraintName: 'fk_order_nonconformity_item' })
  item?: InspectionItem;
}

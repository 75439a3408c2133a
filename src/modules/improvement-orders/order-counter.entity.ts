import { Column, Entity } from 'typeorm';

/** The last order number used in each fiscal year; locked while numbering, so numbers never repeat or skip. */
@Entity('order_number_counter')
export class OrderNumberCounter {
  @Column({ type: 'int', primary: true }) fiscalYear!: number;
  @Column({ type: 'int' }) lastSeq!: number;
}

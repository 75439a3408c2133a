import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';

// An improvement order states where its facts were found (issue 16): ASSESSMENT (its findings), INSPECTION (an
// inspection's nonconformities), INCIDENT or OTHER (the facts the administrator states, with the day and the way
// they were found). Orders issued before are ASSESSMENT when they cite findings and OTHER otherwise; their
// found_on / found_how stay empty (their facts already say how, in the administrator's words).
export class OrderSource1795970000000 implements MigrationInterface {
  name = 'OrderSource1795970000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('improvement_order', [
      new TableColumn({
        name: 'source',
        type: 'varchar',
        length: '20',
        default: "'OTHER'",
        isNullable: false,
      }),
      new TableColumn({ name: 'source_id', type: 'varchar', length: '36', isNullable: true }),
      new TableColumn({ name: 'found_on', type: 'date', isNullable: true }),
      new TableColumn({ name: 'found_how', type: 'varchar', length: '500', isNullable: true }),
    ]);
    await q.query(
      `UPDATE improvement_order SET source = 'ASSESSMENT'
        WHERE id IN (SELECT f.order_id FROM improvement_order_finding f)`,
    );
    await q.createIndex(
      'improvement_order',
      new TableIndex({ name: 'idx_order_source', columnNames: ['source', 'source_id'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('improvement_order', 'idx_order_source');
    for (const column of ['found_how', 'found_on', 'source_id', 'source'])
      await q.dropColumn('improvement_order', column);
  }
}

import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';

// A finding is cited by one order at a time (issue 13): the check before the insert could not see a parallel
// transaction's order on MariaDB, so six parallel issues made six orders. The unique `held_item_id` enforces it.
// Orders that raced before keep their rows; only the oldest holds the finding, so the others still show it but
// no longer block it once that one is withdrawn.
export class OneOrderPerFinding1795930000000 implements MigrationInterface {
  name = 'OneOrderPerFinding1795930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'improvement_order_finding',
      new TableColumn({ name: 'held_item_id', type: 'varchar', length: '36', isNullable: true }),
    );
    const rows = (await q.query(
      `SELECT f.id AS id, f.assessment_item_id AS item FROM improvement_order_finding f
         JOIN improvement_order o ON o.id = f.order_id
        WHERE o.status <> 'WITHDRAWN'
        ORDER BY o.created_at, o.id`,
    )) as { id: string; item: string }[];
    const held = new Set<string>();
    for (const row of rows) {
      if (held.has(row.item)) continue;
      held.add(row.item);
      await q.query('UPDATE improvement_order_finding SET held_item_id = ? WHERE id = ?', [row.item, row.id]);
    }
    await q.createIndex(
      'improvement_order_finding',
      new TableIndex({ name: 'uq_order_finding_held', columnNames: ['held_item_id'], isUnique: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('improvement_order_finding', 'uq_order_finding_held');
    await q.dropColumn('improvement_order_finding', 'held_item_id');
  }
}

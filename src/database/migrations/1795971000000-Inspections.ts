import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

// 立入検査・書面監査 (issue 16): `inspection` (planned, conducted, reported by the 検査結果通知書), its items drawn
// from the contracted clauses' questions, and the link from an improvement order (source INSPECTION) to the
// nonconformities it cites, held by one order at a time (unique held_item_id, as for assessment findings).
export class Inspections1795971000000 implements MigrationInterface {
  name = 'Inspections1795971000000';

  async up(q: QueryRunner): Promise<void> {
    const ref = (name: string, nullable = false) => ({
      name,
      type: 'varchar',
      length: '36',
      isNullable: nullable,
    });
    const fk = (name: string, column: string, table: string) =>
      new TableForeignKey({
        name,
        columnNames: [column],
        referencedTableName: table,
        referencedColumnNames: ['id'],
        onDelete: 'RESTRICT',
        onUpdate: 'RESTRICT',
      });
    await q.createTable(
      new Table({
        name: 'inspection',
        columns: [
          { ...ref('id'), isPrimary: true },
          ref('contract_id'),
          ref('contractor_id'),
          { name: 'kind', type: 'varchar', length: '20' },
          { name: 'planned_on', type: 'date' },
          { name: 'announced', type: 'boolean' },
          { name: 'inspectors', type: 'text' },
          { name: 'place', type: 'varchar', length: '200', isNullable: true },
          ref('subcontract_id', true),
          { name: 'purpose', type: 'text', isNullable: true },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'conducted_on', type: 'date', isNullable: true },
          { name: 'summary', type: 'text', isNullable: true },
          { name: 'cancel_reason', type: 'text', isNullable: true },
          ref('planned_by'),
          ref('conducted_by', true),
          { name: 'conducted_at', type: 'datetime', precision: 3, isNullable: true },
          ref('reported_by', true),
          { name: 'reported_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'version', type: 'integer', default: 1 },
          { name: 'created_at', type: 'datetime', precision: 3 },
          { name: 'updated_at', type: 'datetime', precision: 3 },
        ],
        foreignKeys: [
          fk('fk_inspection_contract', 'contract_id', 'contract'),
          fk('fk_inspection_contractor', 'contractor_id', 'contractor'),
        ],
        indices: [
          new TableIndex({ name: 'idx_inspection_contract', columnNames: ['contract_id', 'created_at'] }),
          new TableIndex({
            name: 'idx_inspection_contractor_status',
            columnNames: ['contractor_id', 'status'],
          }),
          new TableIndex({ name: 'idx_inspection_created', columnNames: ['created_at', 'id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'inspection_item',
        columns: [
          { ...ref('id'), isPrimary: true },
          ref('inspection_id'),
          { name: 'position', type: 'integer' },
          { name: 'clause_code', type: 'varchar', length: '60' },
          { name: 'article_no', type: 'integer' },
          { name: 'clause_title', type: 'varchar', length: '200' },
          { name: 'basis', type: 'integer', isNullable: true },
          { name: 'question_code', type: 'varchar', length: '60' },
          { name: 'question', type: 'text' },
          { name: 'advisory', type: 'boolean' },
          { name: 'result', type: 'varchar', length: '20' },
          { name: 'note', type: 'text', isNullable: true },
          { name: 'evidence', type: 'text', isNullable: true },
        ],
        foreignKeys: [fk('fk_inspection_item_inspection', 'inspection_id', 'inspection')],
        indices: [
          new TableIndex({
            name: 'idx_inspection_item_inspection',
            columnNames: ['inspection_id', 'position'],
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'improvement_order_nonconformity',
        columns: [
          { ...ref('id'), isPrimary: true },
          ref('order_id'),
          ref('inspection_item_id'),
          ref('held_item_id', true),
        ],
        foreignKeys: [
          fk('fk_order_nonconformity_order', 'order_id', 'improvement_order'),
          fk('fk_order_nonconformity_item', 'inspection_item_id', 'inspection_item'),
        ],
        indices: [
          new TableIndex({
            name: 'uq_order_nonconformity',
            columnNames: ['order_id', 'inspection_item_id'],
            isUnique: true,
          }),
          new TableIndex({ name: 'idx_order_nonconformity_item', columnNames: ['inspection_item_id'] }),
          new TableIndex({
            name: 'uq_order_nonconformity_held',
            columnNames: ['held_item_id'],
            isUnique: true,
          }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('improvement_order_nonconformity');
    await q.dropTable('inspection_item');
    await q.dropTable('inspection');
  }
}

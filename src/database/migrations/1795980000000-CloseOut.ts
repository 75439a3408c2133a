import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

// The contractor's 返還・廃棄報告 after a contract ends or is terminated (issue 16, item 4). A contract ended before
// this migration gets no row: the report was handled on paper, and the contract stays ENDED/TERMINATED until the
// officer records it.
export class CloseOut1795980000000 implements MigrationInterface {
  name = 'CloseOut1795980000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'contract_close_out',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'contract_id', type: 'varchar', length: '36' },
          { name: 'contractor_id', type: 'varchar', length: '36' },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'basis', type: 'varchar', length: '20' },
          { name: 'ended_on', type: 'date' },
          { name: 'return_days', type: 'integer' },
          { name: 'due_date', type: 'date' },
          { name: 'sections', type: 'text', isNullable: true },
          { name: 'submissions', type: 'integer' },
          { name: 'submitted_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'submitted_by', type: 'varchar', length: '36', isNullable: true },
          { name: 'return_reason', type: 'text', isNullable: true },
          { name: 'confirmation_note', type: 'text', isNullable: true },
          { name: 'decided_by', type: 'varchar', length: '36', isNullable: true },
          { name: 'decided_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'version', type: 'integer', default: 1 },
          { name: 'created_at', type: 'datetime', precision: 3 },
          { name: 'updated_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          new TableIndex({
            name: 'uq_contract_close_out_contract',
            columnNames: ['contract_id'],
            isUnique: true,
          }),
          new TableIndex({ name: 'idx_contract_close_out_status_due', columnNames: ['status', 'due_date'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_contract_close_out_contract',
            columnNames: ['contract_id'],
            referencedTableName: 'contract',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
            onUpdate: 'RESTRICT',
          }),
          new TableForeignKey({
            name: 'fk_contract_close_out_contractor',
            columnNames: ['contractor_id'],
            referencedTableName: 'contractor',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
            onUpdate: 'RESTRICT',
          }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('contract_close_out');
  }
}

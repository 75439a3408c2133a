import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableForeignKey } from 'typeorm';

// The selection record (選定) of a contract (issue 16, item 1): one row per contract, with the procurement method,
// the criteria as answered (JSON), the reason, who decided and when. A certification gains its 適用範囲 (scope), so
// a certification that does not cover the work can be flagged beside the criterion; existing ones have none
// recorded (null) and are flagged as such until it is entered.
export class ContractorSelection1795950000000 implements MigrationInterface {
  name = 'ContractorSelection1795950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'contractor_selection',
        columns: [
          { name: 'contract_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'method', type: 'varchar', length: '30' },
          { name: 'criteria', type: 'text' },
          { name: 'reason', type: 'text' },
          { name: 'decided_by', type: 'varchar', length: '36' },
          { name: 'decided_at', type: 'datetime', precision: 3 },
          { name: 'version', type: 'integer', default: 1 },
          { name: 'created_at', type: 'datetime', precision: 3 },
          { name: 'updated_at', type: 'datetime', precision: 3 },
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_contractor_selection_contract',
            columnNames: ['contract_id'],
            referencedTableName: 'contract',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
            onUpdate: 'RESTRICT',
          }),
          new TableForeignKey({
            name: 'fk_contractor_selection_decided_by',
            columnNames: ['decided_by'],
            referencedTableName: 'user',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
            onUpdate: 'RESTRICT',
          }),
        ],
      }),
    );
    await q.addColumn('certification', new TableColumn({ name: 'scope', type: 'text', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('certification', 'scope');
    await q.dropTable('contractor_selection');
  }
}

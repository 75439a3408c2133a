import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import type { TableColumnOptions } from 'typeorm/schema-builder/options/TableColumnOptions';

// Improvement orders with their findings, timeline and numbering, and notifications (issue 5).
// Written with the QueryRunner table API so that the same file runs on SQLite and MySQL/MariaDB.
const id = (): TableColumnOptions => ({ name: 'id', type: 'varchar', length: '36', isPrimary: true });
const ref = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '36',
  isNullable: nullable,
});
const text = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const longText = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'text',
  isNullable: nullable,
});
const ts = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'datetime',
  precision: 3,
  isNullable: nullable,
});
const date = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'date',
  isNullable: nullable,
});
const int = (name: string, dflt?: number): TableColumnOptions => ({ name, type: 'integer', default: dflt });

export class ImprovementOrders1795810000000 implements MigrationInterface {
  name = 'ImprovementOrders1795810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'improvement_order',
        columns: [
          id(),
          text('order_number', 30),
          int('fiscal_year'),
          ref('contract_id'),
          ref('contractor_id'),
          text('clause_code', 60, true),
          text('title', 200),
          longText('description'),
          text('severity', 20),
          date('due_date'),
          text('status', 30),
          ref('issued_by'),
          ts('issued_at'),
          ts('closed_at', true),
          ts('overdue_at', true),
          ts('escalated_at', true),
          int('version', 1),
          ts('created_at'),
          ts('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_order_number', columnNames: ['order_number'], isUnique: true }),
          new TableIndex({ name: 'idx_order_contractor', columnNames: ['contractor_id', 'created_at'] }),
          new TableIndex({ name: 'idx_order_status_due', columnNames: ['status', 'due_date'] }),
          new TableIndex({ name: 'idx_order_created', columnNames: ['created_at', 'id'] }),
        ],
        foreignKeys: [
          fk('fk_order_contract', 'contract_id', 'contract'),
          fk('fk_order_contractor', 'contractor_id', 'contractor'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'improvement_order_finding',
        columns: [id(), ref('order_id'), ref('assessment_item_id')],
        indices: [
          new TableIndex({
            name: 'uq_order_finding',
            columnNames: ['order_id', 'assessment_item_id'],
            isUnique: true,
          }),
          new TableIndex({ name: 'idx_order_finding_item', columnNames: ['assessment_item_id'] }),
        ],
        foreignKeys: [
          fk('fk_order_finding_order', 'order_id', 'improvement_order'),
          fk('fk_order_finding_item', 'assessment_item_id', 'assessment_item'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'improvement_order_event',
        columns: [
          id(),
          ref('order_id'),
          text('type', 30),
          ref('actor_id', true),
          text('actor_role', 20, true),
          longText('body', true),
          longText('root_cause', true),
          longText('corrective_action', true),
          longText('preventive_action', true),
          date('planned_completion_date', true),
          longText('effectiveness_note', true),
          longText('evidence_ids', true),
          ts('created_at'),
        ],
        indices: [new TableIndex({ name: 'idx_order_event_order', columnNames: ['order_id', 'created_at'] })],
        foreignKeys: [fk('fk_order_event_order', 'order_id', 'improvement_order')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'order_number_counter',
        columns: [
          { name: 'fiscal_year', type: 'integer', isPrimary: true },
          { name: 'last_seq', type: 'integer' },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'notification',
        columns: [
          id(),
          ref('user_id'),
          text('kind', 40),
          text('subject', 200),
          longText('body'),
          text('link', 300, true),
          text('dedupe_key', 200),
          ts('read_at', true),
          ts('emailed_at', true),
          ts('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_notification_dedupe', columnNames: ['dedupe_key'], isUnique: true }),
          new TableIndex({ name: 'idx_notification_user', columnNames: ['user_id', 'created_at'] }),
          new TableIndex({ name: 'idx_notification_unsent', columnNames: ['emailed_at'] }),
        ],
        foreignKeys: [fk('fk_notification_user', 'user_id', 'user')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'notification',
      'order_number_counter',
      'improvement_order_event',
      'improvement_order_finding',
      'improvement_order',
    ]) {
      await q.dropTable(table);
    }
  }
}

function fk(name: string, column: string, table: string): TableForeignKey {
  return new TableForeignKey({
    name,
    columnNames: [column],
    referencedTableName: table,
    referencedColumnNames: ['id'],
    onDelete: 'RESTRICT',
    onUpdate: 'RESTRICT',
  });
}

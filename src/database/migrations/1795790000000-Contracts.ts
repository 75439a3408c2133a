import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import type { TableColumnOptions } from 'typeorm/schema-builder/options/TableColumnOptions';

// Contracts with their clauses, sub-contracting tiers and the worker roster (issue 3).
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
const int = (name: string, options: { default?: number; nullable?: boolean } = {}): TableColumnOptions => ({
  name,
  type: 'integer',
  default: options.default,
  isNullable: options.nullable ?? false,
});
const bool = (name: string): TableColumnOptions => ({ name, type: 'boolean' });

export class Contracts1795790000000 implements MigrationInterface {
  name = 'Contracts1795790000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'contract',
        columns: [
          id(),
          text('contract_number', 50),
          text('title', 200),
          ref('contractor_id'),
          text('department', 100),
          ref('officer_user_id', true),
          date('start_date'),
          date('end_date'),
          int('confidentiality_class'),
          bool('handles_personal_info'),
          bool('uses_cloud'),
          text('work_location', 200, true),
          text('assessment_frequency', 20),
          text('status', 20),
          ts('approved_at', true),
          ref('approved_by', true),
          text('document_sha256', 64, true),
          text('catalogue_version', 64, true),
          ts('closed_at', true),
          longText('closed_reason', true),
          int('version', { default: 1 }),
          ts('created_at'),
          ts('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_contract_number', columnNames: ['contract_number'], isUnique: true }),
          new TableIndex({ name: 'idx_contract_contractor', columnNames: ['contractor_id', 'created_at'] }),
          new TableIndex({ name: 'idx_contract_status_end', columnNames: ['status', 'end_date'] }),
          new TableIndex({ name: 'idx_contract_created', columnNames: ['created_at', 'id'] }),
        ],
        foreignKeys: [
          fk('fk_contract_contractor', 'contractor_id', 'contractor'),
          fk('fk_contract_officer', 'officer_user_id', 'user'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'contract_clause',
        columns: [
          id(),
          ref('contract_id'),
          text('clause_code', 60),
          longText('params'),
          int('article_no', { nullable: true }),
          text('title', 200, true),
          longText('rendered_text', true),
          text('catalogue_version', 64, true),
        ],
        indices: [
          new TableIndex({
            name: 'uq_contract_clause',
            columnNames: ['contract_id', 'clause_code'],
            isUnique: true,
          }),
        ],
        foreignKeys: [fk('fk_contract_clause_contract', 'contract_id', 'contract')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'subcontract',
        columns: [
          id(),
          ref('contract_id'),
          ref('contractor_id'),
          ref('parent_subcontract_id', true),
          longText('scope'),
          text('status', 20),
          ref('requested_by'),
          ref('decided_by', true),
          ts('decided_at', true),
          longText('decision_note', true),
          int('version', { default: 1 }),
          ts('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'idx_subcontract_contract', columnNames: ['contract_id', 'created_at'] }),
        ],
        foreignKeys: [
          fk('fk_subcontract_contract', 'contract_id', 'contract'),
          fk('fk_subcontract_contractor', 'contractor_id', 'contractor'),
          fk('fk_subcontract_parent', 'parent_subcontract_id', 'subcontract'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'contract_worker',
        columns: [
          id(),
          ref('contract_id'),
          text('name', 100),
          ref('employer_contractor_id'),
          text('role', 100),
          text('work_location', 200),
          date('training_date', true),
          date('pledge_date', true),
          int('version', { default: 1 }),
          ts('created_at'),
          ts('updated_at'),
        ],
        indices: [
          new TableIndex({
            name: 'idx_contract_worker_contract',
            columnNames: ['contract_id', 'created_at'],
          }),
        ],
        foreignKeys: [
          fk('fk_contract_worker_contract', 'contract_id', 'contract'),
          fk('fk_contract_worker_employer', 'employer_contractor_id', 'contractor'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['contract_worker', 'subcontract', 'contract_clause', 'contract'])
      await q.dropTable(table);
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

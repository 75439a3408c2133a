import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import type { TableColumnOptions } from 'typeorm/schema-builder/options/TableColumnOptions';

// 事故報告 (issue 16, item 2): a contractor's incident report with the body's handling of it, and the body's own
// reports to the 個人情報保護委員会 (速報・確報) as tasks with due dates.
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
const int = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'integer',
  isNullable: nullable,
});
const bool = (name: string): TableColumnOptions => ({ name, type: 'boolean' });

export class Incidents1795960000000 implements MigrationInterface {
  name = 'Incidents1795960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'incident',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          ref('contract_id'),
          ref('contractor_id'),
          ref('reported_by'),
          text('kind', 30),
          ts('occurred_at', true),
          ts('detected_at'),
          ts('reported_at'),
          longText('summary'),
          longText('information_involved'),
          longText('containment', true),
          bool('personal_info_involved'),
          int('persons_affected', true),
          bool('sensitive_personal_info'),
          bool('specific_personal_info'),
          bool('financial_harm_risk'),
          bool('unlawful_purpose_suspected'),
          longText('commission_grounds'),
          int('report_hours'),
          int('written_report_days'),
          ts('first_report_due_at'),
          date('written_report_due_date'),
          text('status', 30),
          longText('review_note', true),
          ref('reviewed_by', true),
          ts('reviewed_at', true),
          longText('detail_request', true),
          ref('detail_requested_by', true),
          ts('detail_requested_at', true),
          longText('cause', true),
          longText('damage_scope', true),
          longText('measures_taken', true),
          longText('recurrence_prevention', true),
          ref('detailed_report_by', true),
          ts('detailed_report_at', true),
          text('publication_decision', 20, true),
          date('publication_date', true),
          longText('publication_note', true),
          ref('publication_decided_by', true),
          ts('publication_decided_at', true),
          longText('closing_note', true),
          ref('closed_by', true),
          ts('closed_at', true),
          { name: 'version', type: 'integer', default: 1 },
          ts('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'idx_incident_created', columnNames: ['created_at', 'id'] }),
          new TableIndex({ name: 'idx_incident_contractor', columnNames: ['contractor_id', 'created_at'] }),
          new TableIndex({ name: 'idx_incident_contract', columnNames: ['contract_id', 'created_at'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_incident_contract',
            columnNames: ['contract_id'],
            referencedTableName: 'contract',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
            onUpdate: 'RESTRICT',
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'incident_commission_report',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          ref('incident_id'),
          text('kind', 20),
          date('due_date'),
          date('done_date', true),
          longText('note', true),
          ref('recorded_by', true),
          ts('recorded_at', true),
          ts('created_at'),
        ],
        indices: [
          new TableIndex({
            name: 'uq_incident_commission_report',
            columnNames: ['incident_id', 'kind'],
            isUnique: true,
          }),
          new TableIndex({ name: 'idx_incident_commission_due', columnNames: ['done_date', 'due_date'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_incident_commission_incident',
            columnNames: ['incident_id'],
            referencedTableName: 'incident',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
            onUpdate: 'RESTRICT',
          }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('incident_commission_report');
    await q.dropTable('incident');
  }
}

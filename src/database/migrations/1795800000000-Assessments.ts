import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  TableColumn,
  TableForeignKey,
  TableIndex,
} from 'typeorm';
import type { TableColumnOptions } from 'typeorm/schema-builder/options/TableColumnOptions';

// Periodic self-assessments, their items, evidence files, and the questions frozen with each signed clause
// (issue 4). Written with the QueryRunner table API so that the same file runs on SQLite and MySQL/MariaDB.
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
const date = (name: string): TableColumnOptions => ({ name, type: 'date' });
const int = (name: string, dflt?: number): TableColumnOptions => ({ name, type: 'integer', default: dflt });

export class Assessments1795800000000 implements MigrationInterface {
  name = 'Assessments1795800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('contract_clause', new TableColumn(longText('questions', true)));
    await q.createTable(
      new Table({
        name: 'assessment',
        columns: [
          id(),
          ref('contract_id'),
          ref('contractor_id'),
          date('period_start'),
          date('period_end'),
          date('due_date'),
          text('status', 20),
          ts('submitted_at', true),
          ref('submitted_by', true),
          ts('reviewed_at', true),
          ref('reviewed_by', true),
          longText('return_message', true),
          { name: 'score', type: 'decimal', precision: 5, scale: 2, isNullable: true },
          int('version', 1),
          ts('created_at'),
          ts('updated_at'),
        ],
        indices: [
          new TableIndex({
            name: 'uq_assessment_period',
            columnNames: ['contract_id', 'period_start'],
            isUnique: true,
          }),
          new TableIndex({ name: 'idx_assessment_contractor', columnNames: ['contractor_id', 'due_date'] }),
          new TableIndex({ name: 'idx_assessment_status_due', columnNames: ['status', 'due_date'] }),
          new TableIndex({ name: 'idx_assessment_created', columnNames: ['created_at', 'id'] }),
        ],
        foreignKeys: [
          fk('fk_assessment_contract', 'contract_id', 'contract'),
          fk('fk_assessment_contractor', 'contractor_id', 'contractor'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'assessment_item',
        columns: [
          id(),
          ref('assessment_id'),
          int('position'),
          text('clause_code', 60),
          int('article_no'),
          text('clause_title', 200),
          text('question_code', 60),
          longText('question'),
          text('answer', 20, true),
          longText('comment', true),
          ts('answered_at', true),
          ref('answered_by', true),
          text('verdict', 20, true),
          longText('review_note', true),
          text('severity', 20, true),
        ],
        indices: [
          new TableIndex({
            name: 'idx_assessment_item_assessment',
            columnNames: ['assessment_id', 'position'],
          }),
        ],
        foreignKeys: [fk('fk_assessment_item_assessment', 'assessment_id', 'assessment')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'evidence',
        columns: [
          id(),
          text('owner_type', 30),
          ref('owner_id'),
          ref('contractor_id'),
          text('file_name', 255),
          text('media_type', 100),
          int('size'),
          text('sha256', 64),
          ref('uploaded_by'),
          ts('created_at'),
        ],
        indices: [new TableIndex({ name: 'idx_evidence_owner', columnNames: ['owner_type', 'owner_id'] })],
        foreignKeys: [fk('fk_evidence_contractor', 'contractor_id', 'contractor')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['evidence', 'assessment_item', 'assessment']) await q.dropTable(table);
    await q.dropColumn('contract_clause', 'questions');
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

import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

// 外部サービス (issue 17, Article 6(6)(イ)): the register of cloud and 約款 services with their approval, and the
// services a cloud-using contract names.
export class ExternalServices1796000000000 implements MigrationInterface {
  name = 'ExternalServices1796000000000';

  async up(q: QueryRunner): Promise<void> {
    const ref = (name: string, nullable = false) => ({
      name,
      type: 'varchar',
      length: '36',
      isNullable: nullable,
    });
    const text = (name: string, length: number, nullable = true) => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
    });
    const long = (name: string, nullable = true) => ({ name, type: 'text', isNullable: nullable });
    const date = (name: string) => ({ name, type: 'date', isNullable: true });
    const at = (name: string, nullable = true) => ({
      name,
      type: 'datetime',
      precision: 3,
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
        name: 'external_service',
        columns: [
          { ...ref('id'), isPrimary: true },
          text('name', 200, false),
          text('provider_name', 200, false),
          text('provider_corporate_number', 13),
          text('model', 20, false),
          text('contract_form', 20, false),
          text('department', 100, false),
          long('purpose', false),
          { name: 'confidentiality_class', type: 'integer' },
          { name: 'personal_info', type: 'boolean' },
          { name: 'specific_personal_info', type: 'boolean' },
          text('data_location', 200),
          text('governing_law', 100),
          text('court', 200),
          text('terms_url', 500),
          text('terms_version', 200),
          date('terms_checked_on'),
          long('terms_checklist', false),
          text('ismap_kind', 20),
          text('ismap_number', 50),
          long('ismap_scope'),
          date('ismap_valid_until'),
          date('ismap_checked_on'),
          text('ismap_source_url', 500),
          { name: 'ismap_renewal_pending', type: 'boolean' },
          long('alternative_evaluation'),
          long('other_certifications'),
          long('fallback_and_backup'),
          ref('manager_user_id', true),
          { name: 'review_interval_months', type: 'integer' },
          long('conditions'),
          long('decision_reason'),
          text('status', 20, false),
          ref('created_by'),
          ref('applied_by', true),
          at('applied_at'),
          ref('decided_by', true),
          at('decided_at'),
          ref('reviewed_by', true),
          at('reviewed_at'),
          long('review_note'),
          date('next_review_on'),
          date('ended_on'),
          ref('ended_by', true),
          ref('erasure_confirmed_by', true),
          at('erasure_confirmed_at'),
          long('erasure_note'),
          { name: 'version', type: 'integer', default: 1 },
          at('created_at', false),
          at('updated_at', false),
        ],
        foreignKeys: [fk('fk_external_service_manager', 'manager_user_id', 'user')],
        indices: [
          new TableIndex({ name: 'idx_external_service_status', columnNames: ['status', 'created_at'] }),
          new TableIndex({ name: 'idx_external_service_created', columnNames: ['created_at', 'id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'contract_external_service',
        columns: [
          { ...ref('id'), isPrimary: true },
          ref('contract_id'),
          ref('external_service_id'),
          { name: 'position', type: 'integer' },
        ],
        foreignKeys: [
          fk('fk_contract_external_service_contract', 'contract_id', 'contract'),
          fk('fk_contract_external_service_service', 'external_service_id', 'external_service'),
        ],
        indices: [
          new TableIndex({
            name: 'uq_contract_external_service',
            columnNames: ['contract_id', 'external_service_id'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'idx_contract_external_service_service',
            columnNames: ['external_service_id'],
          }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('contract_external_service');
    await q.dropTable('external_service');
  }
}

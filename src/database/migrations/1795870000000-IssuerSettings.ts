import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import type { TableColumnOptions } from 'typeorm/schema-builder/options/TableColumnOptions';

// The body as its documents name it (issue 12): one row, edited by the ADMIN. Until it is first saved the
// defaults come from the environment, so an upgrade needs no data here.
const text = (name: string, length: number): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
});

export class IssuerSettings1795870000000 implements MigrationInterface {
  name = 'IssuerSettings1795870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'issuer_settings',
        columns: [
          { name: 'id', type: 'varchar', length: '20', isPrimary: true },
          text('org_name', 100),
          text('org_address', 200),
          text('representative_title', 50),
          text('representative_name', 100),
          { name: 'signers', type: 'text' },
          { name: 'seal_omitted', type: 'boolean' },
          text('document_number_pattern', 50),
          text('contact_section', 100),
          text('contact_person', 100),
          text('contact_phone', 30),
          text('contact_email', 254),
          { name: 'version', type: 'integer', default: 1 },
          { name: 'updated_at', type: 'datetime', precision: 3 },
          { name: 'updated_by', type: 'varchar', length: '36', isNullable: true },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('issuer_settings');
  }
}

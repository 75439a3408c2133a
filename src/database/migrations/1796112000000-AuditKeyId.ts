import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

// The audit chain's key id (issue 20): several instances share one database, and an instance started with another
// HMAC key would write rows the others report as broken. The first start records the key's id; a start with a
// different key is refused (src/modules/audit/audit-key.ts).
export class AuditKeyId1796112000000 implements MigrationInterface {
  name = 'AuditKeyId1796112000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'audit_chain_head',
      new TableColumn({ name: 'key_id', type: 'varchar', length: '64', isNullable: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('audit_chain_head', 'key_id');
  }
}

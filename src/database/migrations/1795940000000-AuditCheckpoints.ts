import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

// Signed checkpoints of the audit chain (issue 13, item 4): deleting the newest rows and rewinding the chain head
// passed the verification. The exported files and mails are what anchors the chain; this table lets the app know
// the last checkpoint and make one scheduled checkpoint a day across instances.
export class AuditCheckpoints1795940000000 implements MigrationInterface {
  name = 'AuditCheckpoints1795940000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'audit_checkpoint',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'seq', type: 'bigint' },
          { name: 'hash', type: 'varchar', length: '64' },
          { name: 'at', type: 'datetime', precision: 3 },
          { name: 'key_id', type: 'varchar', length: '64' },
          { name: 'signature', type: 'varchar', length: '100' },
          { name: 'kind', type: 'varchar', length: '20' },
          { name: 'scheduled_for', type: 'date', isNullable: true },
          { name: 'created_by', type: 'varchar', length: '36', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'uq_audit_checkpoint_seq', columnNames: ['seq'], isUnique: true }),
          new TableIndex({ name: 'uq_audit_checkpoint_day', columnNames: ['scheduled_for'], isUnique: true }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('audit_checkpoint');
  }
}

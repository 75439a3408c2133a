import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

// The checkpoint signing key's id, beside the chain key's (issue 20): two instances with different signing keys
// would sign checkpoints alternately, and each would refuse the other's as the last checkpoint. The first start
// records the id; a start with another key is refused (src/modules/audit/audit-key.ts), and a replacement is
// recorded by `npm run audit:checkpoint-key`.
export class AuditCheckpointKeyId1796130000000 implements MigrationInterface {
  name = 'AuditCheckpointKeyId1796130000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'audit_chain_head',
      new TableColumn({ name: 'checkpoint_key_id', type: 'varchar', length: '64', isNullable: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('audit_chain_head', 'checkpoint_key_id');
  }
}

import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

// Social-media accounts (issue 18, 情報セキュリティポリシー 第6条第6号ウ): the account register with its 責任者
// and 発信担当, the posts drafted and approved under it, and the impersonation / takeover incidents.
export class SnsAccounts1796010000000 implements MigrationInterface {
  name = 'SnsAccounts1796010000000';

  async up(q: QueryRunner): Promise<void> {
    const ref = (name: string, nullable = false) => ({
      name,
      type: 'varchar',
      length: '36',
      isNullable: nullable,
    });
    const text = (name: string, nullable = false) => ({ name, type: 'text', isNullable: nullable });
    const str = (name: string, length: number, nullable = false) => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
    });
    const at = (name: string, nullable = false) => ({
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
        name: 'sns_account',
        columns: [
          { ...ref('id'), isPrimary: true },
          str('platform', 20),
          str('handle', 100),
          str('url', 500),
          str('display_name', 100),
          str('operator_name', 100),
          text('purpose'),
          str('audience', 200),
          text('allowed_categories'),
          text('forbidden_categories'),
          ref('manager_id', true),
          text('poster_ids'),
          text('fast_path_approver_ids'),
          str('credential_custodian', 100, true),
          text('login_devices'),
          { name: 'two_factor_enabled', type: 'boolean' },
          str('two_factor_method', 30, true),
          { name: 'verified', type: 'boolean' },
          text('unverified_reason', true),
          str('website_listing_url', 500, true),
          text('profile_text', true),
          ref('external_service_id', true),
          str('status', 20),
          text('status_reason', true),
          at('activated_at', true),
          ref('created_by'),
          { name: 'version', type: 'integer', default: 1 },
          at('created_at'),
          at('updated_at'),
        ],
        foreignKeys: [
          fk('fk_sns_account_manager', 'manager_id', 'user'),
          fk('fk_sns_account_external_service', 'external_service_id', 'external_service'),
        ],
        indices: [
          new TableIndex({ name: 'idx_sns_account_status', columnNames: ['status', 'created_at'] }),
          new TableIndex({ name: 'idx_sns_account_created', columnNames: ['created_at', 'id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'sns_post',
        columns: [
          { ...ref('id'), isPrimary: true },
          ref('account_id'),
          text('text'),
          at('planned_at', true),
          { name: 'information_class', type: 'integer' },
          str('status', 20),
          ref('drafted_by'),
          ref('decided_by', true),
          at('decided_at', true),
          str('approval_kind', 20, true),
          text('decision_comment', true),
          str('published_url', 500, true),
          at('published_at', true),
          text('change_reason', true),
          at('changed_at', true),
          { name: 'version', type: 'integer', default: 1 },
          at('created_at'),
          at('updated_at'),
        ],
        foreignKeys: [fk('fk_sns_post_account', 'account_id', 'sns_account')],
        indices: [
          new TableIndex({ name: 'idx_sns_post_account', columnNames: ['account_id', 'created_at'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'sns_incident',
        columns: [
          { ...ref('id'), isPrimary: true },
          ref('account_id'),
          str('kind', 20),
          at('detected_at'),
          text('summary'),
          str('impostor_url', 500, true),
          { name: 'reported_to_platform_on', type: 'date', isNullable: true },
          text('residents_warned_where', true),
          { name: 'credentials_reset', type: 'boolean' },
          { name: 'sessions_revoked', type: 'boolean' },
          { name: 'posts_checked', type: 'boolean' },
          text('timeline'),
          ref('reported_by'),
          at('created_at'),
        ],
        foreignKeys: [fk('fk_sns_incident_account', 'account_id', 'sns_account')],
        indices: [
          new TableIndex({ name: 'idx_sns_incident_account', columnNames: ['account_id', 'created_at'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('sns_incident');
    await q.dropTable('sns_post');
    await q.dropTable('sns_account');
  }
}

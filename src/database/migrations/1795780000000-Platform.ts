import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import type { TableColumnOptions } from 'typeorm/schema-builder/options/TableColumnOptions';

// Written with the QueryRunner table API so that the same file runs on SQLite and MySQL/MariaDB.
// A committed migration is never edited: add a new one instead.
const id = (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '36', isPrimary: true });
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
const ts = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'datetime',
  precision: 3,
  isNullable: nullable,
});
const date = (name: string): TableColumnOptions => ({ name, type: 'date' });
const int = (name: string, dflt?: number): TableColumnOptions => ({ name, type: 'integer', default: dflt });

export class Platform1795780000000 implements MigrationInterface {
  name = 'Platform1795780000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'contractor',
        columns: [
          id(),
          text('corporate_number', 13, true),
          text('name', 200),
          text('name_kana', 200, true),
          text('address', 300),
          text('representative_name', 100),
          text('security_officer_name', 100),
          text('security_officer_email', 254),
          text('security_officer_phone', 30),
          text('status', 20),
          { name: 'notes', type: 'text', isNullable: true },
          int('version', 1),
          ts('created_at'),
          ts('updated_at'),
        ],
        indices: [
          new TableIndex({
            name: 'uq_contractor_corporate_number',
            columnNames: ['corporate_number'],
            isUnique: true,
          }),
          new TableIndex({ name: 'idx_contractor_created', columnNames: ['created_at', 'id'] }),
          new TableIndex({ name: 'idx_contractor_status', columnNames: ['status'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'certification',
        columns: [
          id(),
          ref('contractor_id'),
          text('type', 20),
          text('registration_number', 100),
          text('issuer', 200),
          date('valid_from'),
          date('valid_until'),
          ts('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'idx_certification_contractor', columnNames: ['contractor_id'] }),
          new TableIndex({ name: 'idx_certification_valid_until', columnNames: ['valid_until'] }),
        ],
        foreignKeys: [fk('fk_certification_contractor', 'contractor_id', 'contractor')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'user',
        columns: [
          id(),
          text('email', 254),
          text('display_name', 100),
          text('password_hash', 200),
          text('role', 20),
          ref('contractor_id', true),
          { name: 'active', type: 'boolean', default: 1 },
          int('failed_logins', 0),
          ts('locked_until', true),
          ts('last_login_at', true),
          int('version', 1),
          ts('created_at'),
          ts('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_user_email', columnNames: ['email'], isUnique: true }),
          new TableIndex({ name: 'idx_user_contractor', columnNames: ['contractor_id'] }),
        ],
        foreignKeys: [fk('fk_user_contractor', 'contractor_id', 'contractor')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'session',
        columns: [
          id(),
          text('token_hash', 64),
          ref('user_id'),
          ts('created_at'),
          ts('last_seen_at'),
          ts('expires_at'),
          ts('revoked_at', true),
          text('ip', 64, true),
        ],
        indices: [
          new TableIndex({ name: 'uq_session_token_hash', columnNames: ['token_hash'], isUnique: true }),
          new TableIndex({ name: 'idx_session_user', columnNames: ['user_id'] }),
        ],
        foreignKeys: [fk('fk_session_user', 'user_id', 'user')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'login_throttle',
        columns: [
          { name: 'key', type: 'varchar', length: '300', isPrimary: true },
          int('failures', 0),
          ts('window_start'),
          ts('blocked_until', true),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'audit_event',
        columns: [
          { name: 'seq', type: 'bigint', isPrimary: true },
          ts('at'),
          text('actor_id', 36, true),
          text('actor_role', 20, true),
          text('action', 60),
          text('entity_type', 40),
          text('entity_id', 36, true),
          { name: 'summary', type: 'text' },
          text('request_id', 64, true),
          text('ip', 64, true),
          text('prev_hash', 64),
          text('hash', 64),
        ],
        indices: [
          new TableIndex({ name: 'idx_audit_entity', columnNames: ['entity_type', 'entity_id'] }),
          new TableIndex({ name: 'idx_audit_actor', columnNames: ['actor_id'] }),
          new TableIndex({ name: 'idx_audit_at', columnNames: ['at'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'audit_chain_head',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'last_seq', type: 'bigint' },
          text('last_hash', 64),
        ],
      }),
    );
    await q.query(
      `INSERT INTO audit_chain_head (id, last_seq, last_hash) VALUES (1, 0, '${'0'.repeat(64)}')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'audit_chain_head',
      'audit_event',
      'login_throttle',
      'session',
      'user',
      'certification',
      'contractor',
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

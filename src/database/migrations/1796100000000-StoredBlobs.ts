import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

// Stored files in the database (issue 20, item 1: STORAGE=database), so that several app instances sharing no
// disk serve the same documents and evidence. Pieces of at most 512 KiB: MEDIUMBLOB on MySQL/MariaDB (a BLOB
// holds 64 KiB), BLOB on SQLite. Every table has a primary key (Galera replicates no table without one).
export class StoredBlobs1796100000000 implements MigrationInterface {
  name = 'StoredBlobs1796100000000';

  async up(q: QueryRunner): Promise<void> {
    const sqlite = q.connection.options.type === 'better-sqlite3';
    const at = { name: 'created_at', type: 'datetime', precision: 3 };
    await q.createTable(
      new Table({
        name: 'stored_blob',
        columns: [
          { name: 'store', type: 'varchar', length: '20', isPrimary: true },
          { name: 'sha256', type: 'varchar', length: '64', isPrimary: true },
          { name: 'blob_id', type: 'varchar', length: '36', isUnique: true },
          { name: 'size', type: 'bigint' },
          { name: 'chunk_count', type: 'integer' },
          at,
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'stored_blob_chunk',
        columns: [
          { name: 'blob_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'seq', type: 'integer', isPrimary: true },
          { name: 'data', type: sqlite ? 'blob' : 'mediumblob' },
          at,
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('stored_blob_chunk');
    await q.dropTable('stored_blob');
  }
}
